#!/usr/bin/env python3
"""Store benchmark: ingest synthetic reports into a store and time it (Python stdlib only).

    python3 bench/store_bench.py --articles 100000 --db /tmp/bench.sqlite
    python3 bench/store_bench.py --articles 100000 --db postgresql://me@127.0.0.1:5432/bench
    python3 bench/store_bench.py --articles 100000 --db /tmp/bench.sqlite --steps 1000,10000,100000

Articles come from tests/store/synthetic.py (sentences written for the project; 60 towns in
six countries, seven kinds of incident, four years), so many reports of one place and day
merge as the store grows. For each step the store is grown to that many articles and the
script prints: articles/s and CPU seconds for that step (extraction included; `--no-store`
times extraction alone, to subtract), reports and merged events so far, and the latency of
a few queries (`sitrep events`, process start included: compare with `events --limit 1`).
"""
import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(REPO, "tests", "store"))
import synthetic  # noqa: E402


def cpu_children():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def timed(cmd):
    t0, c0 = time.time(), cpu_children()
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if p.returncode not in (0, 1):
        sys.exit(f"failed ({p.returncode}): {' '.join(cmd)}\n{p.stderr}")
    return time.time() - t0, cpu_children() - c0, p.stdout


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=20000)
    ap.add_argument("--steps", default="", help="comma-separated store sizes (articles)")
    ap.add_argument("--db", required=True, help="SQLite path or postgresql:// URL")
    ap.add_argument("--bin", default=os.path.join(REPO, "build", "sitrep"))
    ap.add_argument("--jobs", default="2")
    ap.add_argument("--no-store", action="store_true", help="time extraction alone")
    args = ap.parse_args()
    steps = [int(s) for s in args.steps.split(",")] if args.steps else [args.articles]
    tmp = tempfile.mkdtemp(prefix="sitrep_store_bench_")
    rng_seed = 1
    done = 0
    print("| articles in store | step articles | wall s | CPU s | articles/s (wall) | articles per CPU-s | reports | events | query ms (country+date) | query ms (radius 25 km) |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for target in steps:
        n = target - done
        if n <= 0:
            continue
        part = os.path.join(tmp, "part.jsonl")
        import random
        rng = random.Random(rng_seed)
        with open(part, "w", encoding="utf-8") as f:
            import json
            for i in range(done, target):
                a = synthetic.article(i, rng)
                f.write(json.dumps(a, ensure_ascii=False) + "\n")
        rng_seed += 1
        cmd = [args.bin, "extract", "-q", "-j", args.jobs, "-o", os.devnull, part]
        if not args.no_store:
            cmd += ["--db", args.db]
        wall, cpu, _ = timed(cmd)
        done = target
        reports = events = "-"
        q1 = q2 = "-"
        if not args.no_store:
            _, _, stats = timed([args.bin, "events", "--db", args.db, "--stats"])
            import json
            s = json.loads(stats)
            reports, events = s["reports"], s["events"]
            w1, _, _ = timed([args.bin, "events", "--db", args.db, "--country", "Syria",
                              "--from", "2020-01-01", "--to", "2020-01-31", "-o", os.devnull])
            w2, _, _ = timed([args.bin, "events", "--db", args.db, "--near", "36.34,43.13,25",
                              "--limit", "100", "-o", os.devnull])
            q1, q2 = f"{w1 * 1000:.0f}", f"{w2 * 1000:.0f}"
        print(f"| {done:,} | {n:,} | {wall:.1f} | {cpu:.1f} | {n / wall:,.0f} | {n / cpu:,.0f} | "
              f"{reports} | {events} | {q1} | {q2} |", flush=True)


if __name__ == "__main__":
    main()
