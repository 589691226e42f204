#!/usr/bin/env python3
"""Checks sitrep against one small article per ACLED sub-event type.

Runs `sitrep extract` on every tests/golden/taxonomy/NAME.article.jsonl and compares the
events with NAME.gold.jsonl (one gold event per article). A case is OK when sitrep reports
an event of the expected event type and sub-event type; the table also lists the other
sub-types sitrep found and which other fields of the best event differ from gold (for
information only: they do not make a case fail).

Usage:
  scripts/check_taxonomy.py [--sitrep PATH] [--data-dir DIR] [--dir DIR] [--report]

Exit status: 0 when every case is OK (always 0 with --report), 1 when some case FAILs,
2 when sitrep cannot be run.
"""

import argparse
import glob
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIELDS = ("event_date", "actor1", "actor2", "location", "admin1", "country", "geo_precision",
          "fatalities", "injuries")


def find_sitrep():
    if os.environ.get("SITREP"):
        return os.environ["SITREP"]
    candidates = glob.glob(os.path.join(ROOT, "build*", "sitrep"))
    candidates = [c for c in candidates if os.access(c, os.X_OK)]
    if not candidates:
        return None
    return max(candidates, key=os.path.getmtime)  # the most recently built one


def run_sitrep(sitrep, data_dir, article):
    proc = subprocess.run([sitrep, "extract", article, "-q", "--data-dir", data_dir],
                          capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"{sitrep} exited {proc.returncode}: {proc.stderr.strip()}")
    return [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]


def field_equal(field, gold, pred):
    g, p = gold.get(field), pred.get(field)
    if field in ("actor1", "actor2", "location", "admin1", "country"):
        g, p = (g or "").casefold(), (p or "").casefold()
        # "Civilians" vs "Civilians (Syria)": one names the other.
        return g == p or bool(g and p and (g in p or p in g))
    return g == p


def differing_fields(gold, pred):
    return [f for f in FIELDS if not field_equal(f, gold, pred)]


def best_event(gold, events):
    """The predicted event that agrees with the gold one on the most fields."""
    def score(ev):
        return ((ev.get("sub_event_type") == gold["sub_event_type"]) * 100 +
                (ev.get("event_type") == gold["event_type"]) * 10 +
                len(FIELDS) - len(differing_fields(gold, ev)))
    return max(events, key=score) if events else None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sitrep", default=None, help="sitrep binary (default: $SITREP or the "
                    "newest build*/sitrep of the repo)")
    ap.add_argument("--data-dir", default=os.path.join(ROOT, "data"))
    ap.add_argument("--dir", default=os.path.join(ROOT, "tests", "golden", "taxonomy"))
    ap.add_argument("--report", action="store_true", help="always exit 0")
    args = ap.parse_args()

    sitrep = args.sitrep or find_sitrep()
    if not sitrep or not os.access(sitrep, os.X_OK):
        print("check_taxonomy: no sitrep binary; build one or pass --sitrep", file=sys.stderr)
        return 2

    rows = []
    for article in sorted(glob.glob(os.path.join(args.dir, "*.article.jsonl"))):
        name = os.path.basename(article)[: -len(".article.jsonl")]
        gold_path = os.path.join(args.dir, name + ".gold.jsonl")
        with open(gold_path, encoding="utf-8") as f:
            gold = json.loads(f.readline())["events"][0]
        try:
            events = run_sitrep(sitrep, args.data_dir, article)
        except (RuntimeError, OSError, json.JSONDecodeError) as e:
            print(f"check_taxonomy: {name}: {e}", file=sys.stderr)
            return 2
        ev = best_event(gold, events)
        got = ev["sub_event_type"] if ev else "(no event)"
        ok = bool(ev) and ev.get("sub_event_type") == gold["sub_event_type"] and \
            ev.get("event_type") == gold["event_type"]
        others = sorted({e["sub_event_type"] for e in events if e is not ev} -
                        {gold["sub_event_type"]})
        ok = ok and not others
        diff = differing_fields(gold, ev) if ev else []
        rows.append((gold["sub_event_type"], got, "OK" if ok else "FAIL",
                     ", ".join(others), ", ".join(diff)))

    header = ("expected", "got", "result", "other events", "other fields differing")
    widths = [max(len(r[i]) for r in rows + [header]) for i in range(len(header))]
    line = lambda r: "  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip()
    print(line(header))
    print(line(tuple("-" * w for w in widths)))
    for r in rows:
        print(line(r))
    passed = sum(r[2] == "OK" for r in rows)
    print(f"\ntotal: {passed}/{len(rows)} OK, {len(rows) - passed} FAIL")
    return 0 if args.report or passed == len(rows) else 1


if __name__ == "__main__":
    sys.exit(main())
