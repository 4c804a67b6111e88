// An SMTP sink on 127.0.0.1 that accepts every message and keeps it, so a test can read what
// Accord mailed (a sign-in link, an invitation, a reminder and its unsubscribe headers).
// startServer() starts one per server and passes it as --smtp-url: `server.mail`.
//
//   const msg = await server.mail.waitFor({ to: 'maya.patel@accord.example', subject: /sign-in/ });
//   const [link] = urlsIn(msg.text);

import net from 'node:net';

/** Every http(s) URL in a text, in order. */
export function urlsIn(text) {
  return [...text.matchAll(/https?:\/\/[^\s<>"')]+/g)].map((m) => m[0]);
}

function decodeWords(value) {
  // RFC 2047 encoded words, as lettre writes a non-ASCII subject.
  return value.replace(/=\?([^?]+)\?([bBqQ])\?([^?]*)\?=/g, (_, charset, enc, data) => {
    const bytes =
      enc.toUpperCase() === 'B'
        ? Buffer.from(data, 'base64')
        : Buffer.from(
            data.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_m, h) => String.fromCharCode(parseInt(h, 16))),
            'latin1',
          );
    return new TextDecoder(charset).decode(bytes);
  });
}

function decodeQuotedPrintable(body) {
  const bytes = Buffer.from(
    body.replace(/=\r?\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (_m, h) => String.fromCharCode(parseInt(h, 16))),
    'latin1',
  );
  return bytes.toString('utf8');
}

/** A received message: { from, to: [..], headers: {lower-case name: value}, subject, text, raw }. */
export function parseMessage(raw, envelope = { from: '', to: [] }) {
  const split = raw.search(/\r?\n\r?\n/);
  const head = split < 0 ? raw : raw.slice(0, split);
  let body = split < 0 ? '' : raw.slice(split).replace(/^\r?\n\r?\n/, '');
  const headers = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = decodeWords(line.slice(i + 1).trim());
  }
  const encoding = (headers['content-transfer-encoding'] || '').toLowerCase();
  if (encoding === 'quoted-printable') body = decodeQuotedPrintable(body);
  else if (encoding === 'base64') body = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  return {
    from: envelope.from,
    to: envelope.to,
    headers,
    subject: headers.subject || '',
    text: body.replace(/\r\n/g, '\n'),
    raw,
  };
}

/** Starts the sink; resolves to { url, messages, waitFor(match, timeoutMs), close() }. */
export async function startMailSink() {
  const messages = [];
  const waiters = new Set();
  const sockets = new Set();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    socket.setEncoding('latin1');
    const reply = (line) => socket.write(`${line}\r\n`);
    let buffer = '';
    let data = null; // the message's lines while in DATA
    let envelope = { from: '', to: [] };
    reply('220 web-tests.accord.example ESMTP sink');
    socket.on('data', (chunk) => {
      buffer += chunk;
      let nl;
      while ((nl = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 2);
        if (data) {
          if (line === '.') {
            const raw = Buffer.from(data.join('\r\n'), 'latin1').toString('utf8');
            const message = parseMessage(raw, envelope);
            messages.push(message);
            for (const w of waiters) w();
            data = null;
            envelope = { from: '', to: [] };
            reply('250 2.0.0 kept');
          } else {
            data.push(line.startsWith('..') ? line.slice(1) : line);
          }
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO') reply('250-web-tests.accord.example\r\n250-8BITMIME\r\n250 SMTPUTF8');
        else if (verb === 'HELO') reply('250 web-tests.accord.example');
        else if (verb === 'MAIL') {
          envelope.from = /<([^>]*)>/.exec(line)?.[1] ?? '';
          reply('250 2.1.0 ok');
        } else if (verb === 'RCPT') {
          envelope.to.push(/<([^>]*)>/.exec(line)?.[1] ?? '');
          reply('250 2.1.5 ok');
        } else if (verb === 'DATA') {
          data = [];
          reply('354 end with <CRLF>.<CRLF>');
        } else if (verb === 'RSET') {
          envelope = { from: '', to: [] };
          reply('250 2.0.0 ok');
        } else if (verb === 'NOOP') reply('250 2.0.0 ok');
        else if (verb === 'QUIT') {
          reply('221 2.0.0 bye');
          socket.end();
        } else reply('502 5.5.2 not implemented');
      }
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();

  const matches = (m, want) => {
    if (typeof want === 'function') return want(m);
    const test = (pattern, value) =>
      pattern === undefined || (pattern instanceof RegExp ? pattern.test(value) : value === pattern);
    return (
      (want.to === undefined || m.to.some((t) => test(want.to, t))) &&
      test(want.subject, m.subject) &&
      (want.text === undefined || (want.text instanceof RegExp ? want.text.test(m.text) : m.text.includes(want.text)))
    );
  };

  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    /**
     * The first message (already received or still to come) that matches: a function, or
     * { to, subject, text } (strings match exactly, `text` as a substring; or RegExps).
     */
    waitFor(want = () => true, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = messages.find((m) => matches(m, want));
          if (found) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(found);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          const seen = messages.map((m) => `  to ${m.to.join(', ')}: ${m.subject}`).join('\n') || '  none';
          reject(new Error(`no mail matching ${String(want.subject ?? '')} to ${String(want.to ?? 'anyone')} within ${timeoutMs} ms; received:\n${seen}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
