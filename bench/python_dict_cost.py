#!/usr/bin/env python3
"""What the event dicts themselves cost CPython, beside what extract_many spends making them:

    python3 bench/make_corpus.py --mb 20 --out /tmp/corpus20.jsonl
    PYTHONPATH=build/python python3 bench/python_dict_cost.py /tmp/corpus20.jsonl --rounds 3

In one process, on one thread, with the cyclic collector held while objects are made (as
extract_many holds it), CPU seconds (user + system) of:

  extract_jsonl(out=)   the CLI's job through the binding: no Python object per event;
  extract_many          the same articles (read_articles dicts, read beforehand) to dicts;
  gc / free             one collection over the fresh dicts (the first one after
                        extract_many returns walks all of them), and freeing them;
  pickle.loads          the same list of dicts made by CPython's fastest maker of objects
                        from bytes, then its collection and its freeing: the floor of
                        any API that returns these dicts;
  json.loads            the same dicts from the CLI's event lines, one line at a time:
                        what a caller of the CLI pays to have them in Python.

"dicts made" is extract_many less extract_jsonl(out=): the binding's own cost of the dicts,
to set beside pickle.loads's. Median of the rounds.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import pickle
import resource
import statistics

import sitrep


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def timed(fn):
    """(CPU seconds, result) of fn() with the cyclic collector held."""
    gc.disable()
    try:
        start = cpu()
        result = fn()
        return cpu() - start, result
    finally:
        gc.enable()


def collect_and_free(holder: list) -> tuple[float, float]:
    """CPU of one collection over holder[0]'s objects, then of freeing them."""
    start = cpu()
    gc.collect()
    collected = cpu() - start
    start = cpu()
    holder.clear()
    return collected, cpu() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", help="a JSONL corpus (bench/make_corpus.py)")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    extractor = sitrep.Extractor()
    articles = sitrep.read_articles(args.corpus)
    rows: dict[str, list[float]] = {}

    def add(name: str, seconds: float) -> None:
        rows.setdefault(name, []).append(seconds)

    for _ in range(args.rounds):
        with open(args.corpus, "rb") as f:
            seconds, count = timed(lambda: extractor.extract_jsonl(f, threads=1, out=os.devnull))
        add("extract_jsonl(out=os.devnull)", seconds)
        lines_seconds = seconds
        seconds, events = timed(lambda: extractor.extract_many(articles, threads=1))
        if len(events) != count:
            raise SystemExit(f"extract_many gave {len(events)} events, extract_jsonl {count}")
        add("extract_many (dicts)", seconds)
        add("  of which the dicts made (less extract_jsonl)", seconds - lines_seconds)
        blob = pickle.dumps(events, protocol=pickle.HIGHEST_PROTOCOL)
        lines = [json.dumps(e, ensure_ascii=False) for e in events]
        holder = [events]
        del events
        collected, freed = collect_and_free(holder)
        add("  a collection over them", collected)
        add("  freeing them", freed)
        seconds, copy = timed(lambda: pickle.loads(blob))
        add("pickle.loads of the same dicts", seconds)
        holder = [copy]
        del copy
        collected, freed = collect_and_free(holder)
        add("  a collection over them ", collected)
        add("  freeing them ", freed)
        seconds, parsed = timed(lambda: [json.loads(line) for line in lines])
        add("json.loads of the event lines", seconds)
        del parsed

    print(f"corpus {args.corpus}: {count} events; CPU s, median of {args.rounds} rounds")
    print("| step | CPU s |")
    print("|---|---|")
    for name, values in rows.items():
        print(f"| {name} | {statistics.median(values):.3f} |")


if __name__ == "__main__":
    main()
