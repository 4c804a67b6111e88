#!/usr/bin/env python3
"""Cross-checks Accord's holiday calendars against the PyPI `holidays` package.

Reads on stdin the JSON that `accord_core::clock::holidays_json` produces:

    {"calendar": "us-federal" | "england-wales", "from": 2000, "to": 2040,
     "holidays": [{"date": "YYYY-MM-DD", "name": "..."}]}

and compares its set of dates with `holidays.US(years=...)` (federal holidays, observed days
included) or `holidays.UK(subdiv="ENG", years=...)`. Names are not compared: the two spell
them differently. Prints every differing date and exits 1 if any is not in the allow-list
below; exits 0 otherwise.

`cargo xtask test` runs it for both calendars, 2000-2040, with the version of holidays pinned
in xtask/ensure-venv.sh (which installs it into target/venv). By hand:

    bash xtask/ensure-venv.sh
    accord deadline holidays --calendar us-federal --from 2000 --to 2040 --json \
      | target/venv/bin/python xtask/check_holidays.py
"""

import datetime
import json
import sys

import holidays

# Dates Accord lists and `holidays.US()` does not: days the President closed the executive
# departments by executive order, which FRCP 6(a)(6)(B) makes legal holidays ("any day
# declared a holiday by the President"). The package keeps them in its separate
# "government" category (checked below), not in the default public holidays.
US_EXECUTIVE_CLOSURES = {
    "2001-12-24",  # Christmas Eve
    "2003-12-26",  # day after Christmas
    "2004-06-11",  # national day of mourning, President Reagan
    "2007-01-02",  # national day of mourning, President Ford
    "2007-12-24",  # Christmas Eve
    "2008-12-26",  # day after Christmas
    "2012-12-24",  # Christmas Eve
    "2014-12-26",  # day after Christmas
    "2018-12-05",  # national day of mourning, President G. H. W. Bush
    "2018-12-24",  # Christmas Eve
    "2019-12-24",  # Christmas Eve
    "2020-12-24",  # Christmas Eve
    "2024-12-24",  # Christmas Eve
    "2025-01-09",  # national day of mourning, President Carter
    "2025-12-24",  # Christmas Eve
    "2025-12-26",  # day after Christmas
}

# Known, justified differences: calendar -> (dates only Accord lists, dates only the package
# lists). England & Wales has none.
ALLOWED = {
    "us-federal": (US_EXECUTIVE_CLOSURES, set()),
    "england-wales": (set(), set()),
}


def reference(calendar, years):
    if calendar == "us-federal":
        return holidays.US(years=years)
    if calendar == "england-wales":
        return holidays.UK(subdiv="ENG", years=years)
    sys.exit(f"unknown calendar {calendar!r}: expected us-federal or england-wales")


def main():
    data = json.load(sys.stdin)
    calendar, first, last = data["calendar"], data["from"], data["to"]
    years = range(first, last + 1)
    ours = {h["date"]: h["name"] for h in data["holidays"]}
    theirs = {d.isoformat(): name for d, name in reference(calendar, years).items()}
    # The package puts New Year's Day observed on 31 December into the year it falls, as
    # Accord does; keep both sides to the requested years all the same.
    theirs = {d: n for d, n in theirs.items() if first <= int(d[:4]) <= last}

    only_ours_allowed, only_theirs_allowed = ALLOWED[calendar]
    only_ours = set(ours) - set(theirs)
    only_theirs = set(theirs) - set(ours)
    failed = False
    for day in sorted(only_ours):
        allowed = day in only_ours_allowed
        failed |= not allowed
        note = "allowed" if allowed else "DIFFERENT"
        print(f"{note}: {day} only in Accord ({ours[day]})")
    for day in sorted(only_theirs):
        allowed = day in only_theirs_allowed
        failed |= not allowed
        note = "allowed" if allowed else "DIFFERENT"
        print(f"{note}: {day} only in holidays {holidays.__version__} ({theirs[day]})")

    # An allowed difference must still be backed by the package's government calendar, so
    # the allow-list cannot hide a typo.
    if calendar == "us-federal":
        government = holidays.US(years=years, categories=("government",))
        for day in sorted(only_ours & only_ours_allowed):
            if datetime.date.fromisoformat(day) not in government:
                failed = True
                print(f"DIFFERENT: {day} is allowed but not a government closure in the package")

    print(
        f"{calendar} {first}-{last}: {len(ours)} dates in Accord, {len(theirs)} in holidays "
        f"{holidays.__version__}, {len(only_ours) + len(only_theirs)} different: "
        + ("FAILED" if failed else "ok")
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
