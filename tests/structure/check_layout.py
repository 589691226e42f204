#!/usr/bin/env python3
"""Checks the layout rules of src/ (docs/architecture.md, "Layout rules"):

1. Stages are ordered (STAGES below, from CMakeLists.txt): a file under src/<stage>/ may
   include only headers of its own stage, of earlier stages and the public include/sitrep/.
2. Front-ends (tools/, server/, python/) include only include/sitrep/ headers (and their own).
3. No source file under src/ is longer than 700 lines.
4. One tokeniser, one TSV reader, one UTF-8 decoder: each is defined in exactly one place.

Exits 1 and names every violation.
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
MAX_LINES = 700


def stage_order():
    text = open(os.path.join(ROOT, "CMakeLists.txt"), encoding="utf-8").read()
    m = re.search(r"foreach\(stage ([^)]*)\)", text)
    return m.group(1).split()


def sources(folder):
    for dirpath, _, files in os.walk(os.path.join(ROOT, folder)):
        for f in sorted(files):
            if f.endswith((".cc", ".h", ".inc")):
                yield os.path.join(dirpath, f)


def main():
    problems = []
    stages = stage_order()
    rank = {s: i for i, s in enumerate(stages)}
    for path in sources("src"):
        rel = os.path.relpath(path, ROOT)
        stage = rel.split(os.sep)[1]
        if stage not in rank:
            problems.append(f"{rel}: stage '{stage}' is not in CMakeLists.txt's stage list")
            continue
        text = open(path, encoding="utf-8").read()
        lines = text.count("\n")
        if lines > MAX_LINES and not path.endswith(".inc"):
            problems.append(f"{rel}: {lines} lines (limit {MAX_LINES})")
        for inc in INCLUDE.findall(text):
            top = inc.split("/")[0]
            if "/" not in inc or top == "sitrep":
                continue
            if top not in rank:
                problems.append(f"{rel}: includes \"{inc}\", which is no stage")
            elif rank[top] > rank[stage]:
                problems.append(f"{rel}: stage '{stage}' includes \"{inc}\" of the later stage '{top}'")
    for front in ("tools", "server", "python"):
        for path in sources(front):
            rel = os.path.relpath(path, ROOT)
            for inc in INCLUDE.findall(open(path, encoding="utf-8").read()):
                top = inc.split("/")[0]
                if "/" in inc and top in rank:
                    problems.append(f"{rel}: front-end includes the private header \"{inc}\"")
    # Single definitions of the shared text machinery.
    singles = {
        "tokeniser": re.compile(r"^\S.*\bTokeni[sz]e\w*\([^;]*\{$", re.M),
        "TSV reader": re.compile(r"^\S.*\b(ForEachTsvRow|ReadTsv\w*|ParseTsv\w*)\([^;]*\{$", re.M),
        "UTF-8 decoder": re.compile(r"^\S.*\b(DecodeUtf8\w*|NextCodePoint\w*|DecodeCodePoint\w*|Utf8Decode\w*)\([^;]*\{$", re.M),
    }
    for name, pattern in singles.items():
        where = [os.path.relpath(p, ROOT) for p in sources("src")
                 if pattern.search(open(p, encoding="utf-8").read())]
        where += [os.path.relpath(p, ROOT) for p in sources("src") if p.endswith(".h") and False]
        if len(where) > 1:
            problems.append(f"{name} defined {len(where)} times: {', '.join(where)}")
    for p in problems:
        print(p)
    print(f"check_layout: {len(problems)} problem(s) in {len(stages)} stages")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
