#!/usr/bin/env python3
"""The Python binding against the CLI, and Dask from 1 to N workers, on the same corpus.

    PYTHONPATH=build/python /usr/bin/python3 bench/python_bench.py --corpus bench/corpus/corpus.jsonl
    PYTHONPATH=build/python /usr/bin/python3 bench/python_bench.py --generate 100000

1. `sitrep extract CORPUS -j T -o /dev/null` against, in one Python process, reading the
   same file and extract_many(dicts, threads=T) (events as dicts), and extract_jsonl(raw
   lines) (events as JSON lines); best of --repeat runs, T = 1 and 2. The overhead is
   Python's wall time over the CLI's.
2. sitrep.dask.run() on a LocalCluster of 1, then 2 worker processes (1 thread each):
   the time of run() alone (extraction, then the shuffle by block key and the merge), the
   cluster already started and warmed up by a first run; against merge_reports over the
   same reports in one process.

Figures depend on the machine and on what else it runs: report the CPU time as well.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(REPO, "python", "tests"))

import make_news  # noqa: E402

import sitrep  # noqa: E402


def cpu_self() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def cpu_children() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def best(runs: list[tuple[float, float]]) -> tuple[float, float]:
    return min(runs)


def time_cli(sitrep_bin: str, corpus: str, threads: int, repeat: int) -> tuple[float, float]:
    runs = []
    for _ in range(repeat):
        cpu0, t0 = cpu_children(), time.perf_counter()
        subprocess.run([sitrep_bin, "extract", corpus, "-q", "-j", str(threads), "-o", os.devnull],
                       check=True)
        runs.append((time.perf_counter() - t0, cpu_children() - cpu0))
    return best(runs)


def time_python(extractor: sitrep.Extractor, corpus: str, threads: int, repeat: int, raw: bool):
    runs = []
    events = 0
    for _ in range(repeat):
        cpu0, t0 = cpu_self(), time.perf_counter()
        with open(corpus, "rb") as f:
            if raw:
                events = len(extractor.extract_jsonl(f, threads=threads))
            else:
                articles = [json.loads(line) for line in f if line.strip()]
                events = len(extractor.extract_many(articles, threads=threads))
        runs.append((time.perf_counter() - t0, cpu_self() - cpu0))
    return best(runs), events


def bench_binding(args, corpus: str) -> None:
    extractor = sitrep.Extractor()
    size = os.path.getsize(corpus)
    with open(corpus, "rb") as f:
        articles = sum(1 for line in f if line.strip())
    print(f"\n## Binding overhead: {corpus}, {size / 1e6:.1f} MB, {articles} articles\n")
    print("| threads | path | wall s | CPU s | articles/s | vs CLI (wall) |")
    print("|---|---|---|---|---|---|")
    for threads in (1, 2):
        cli_wall, cli_cpu = time_cli(args.sitrep, corpus, threads, args.repeat)
        print(f"| {threads} | `sitrep extract` | {cli_wall:.2f} | {cli_cpu:.2f} | "
              f"{articles / cli_wall:,.0f} | |")
        for raw, name in ((False, "`extract_many` (dicts in, dicts out)"),
                          (True, "`extract_jsonl` (lines in, lines out)")):
            (wall, cpu), _events = time_python(extractor, corpus, threads, args.repeat, raw)
            print(f"| {threads} | {name} | {wall:.2f} | {cpu:.2f} | {articles / wall:,.0f} | "
                  f"{100 * (wall / cli_wall - 1):+.1f} % |")
        sys.stdout.flush()


def worker_cpu_s() -> float:
    import psutil

    t = psutil.Process().cpu_times()
    return t.user + t.system


def worker_rss_mb() -> float:
    import psutil

    return psutil.Process().memory_info().rss / 1e6


def bench_dask(args, corpus: str) -> None:
    import distributed

    import sitrep.dask

    size = os.path.getsize(corpus)
    print(f"\n## Dask LocalCluster: {corpus}, {size / 1e6:.1f} MB, blocksize {args.blocksize}\n")
    print("| workers | partitions | run() wall s | of which extract s | workers' CPU s | articles/s | speed-up "
          "| reports -> merged events | worker RSS before / after, MB |")
    print("|---|---|---|---|---|---|---|---|---|")
    base = None
    for workers in range(1, args.max_workers + 1):
        with distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                      host="127.0.0.1", dashboard_address=None) as cluster, \
                distributed.Client(cluster) as client, tempfile.TemporaryDirectory() as out:
            before = client.run(worker_rss_mb)
            sitrep.dask.run(corpus, out, client, blocksize=args.blocksize)  # warm-up
            runs = []
            for _ in range(args.repeat):
                cpu0 = sum(client.run(worker_cpu_s).values())
                t0 = time.perf_counter()
                summary = sitrep.dask.run(corpus, out, client, blocksize=args.blocksize)
                runs.append((time.perf_counter() - t0, sum(client.run(worker_cpu_s).values()) - cpu0))
            wall, cpu = min(runs)
            base = base or wall
            after = client.run(worker_rss_mb)
            rss = ", ".join(f"{before[w]:.0f} / {after[w]:.0f}" for w in sorted(after) if w in before)
            print(f"| {workers} | {summary.partitions} | {wall:.2f} | {summary.extract_seconds:.2f} | "
                  f"{cpu:.2f} | {summary.articles / wall:,.0f} | {base / wall:.2f}x | "
                  f"{summary.events:,} -> {summary.merged_events:,} | {rss} |")
            sys.stdout.flush()
    # The same merge in one process: merge_reports over every report the CLI gives.
    lines = subprocess.run([args.sitrep, "extract", corpus, "-q", "-j", "2"], check=True,
                           capture_output=True, text=True).stdout.splitlines()
    cpu0, t0 = cpu_self(), time.perf_counter()
    merged = sitrep.merge_reports(lines)
    print(f"\nOne process: merge_reports over the CLI's {len(lines):,} reports -> "
          f"{len(merged.events):,} events: {time.perf_counter() - t0:.2f} s wall, "
          f"{cpu_self() - cpu0:.2f} s CPU (JSON parsing and the dicts included)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", help="JSONL corpus (default: generate one)")
    ap.add_argument("--generate", type=int, default=100000, help="articles to generate")
    ap.add_argument("--sitrep", default=os.path.join(REPO, "build", "sitrep"))
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--blocksize", type=int, default=4 << 20)
    ap.add_argument("--max-workers", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--skip-dask", action="store_true")
    ap.add_argument("--skip-binding", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = args.corpus
        if not corpus:
            corpus = os.path.join(tmp, "news.jsonl")
            make_news.write(make_news.make_articles(args.generate), corpus)
        if not args.skip_binding:
            bench_binding(args, corpus)
        if not args.skip_dask:
            bench_dask(args, corpus)


if __name__ == "__main__":
    main()
