#!/usr/bin/env python3
"""Class cases on a real export against its gold hot issues.

How soon `hotline evaluate` (detection run day by day over the export, each
day seeing only the letters up to it) raises the hot issues of
tests/gold/hot_issues.tsv as class cases. A gold issue's *burst* is its
densest 28 days (the first of its letters in the 28-day window holding most
of them); it counts when it has at least 5 letters there. It is *raised in
time* when a class-case alert first raised no later than 14 days after the
burst began holds at least half of the burst's letters. Issues with an odd
number are the tuning half, even ones held out (as in tests/it/gold.rs).

    hotline ingest EXPORT --store S
    hotline evaluate --store S --from FIRST --to LAST --out scores.json
    scripts/class_cases_on_gold.py --hotline hotline --store S \
        --scores scores.json --source fuzhou
"""

import argparse
import csv
import datetime as dt
import io
import json
import os
import subprocess
import sys

BURST_DAYS = 28
IN_TIME_DAYS = 14
MIN_BURST = 5


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--hotline", default="hotline")
    ap.add_argument("--store", required=True)
    ap.add_argument("--scores", required=True, help="JSON of hotline evaluate --out")
    ap.add_argument("--source", required=True, help="fuzhou, shangluo or a_city")
    ap.add_argument(
        "--gold",
        default=os.path.join(os.path.dirname(__file__), "..", "tests", "gold", "hot_issues.tsv"),
    )
    a = ap.parse_args()
    out = subprocess.run(
        [a.hotline, "query", "--store", a.store, "--format", "csv",
         "SELECT ticket_id, CAST(received_at AS DATE) AS day FROM tickets"],
        check=True, capture_output=True, text=True,
    ).stdout
    day = {r["ticket_id"]: dt.date.fromisoformat(r["day"]) for r in csv.DictReader(io.StringIO(out))}
    scores = json.load(open(a.scores, encoding="utf-8"))
    start, end = dt.date.fromisoformat(scores["from"]), dt.date.fromisoformat(scores["to"])
    cases = [x for x in scores["alerts"] if x["kind"] == "class_case"]
    for c in cases:
        c["first_day"] = dt.date.fromisoformat(c["first_day"])
        c["ids"] = set(c["ticket_ids"])
    totals = {}
    gold_ids = []
    with open(a.gold, encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            if row["source"] != a.source:
                continue
            ids = [i for i in row["ids"].split(",") if i in day]
            gold_ids.append(set(ids))
            days = sorted((day[i], i) for i in ids)
            best = max(
                ([x for x in days if d0 <= x[0] < d0 + dt.timedelta(BURST_DAYS)] for d0, _ in days),
                key=len, default=[],
            )
            if len(best) < MIN_BURST or not (start <= best[0][0] <= end):
                continue
            burst_start = best[0][0]
            burst = {i for _, i in best}
            part = "tune" if int(row["issue"].rsplit("-", 1)[1]) % 2 else "test"
            t = totals.setdefault(part, [0, 0, []])
            t[1] += 1
            hits = [
                c for c in cases
                if c["first_day"] <= burst_start + dt.timedelta(IN_TIME_DAYS)
                and 2 * len(burst & c["ids"]) >= len(burst)
            ]
            if hits:
                t[0] += 1
                t[2].append((hits[0]["first_day"] - burst_start).days)
            if part == "tune" or os.environ.get("SHOW_TEST"):
                got = f"raised {hits[0]['first_day']} ({(hits[0]['first_day'] - burst_start).days:+d} d): {hits[0]['title']}" if hits else "not in time"
                print(f"{row['issue']}: burst {burst_start}, {len(burst)} letters; {got}")
    matched = sum(
        1 for c in cases
        if any(2 * len(c["ids"] & g) >= len(c["ids"]) for g in gold_ids)
    )
    for part, (found, n, delays) in sorted(totals.items()):
        delays.sort()
        med = delays[len(delays) // 2] if delays else None
        print(f"{a.source} {part}: {found}/{n} bursts raised within {IN_TIME_DAYS} days, "
              f"median {med} days after the burst began")
    print(f"{a.source}: {len(cases)} class-case alerts, {matched} mostly one gold issue's letters")


if __name__ == "__main__":
    sys.exit(main())
