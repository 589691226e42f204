#!/usr/bin/env python3
"""Output regression: run two sitrep builds on the same inputs and diff their events.

A refactor must not change what sitrep extracts unless it means to. This script builds the
input sets once (into a cache directory outside the repository: the texts belong to other
outlets and to ACLED), runs a sitrep binary on each, and compares the JSONL byte for byte
with a reference run.

    scripts/regress.py run  --bin OLD/sitrep --out /tmp/ref        # reference outputs
    scripts/regress.py run  --bin build/sitrep --out /tmp/new
    scripts/regress.py diff /tmp/ref /tmp/new [--show 3] [--ignore-fields event_id,notes]

Sets (all read from ../shared or tests/, never copied into the repository):
  devset    the 20 annotated dev reports
  fixture   the worked example (JSONL), its .txt with --published, and without (date inferred)
  arabic    the four Arabic reports of one incident
  golden    every tests/golden/**/*.article.jsonl
  acled     all 5,071 rows of RPanlilio_acled_2020.csv as articles (notes as text)
  corpus    the first 2,500 articles of bench/make_corpus.py's corpus

Options of `run`: --data-dir DIR (default: the binary's own default), --sets a,b,c,
--cache DIR (default $TMPDIR/sitrep-regress-inputs).
"""
import argparse
import csv
import datetime as dt
import glob
import json
import os
import subprocess
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.environ.get("SITREP_SHARED_DIR", os.path.join(REPO, "..", "shared"))
SETS = ["devset", "fixture", "fixture_txt", "fixture_txt_nodate", "arabic", "golden", "acled", "corpus"]
CORPUS_ARTICLES = 2500


def build_inputs(cache):
    os.makedirs(cache, exist_ok=True)
    paths = {
        "devset": os.path.join(SHARED, "devset", "articles.jsonl"),
        "fixture": os.path.join(SHARED, "fixtures", "enab-baladi-2019-07-28-daraa.article.jsonl"),
        "fixture_txt": os.path.join(SHARED, "fixtures", "enab-baladi-2019-07-28-daraa.txt"),
        "fixture_txt_nodate": os.path.join(SHARED, "fixtures", "enab-baladi-2019-07-28-daraa.txt"),
        "arabic": os.path.join(SHARED, "fixtures", "mleiha-al-atash-arabic", "articles.jsonl"),
    }
    golden = os.path.join(cache, "golden.jsonl")
    if not os.path.exists(golden):
        with open(golden, "w", encoding="utf-8") as out:
            for p in sorted(glob.glob(os.path.join(REPO, "tests", "golden", "**", "*.article.jsonl"),
                                      recursive=True)):
                with open(p, encoding="utf-8") as f:
                    for line in f:
                        if line.strip():
                            out.write(line.rstrip("\n") + "\n")
    paths["golden"] = golden
    acled = os.path.join(cache, "acled.jsonl")
    if not os.path.exists(acled):
        src = os.path.join(SHARED, "external", "acled", "RPanlilio_acled_2020.csv")
        with open(src, newline="", encoding="utf-8") as f, open(acled, "w", encoding="utf-8") as out:
            for row in csv.DictReader(f):
                if not row.get("notes", "").strip():
                    continue
                date = dt.datetime.strptime(row["event_date"], "%d-%b-%y").date().isoformat()
                out.write(json.dumps({"id": row["event_id_cnty"], "published": date,
                                      "publisher": row.get("source", ""), "text": row["notes"]},
                                     ensure_ascii=False) + "\n")
    paths["acled"] = acled
    corpus = os.path.join(cache, "corpus.jsonl")
    if not os.path.exists(corpus):
        full = os.path.join(cache, "corpus-full.jsonl")
        subprocess.run([sys.executable, os.path.join(REPO, "bench", "make_corpus.py"), "--out", full,
                        "--mb", "6"], check=True, stdout=subprocess.DEVNULL)
        with open(full, encoding="utf-8") as f, open(corpus, "w", encoding="utf-8") as out:
            for i, line in enumerate(f):
                if i >= CORPUS_ARTICLES:
                    break
                out.write(line)
    paths["corpus"] = corpus
    return paths


def run(args):
    cache = args.cache or os.path.join(tempfile.gettempdir(), "sitrep-regress-inputs")
    inputs = build_inputs(cache)
    os.makedirs(args.out, exist_ok=True)
    sets = args.sets.split(",") if args.sets else SETS
    for name in sets:
        cmd = [args.bin, "extract", inputs[name], "-q", "-o", os.path.join(args.out, name + ".jsonl")]
        if name == "fixture_txt":
            cmd += ["--published", "2019-07-28", "--publisher", "Enab Baladi",
                    "--id", "enab-baladi-2019-07-28-daraa"]
        if args.data_dir:
            cmd += ["--data-dir", args.data_dir]
        rc = subprocess.run(cmd).returncode
        lines = sum(1 for _ in open(os.path.join(args.out, name + ".jsonl"), encoding="utf-8"))
        print(f"{name:12s} exit {rc}  {lines} events")


def load(path, ignore):
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if ignore:
                ev = json.loads(line)
                for k in ignore:
                    ev.pop(k, None)
                line = json.dumps(ev, ensure_ascii=False, sort_keys=True) + "\n"
            out.append(line)
    return out


def diff(args):
    ignore = [x for x in (args.ignore_fields or "").split(",") if x]
    total = 0
    for name in SETS:
        a_path, b_path = os.path.join(args.ref, name + ".jsonl"), os.path.join(args.new, name + ".jsonl")
        if not (os.path.exists(a_path) and os.path.exists(b_path)):
            continue
        a, b = load(a_path, ignore), load(b_path, ignore)
        same = a == b
        changed = sum(1 for x, y in zip(a, b) if x != y) + abs(len(a) - len(b))
        total += 0 if same else 1
        print(f"{name:12s} {'identical' if same else 'DIFFERS'}  ({len(a)} vs {len(b)} events, {changed} lines differ)")
        shown = 0
        for i, (x, y) in enumerate(zip(a, b)):
            if x != y and shown < args.show:
                shown += 1
                xa, ya = json.loads(x), json.loads(y)
                keys = sorted(k for k in set(xa) | set(ya) if xa.get(k) != ya.get(k))
                print(f"  line {i + 1}: fields {', '.join(keys)}")
                for k in keys[:6]:
                    print(f"    {k}: {json.dumps(xa.get(k), ensure_ascii=False)[:200]}")
                    print(f"    {' ' * len(k)}  {json.dumps(ya.get(k), ensure_ascii=False)[:200]}")
    return 1 if total else 0


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run")
    r.add_argument("--bin", required=True)
    r.add_argument("--out", required=True)
    r.add_argument("--data-dir")
    r.add_argument("--sets")
    r.add_argument("--cache")
    d = sub.add_parser("diff")
    d.add_argument("ref")
    d.add_argument("new")
    d.add_argument("--show", type=int, default=3)
    d.add_argument("--ignore-fields")
    args = p.parse_args()
    if args.cmd == "run":
        run(args)
        return 0
    return diff(args)


if __name__ == "__main__":
    sys.exit(main())
