#!/usr/bin/env python3
"""Checks an Accord calendar (iCalendar, RFC 5545) with an independent parser: PyPI `icalendar`.

Reads the .ics on stdin and, from the JSON file named by the first argument, what it must hold:

    {"name": "Accord: Maya Patel",            # optional: X-WR-CALNAME
     "events": [                              # each must be there, once
        {"uid": "session-…@accord", "start": "2026-12-01T10:00:00Z",   # a UTC instant
         "status": "CONFIRMED"},                                       # optional
        {"uid": "deadline-…@accord", "start": "2027-03-03",            # an all-day date
         "sequence": 1, "summary_contains": "Final hearing"}],         # optional
     "absent": ["text that must appear nowhere"],                      # optional
     "only": false}                           # optional: true = no other events

Fails (exit 1, every problem printed) on a calendar the parser rejects, an event without a UID
or DTSTAMP, a UID that appears twice, an expected event missing or different, or absent text
present. `cargo xtask test` runs it on a demo mediator's feed with the version of icalendar
pinned in xtask/ensure-venv.sh (which installs it into target/venv). By hand:

    curl -s "$FEED_URL" | target/venv/bin/python xtask/check_ics.py expected.json
"""

import datetime
import json
import sys

import icalendar


def start_of(event):
    """`YYYY-MM-DD` for an all-day event, `YYYY-MM-DDTHH:MM:SSZ` for an instant (in UTC)."""
    value = event.get("DTSTART")
    if value is None:
        return None
    start = value.dt
    if isinstance(start, datetime.datetime):
        if start.tzinfo is None:
            return "floating " + start.isoformat()
        return start.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return start.isoformat()


def normalised(start):
    """An expected instant (RFC 3339, any offset or precision) in the form `start_of` gives."""
    if "T" not in start:
        return start
    instant = datetime.datetime.fromisoformat(start.replace("Z", "+00:00"))
    return instant.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def check(text, expected):
    problems = []
    try:
        calendar = icalendar.Calendar.from_ical(text)
    except ValueError as e:
        return [f"the calendar does not parse: {e}"], 0
    name = expected.get("name")
    if name is not None and str(calendar.get("X-WR-CALNAME")) != name:
        problems.append(f"X-WR-CALNAME is {calendar.get('X-WR-CALNAME')!r}, not {name!r}")
    events = {}
    for event in calendar.walk("VEVENT"):
        uid = event.get("UID")
        if uid is None:
            problems.append(f"an event without a UID: {event.get('SUMMARY')!r}")
            continue
        uid = str(uid)
        if event.get("DTSTAMP") is None:
            problems.append(f"{uid}: no DTSTAMP")
        if uid in events:
            problems.append(f"{uid}: twice")
        events[uid] = event
    for want in expected.get("events", []):
        uid = want["uid"]
        event = events.get(uid)
        if event is None:
            problems.append(f"{uid}: missing")
            continue
        start = start_of(event)
        if start != normalised(want["start"]):
            problems.append(f"{uid}: starts {start}, expected {want['start']}")
        if "sequence" in want and int(event.get("SEQUENCE", 0)) != want["sequence"]:
            problems.append(
                f"{uid}: SEQUENCE {event.get('SEQUENCE')}, expected {want['sequence']}"
            )
        if "status" in want and str(event.get("STATUS")) != want["status"]:
            problems.append(f"{uid}: STATUS {event.get('STATUS')}, expected {want['status']}")
        summary = str(event.get("SUMMARY", ""))
        if want.get("summary_contains", "") not in summary:
            problems.append(f"{uid}: summary {summary!r} lacks {want['summary_contains']!r}")
    if expected.get("only"):
        extra = sorted(set(events) - {w["uid"] for w in expected.get("events", [])})
        problems.extend(f"{uid}: not expected" for uid in extra)
    # Searched in the parsed, unescaped values, so folding or escaping cannot hide a leak.
    values = [
        str(v)
        for component in calendar.walk()
        for v in component.values()
        if not isinstance(v, list)
    ]
    for text_absent in expected.get("absent", []):
        if any(text_absent in v for v in values):
            problems.append(f"{text_absent!r} is in the calendar")
    return problems, len(events)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: check_ics.py EXPECTED.json < calendar.ics")
    with open(sys.argv[1], encoding="utf-8") as f:
        expected = json.load(f)
    problems, count = check(sys.stdin.buffer.read(), expected)
    for p in problems:
        print(f"check_ics: {p}", file=sys.stderr)
    if problems:
        sys.exit(1)
    print(
        f"check_ics: {count} events parsed by icalendar {icalendar.__version__}; "
        f"{len(expected.get('events', []))} expected events match"
    )


if __name__ == "__main__":
    main()
