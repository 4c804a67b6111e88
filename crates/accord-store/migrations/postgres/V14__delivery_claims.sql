-- A delivery is claimed before its message goes to the relay (confirmed = 0) and confirmed
-- once the relay has taken it (confirmed = 1). A claim left unconfirmed by a process that
-- stopped mid-send counts as served: the message may have gone out, and no reminder is sent
-- twice. Rows written before this migration were recorded after sending: confirmed.
ALTER TABLE outbox_deliveries ADD COLUMN confirmed INTEGER NOT NULL DEFAULT 1;
