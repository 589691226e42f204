#!/usr/bin/env python3
"""Builds a large JSONL benchmark corpus from the shared dev set and fixtures.

The source articles belong to other outlets, so the corpus is written to
bench/corpus/ (git-ignored) and must never be committed. Every copy gets a fresh
id and a published date shifted by a random number of days (fixed seed, so two
runs give the same bytes); the text is left as written so the extractor sees
realistic input.

    python3 bench/make_corpus.py                  # >= 50 MB into bench/corpus/corpus.jsonl
    python3 bench/make_corpus.py --mb 5 --out /tmp/small.jsonl
    python3 bench/make_corpus.py --lang ar --mb 5 --out /tmp/ar.jsonl   # Arabic articles only
    python3 bench/make_corpus.py --lang en --mb 5 --out /tmp/en.jsonl   # English articles only

Arabic articles are the shared Arabic fixture and the project's own Arabic reports
(tests/golden/arabic/articles.jsonl); an article is Arabic when its "lang" is "ar".
"""

import argparse
import datetime
import glob
import json
import os
import random
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def load_articles(shared, lang="all"):
    paths = [os.path.join(shared, "devset", "articles.jsonl")]
    if lang == "ar":
        paths.append(os.path.join(REPO, "tests", "golden", "arabic", "articles.jsonl"))
    paths += sorted(glob.glob(os.path.join(shared, "fixtures", "*.article.jsonl")))
    # Fixture folders (e.g. the Arabic one) keep their articles in articles.jsonl.
    paths += sorted(glob.glob(os.path.join(shared, "fixtures", "*", "articles.jsonl")))
    articles = []
    for path in paths:
        if not os.path.exists(path):
            continue
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if not line:
                    continue
                try:
                    a = json.loads(line)
                except json.JSONDecodeError as e:
                    print(f"{path}: skipping bad line: {e}", file=sys.stderr)
                    continue
                if not (isinstance(a, dict) and a.get("text")):
                    continue
                if lang == "all" or (a.get("lang") == "ar") == (lang == "ar"):
                    articles.append(a)
    return articles


def shift_date(published, days):
    if not published:
        return published  # undated articles stay undated: the pipeline infers a date
    try:
        d = datetime.date.fromisoformat(published[:10])
    except ValueError:
        return published
    return (d + datetime.timedelta(days=days)).isoformat()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=os.path.join(REPO, "..", "shared"),
                    help="shared directory with devset/ and fixtures/ (default: ../shared)")
    ap.add_argument("--out", default=os.path.join(REPO, "bench", "corpus", "corpus.jsonl"))
    ap.add_argument("--mb", type=float, default=50.0, help="minimum size in MB (10^6 bytes)")
    ap.add_argument("--seed", type=int, default=20190728)
    ap.add_argument("--lang", choices=["all", "ar", "en"], default="all",
                    help="only Arabic (lang \"ar\") or only other articles (default: all)")
    args = ap.parse_args()

    articles = load_articles(args.shared, args.lang)
    if not articles:
        print(f"no articles found under {args.shared}", file=sys.stderr)
        return 1

    rng = random.Random(args.seed)
    target = int(args.mb * 1_000_000)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    tmp = args.out + ".tmp"
    written = count = 0
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        while written < target:
            a = articles[rng.randrange(len(articles))]
            copy = dict(a)
            copy["id"] = f"bench-{count:07d}-{a.get('id', 'x')}"
            copy["published"] = shift_date(a.get("published"), rng.randint(-1500, 1500))
            line = json.dumps(copy, ensure_ascii=False) + "\n"
            f.write(line)
            written += len(line.encode("utf-8"))
            count += 1
    os.replace(tmp, args.out)
    print(f"{args.out}: {count} articles, {written / 1e6:.1f} MB "
          f"from {len(articles)} sources", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
