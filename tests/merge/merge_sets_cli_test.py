#!/usr/bin/env python3
"""The merge test sets (tests/merge/sets/) through the command line: `sitrep extract --db`
stores each set's articles, in several orders, and `sitrep events --db` must print the events
of expected.json, the same events whatever the order (merge_sets_test.cc runs the same sets
through MergeReports and the Store API)."""
import itertools
import json
import os
import subprocess
import sys
import tempfile
import unittest

BIN = os.environ.get("SITREP_BIN", "build/sitrep")
DATA = os.environ.get("SITREP_DATA_DIR", "data")
SETS = os.path.join(os.environ.get("SITREP_SOURCE_DIR", "."), "tests", "merge", "sets")

STRINGS = ("event_type", "sub_event_type", "event_date", "date_precision", "country", "admin1",
           "location", "actor1", "actor2")
FIGURES = ("fatalities", "fatalities_low", "fatalities_high", "injuries")


def claim_set(claims):
    return sorted(json.dumps({"source": c["source"], "claim": c.get("claim", "report"),
                              "fatalities": c.get("fatalities"), "injuries": c.get("injuries")},
                             sort_keys=True) for c in claims)


def stored_events(tmp, lines, tag):
    articles = os.path.join(tmp, tag + ".jsonl")
    with open(articles, "w", encoding="utf-8") as f:
        f.writelines(lines)
    db = os.path.join(tmp, tag + ".sqlite")
    subprocess.run([BIN, "extract", "--data-dir", DATA, "-q", "--db", db, "-o", os.devnull, articles],
                   check=True)
    out = subprocess.run([BIN, "events", "--db", db], check=True, capture_output=True, text=True).stdout
    events = [json.loads(l) for l in out.splitlines()]
    for e in events:
        e.pop("timestamp", None)
    return events


class MergeSetsCliTest(unittest.TestCase):
    def check_set(self, name):
        with open(os.path.join(SETS, name, "articles.jsonl"), encoding="utf-8") as f:
            lines = [l if l.endswith("\n") else l + "\n" for l in f if l.strip()]
        with open(os.path.join(SETS, name, "expected.json"), encoding="utf-8") as f:
            expected = json.load(f)
        orders = list(itertools.permutations(range(len(lines))))[:6] + [tuple(reversed(range(len(lines))))]
        with tempfile.TemporaryDirectory() as tmp:
            reference = None
            for i, order in enumerate(orders):
                events = stored_events(tmp, [lines[j] for j in order], "order%d" % i)
                if reference is None:
                    reference = events
                    self.check_expected(events, expected)
                else:
                    self.assertEqual(events, reference, "order %s" % (order,))

    def check_expected(self, events, expected):
        got = [sorted(e["article_ids"]) for e in events]
        self.assertEqual(len(events), len(expected["events"]), got)
        for want in expected["events"]:
            found = [e for e in events if sorted(e["article_ids"]) == sorted(want["article_ids"])]
            self.assertEqual(len(found), 1, (want["article_ids"], got))
            e = found[0]
            for key in STRINGS + FIGURES:
                if key in want:
                    self.assertEqual(e.get(key), want[key], (key, want["article_ids"]))
            if "sources" in want:
                self.assertEqual(sorted(e["sources"]), sorted(want["sources"]))
            if "claims" in want:
                self.assertEqual(claim_set(e.get("claims", [])), claim_set(want["claims"]))


def add_cases():
    for name in sorted(os.listdir(SETS)):
        if os.path.isdir(os.path.join(SETS, name)):
            setattr(MergeSetsCliTest, "test_" + name.replace("-", "_"),
                    lambda self, n=name: self.check_set(n))


add_cases()

if __name__ == "__main__":
    unittest.main()
