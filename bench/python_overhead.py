#!/usr/bin/env python3
"""The binding's overhead over the CLI, whole processes side by side on the same corpus.

    python3 bench/make_corpus.py --mb 10 --out /tmp/real10.jsonl
    python3 bench/python_overhead.py /tmp/real10.jsonl --pairs 5 --threads 1 2

For each thread count T and each way of using the binding (bench/python_extract.py's
modes: `articles` = read_articles + extract_many, dicts; `many` = json.loads of each line
+ extract_many, dicts; `jsonl` = extract_jsonl of the file's lines, event lines written
to /dev/null as the CLI writes them; `jsonl_out` = the same with extract_jsonl(out=
os.devnull), the lines written by the compiled core), it runs A = that Python process and B = `sitrep
extract CORPUS -j T -q -o /dev/null` in turn, A B A B ..., after one warm-up pair, and
takes the ratio of their CPU (user + system, the kernel's own accounting of each finished
child, os.wait4) pair by pair: pairing keeps the ratio meaningful on a shared machine whose
speed drifts. Printed: median A/B (min - max) of whole processes, and the same for the
work that grows with the corpus: each process's CPU less the median CPU of the same
command on the corpus's first article alone (interpreter start-up, imports and loading
the data for A; process start-up and loading the data for B), measured in the same
rounds. Whole-process figures are what one run on this corpus costs; the marginal ratio
is the overhead per article, what a long Python session or a bigger corpus pays.

Run it with Debian's python3 (the module is built for it); it runs the binding with
PYTHONPATH=<build>/python, so it needs no installed module.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)


def run(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(CPU seconds, peak RSS MiB) of one whole process, its output thrown away."""
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(proc.pid, 0)
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.stderr:
        proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed ({os.waitstatus_to_exitcode(status)}): {' '.join(argv)}\n{err}")
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def span(values: list[float]) -> str:
    return f"{statistics.median(values):.3f} ({min(values):.3f} - {max(values):.3f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", help="a JSONL corpus (bench/make_corpus.py)")
    parser.add_argument("--build", default=os.path.join(REPO, "build"), help="the build directory")
    parser.add_argument("--python", default="/usr/bin/python3", help="the interpreter")
    parser.add_argument("--pairs", type=int, default=5, help="timed pairs per row")
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--modes", nargs="+", default=["articles", "many", "jsonl", "jsonl_out"],
                        choices=["articles", "many", "jsonl", "jsonl_out"])
    args = parser.parse_args()

    env = dict(os.environ, PYTHONPATH=os.path.join(args.build, "python"))
    sitrep_bin = os.path.join(args.build, "sitrep")
    with tempfile.TemporaryDirectory() as tmp:
        first = os.path.join(tmp, "first.jsonl")  # the fixed costs: one article
        with open(args.corpus, "rb") as src, open(first, "wb") as dst:
            dst.write(src.readline())
        print(f"corpus {args.corpus}: {os.path.getsize(args.corpus) / 1e6:.1f} MB; "
              f"A = {args.python} bench/python_extract.py MODE, B = sitrep extract; "
              f"CPU s median (min - max) of {args.pairs} pairs")
        print("| mode | T | A CPU s | B CPU s | A/B whole process | A/B less fixed costs "
              "| fixed A / B s | peak RSS A / B MiB |")
        print("|---|---|---|---|---|---|---|---|")
        for threads in args.threads:
            cli = [sitrep_bin, "extract", "-j", str(threads), "-q", "-o", os.devnull]
            for mode in args.modes:
                py = [args.python, os.path.join(HERE, "python_extract.py"), mode]
                rows = []
                for i in range(args.pairs + 1):  # the first round warms the caches
                    a, a_rss = run(py + [args.corpus, str(threads)], env)
                    b, b_rss = run(cli + [args.corpus], env)
                    a1, _ = run(py + [first, str(threads)], env)
                    b1, _ = run(cli + [first], env)
                    if i > 0:
                        rows.append((a, b, a1, b1, a_rss, b_rss))
                a1 = statistics.median(r[2] for r in rows)
                b1 = statistics.median(r[3] for r in rows)
                whole = [r[0] / r[1] for r in rows]
                marginal = [(r[0] - a1) / (r[1] - b1) for r in rows if r[1] > b1]
                print(f"| {mode} | {threads} | {span([r[0] for r in rows])} "
                      f"| {span([r[1] for r in rows])} | **{span(whole)}** "
                      f"| {span(marginal)} | {a1:.3f} / {b1:.3f} "
                      f"| {statistics.median(r[4] for r in rows):.0f} / "
                      f"{statistics.median(r[5] for r in rows):.0f} |", flush=True)


if __name__ == "__main__":
    main()
