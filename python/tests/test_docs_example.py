#!/usr/bin/env python3
"""docs/examples/events_per_week.py runs and draws what the CLI's events say."""

from __future__ import annotations

import collections
import csv
import datetime
import os
import struct
import subprocess
import sys
import tempfile
import unittest

import support

try:
    import matplotlib  # noqa: F401
    import pandas  # noqa: F401
except ImportError as e:
    print(f"skipped: {e} (Debian: python3-matplotlib python3-pandas)")
    sys.exit(77)

EXAMPLE = os.path.join(support.SOURCE_DIR, "docs", "examples", "events_per_week.py")


def png_size(path: str) -> tuple[int, int]:
    with open(path, "rb") as f:
        head = f.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        raise AssertionError(f"{path} is not a PNG")
    return struct.unpack(">II", head[16:24])


class DocsExampleTest(unittest.TestCase):
    def test_weekly_chart_of_a_generated_corpus(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            corpus = os.path.join(tmp, "news.jsonl")
            support.write_corpus(corpus, 3000)
            chart = os.path.join(tmp, "weekly.png")
            table = os.path.join(tmp, "weekly.csv")
            done = subprocess.run([sys.executable, EXAMPLE, corpus, "--chart", chart, "--csv", table],
                                  capture_output=True, text=True, timeout=300, check=False)
            self.assertEqual(done.returncode, 0, done.stderr)
            self.assertEqual(png_size(chart), (1100, 500))

            # The weekly table counts exactly the CLI's dated events, by week and type.
            want: collections.Counter = collections.Counter()
            for e in support.cli_events(corpus):
                if e["event_date"]:
                    day = datetime.date.fromisoformat(e["event_date"])
                    monday = day - datetime.timedelta(days=day.weekday())
                    want[(monday.isoformat(), e["event_type"])] += 1
            got: collections.Counter = collections.Counter()
            with open(table, newline="", encoding="utf-8") as f:
                for row in csv.DictReader(f):
                    week = row.pop("week")[:10]
                    for event_type, count in row.items():
                        if int(count):
                            got[(week, event_type)] = int(count)
            self.assertGreater(sum(want.values()), 1000)
            self.assertEqual(got, want)
            self.assertIn(f"total dated events: {sum(want.values())}", done.stdout)

    def test_examples_folder(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            chart = os.path.join(tmp, "examples.png")
            done = subprocess.run([sys.executable, EXAMPLE, support.EXAMPLES, "--chart", chart],
                                  capture_output=True, text=True, timeout=300, check=False)
            self.assertEqual(done.returncode, 0, done.stderr)
            events = support.cli_events(support.EXAMPLES)
            self.assertIn(f"{len(events)} events", done.stdout)
            png_size(chart)


if __name__ == "__main__":
    unittest.main(verbosity=2)
