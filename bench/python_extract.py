#!/usr/bin/env python3
"""One whole-process run of the Python binding, to time against `sitrep extract`:

    python3 bench/python_extract.py many CORPUS.jsonl THREADS    # json.loads + extract_many (dicts)
    python3 bench/python_extract.py jsonl CORPUS.jsonl THREADS   # extract_jsonl (lines in, lines out)

It reads the corpus, extracts every article and prints the event count, like
`sitrep extract CORPUS -j THREADS -o /dev/null` (which reads, extracts and writes JSONL).
"""

import json
import sys

import sitrep

mode, corpus, threads = sys.argv[1], sys.argv[2], int(sys.argv[3])
extractor = sitrep.Extractor()
with open(corpus, "rb") as f:
    if mode == "many":
        events = extractor.extract_many((json.loads(line) for line in f if line.strip()), threads=threads)
    else:
        events = extractor.extract_jsonl(f, threads=threads)
print(len(events))
