#!/usr/bin/env python3
"""Bad input through Python raises a clear built-in exception, never a crash."""

from __future__ import annotations

import datetime
import os
import tempfile
import unittest

import support  # noqa: F401  (sets sys.path for make_news)

import sitrep

GOOD = "Gunmen abducted three farmers from their fields outside Maiduguri on Monday, police said."


class BadInputTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        cls.ex = sitrep.Extractor()

    def check(self, exception: type, pattern: str, call, *args, **kwargs) -> None:
        with self.assertRaisesRegex(exception, pattern):
            call(*args, **kwargs)

    def test_none(self) -> None:
        self.check(TypeError, "text must be str or UTF-8 bytes, not NoneType", self.ex.extract, None)
        self.check(TypeError, "articles must be an iterable, not NoneType", self.ex.extract_many, None)
        self.check(TypeError, r"articles\[1\]: expected the article text .* not NoneType",
                   self.ex.extract_many, [GOOD, None])
        self.check(ValueError, r"articles\[0\]: the article has no text",
                   self.ex.extract_many, [{"text": None, "id": "a"}])

    def test_non_utf8_bytes(self) -> None:
        self.check(ValueError, r"article 'x': text is not valid UTF-8 \(invalid start byte at byte 4\)",
                   self.ex.extract, b"bad \xff\xfe text", id="x")
        self.check(ValueError, r"articles\[0\]: publisher is not valid UTF-8",
                   self.ex.extract_many, [{"text": GOOD, "publisher": b"\xc3"}])
        self.check(ValueError, "line 1: invalid UTF-8 at byte offset 10",
                   self.ex.extract_jsonl, [b'{"text": "\xff"}'])

    def test_unpaired_surrogates(self) -> None:
        self.check(ValueError, r"article: text is not valid Unicode text \(unpaired surrogate '\\ud800' at position 4\)",
                   self.ex.extract, "bad \ud800 text")
        self.check(ValueError, r"articles\[0\] \(id 'k'\): title is not valid Unicode",
                   self.ex.extract_many, [{"text": GOOD, "id": "k", "title": "\udcff"}])

    def test_wrong_types(self) -> None:
        self.check(TypeError, "text must be str or UTF-8 bytes, not int", self.ex.extract, 42)
        self.check(TypeError, "article: published must be str or a date, not float",
                   self.ex.extract, GOOD, published=2019.5)
        self.check(TypeError, "article: id must be str, not int", self.ex.extract, GOOD, id=7)
        self.check(TypeError, r"articles\[0\]: expected the article text .* not list",
                   self.ex.extract_many, [["a"]])
        self.check(TypeError, "articles must be an iterable of articles; for one article call extract",
                   self.ex.extract_many, GOOD)
        self.check(TypeError, "threads must be int, not str", self.ex.extract_many, [GOOD], threads="2")
        self.check(ValueError, "threads must be between 0 and 1024, not -1",
                   self.ex.extract_many, [GOOD], threads=-1)
        self.check(TypeError, "on_error must be callable", self.ex.extract_many, [GOOD], on_error=3)
        self.check(TypeError, "data_dir must be a path", sitrep.Extractor, 3)
        self.check(TypeError, r"events\[0\]: expected an event dict, not str", sitrep.to_dataframe, ["x"])
        self.check(TypeError, r"events\[0\]: expected an event dict or JSON line, not int",
                   sitrep.events_to_csv, [1])
        self.check(TypeError, "path_or_url must be str or os.PathLike, not NoneType", sitrep.Store, None)

    def test_bad_values(self) -> None:
        self.check(ValueError, "article: field \"text\" is empty", self.ex.extract, "   ")
        self.check(ValueError, "field \"published\" is \"last week\": expected YYYY-MM-DD",
                   self.ex.extract, GOOD, published="last week")
        self.check(ValueError, "field \"published\" is \"2019-02-30\"", self.ex.extract, GOOD,
                   published="2019-02-30")
        self.check(ValueError, "line 2: malformed JSON", self.ex.extract_jsonl, [b'{"text": "ok"}', b"{oops"])
        self.check(ValueError, "event 0: event is not valid JSON", sitrep.events_to_csv, ["{oops"])

    def test_huge_strings(self) -> None:
        limit = sitrep.MAX_TEXT_BYTES
        self.check(ValueError, "article: text is 8 MiB or more, over the limit of 8 MiB",
                   self.ex.extract, "x" * (limit + 1))
        # Under the limit in characters but over it in UTF-8 bytes: the core's own check.
        self.check(ValueError, "over the limit of 8388608 bytes", self.ex.extract,
                   "é" * (limit // 2 + 10))
        big = (GOOD + " ") * 20000  # ~1.8 MB: long but fine
        self.assertGreater(len(self.ex.extract(big, published="2020-03-02")), 0)

    def test_missing_files(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            missing = os.path.join(tmp, "nope")
            self.check(OSError, f"cannot load sitrep data from {missing}", sitrep.Extractor, missing)
            self.check(FileNotFoundError, f"{missing}: no such file", sitrep.read_articles, missing)
            self.check(OSError, "cannot open", sitrep.Store, os.path.join(missing, "x", "s.sqlite"))

    def test_errors_can_be_collected_instead(self) -> None:
        seen: list[str] = []
        events = self.ex.extract_many(
            [{"text": GOOD, "published": "2021-06-01"}, "", {"text": GOOD, "published": "soon"},
             {"text": GOOD, "published": "2021-06-07"}],
            on_error=seen.append)
        self.assertEqual(len(seen), 2)
        self.assertIn("articles[1]", seen[0])
        self.assertIn("articles[2]", seen[1])
        self.assertEqual(len(events), 2)  # the two good articles, one event each
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "a.jsonl")
            with open(path, "wb") as f:
                f.write(b'{"text": "' + GOOD.encode() + b'"}\n{bad\n')
            seen = []
            self.assertEqual(len(sitrep.read_articles(path, on_error=seen.append)), 1)
            self.assertEqual(len(seen), 1)
            self.assertIn("a.jsonl:2", seen[0])
            self.check(ValueError, "a.jsonl:2: malformed JSON", sitrep.read_articles, path)

    def test_dates_and_nan_are_accepted(self) -> None:
        a = self.ex.extract(GOOD, published=datetime.date(2021, 6, 7))
        b = self.ex.extract(GOOD, published="2021-06-07")
        self.assertEqual(a, b)
        c = self.ex.extract_many([{"text": GOOD, "published": "2021-06-07", "publisher": float("nan")}])
        self.assertEqual(c, b)

    def test_fuzzed_text_never_crashes(self) -> None:
        import random

        rng = random.Random(11)
        pieces = [GOOD, "\u0000", "\u202e", "\ufeff", "🙂", "ب", "\r\n", "killed", "12", "on Monday",
                  "\u0301", "\\", '"', "<script>", "\t" * 50, "9" * 40]
        for _ in range(300):
            text = "".join(rng.choice(pieces) for _ in range(rng.randrange(1, 30)))
            try:
                events = self.ex.extract(text, published="2020-01-01")
            except ValueError:
                continue  # e.g. only whitespace
            self.assertIsInstance(events, list)


if __name__ == "__main__":
    unittest.main(verbosity=2)
