#!/usr/bin/env python3
"""Import PETRARCH2's dictionaries (MIT licence) as sitrep triggers and actors.

PETRARCH2 (github.com/openeventdata/petrarch2) codes events in CAMEO from parsed sentences.
Its verb dictionary (CAMEO.2.0.txt), agents (Phoenix.agents.txt) and non-state actors
(Phoenix.MilNonState.actors.txt) are far broader than sitrep's hand-written lists. This
script reads them in their own format, maps them to ACLED with three decision tables of ours,
and writes two derived files that sitrep loads after its curated ones:

    data/petrarch2/cameo_acled.tsv   (ours)  CAMEO code or verb -> ACLED type, sub-type, flags
    data/petrarch2/agents_acled.tsv  (ours)  agent code or noun -> ACLED actor name, inter
    data/petrarch2/groups_acled.tsv  (ours)  named group -> ACLED actor name, inter
    data/petrarch2/triggers.tsv      (derived) same columns as data/triggers.tsv
    data/petrarch2/actors.tsv        (derived) same columns as data/actors.tsv
    data/petrarch2/LICENSE           PETRARCH2's licence, verbatim

Run by hand after changing a decision table or the curated lists (its output is committed):

    scripts/import_petrarch2.py [--source DIR] [--data DIR] [--check] [--verbose]

--source   PETRARCH2's dictionaries (default ../shared/external/petrarch2/dictionaries)
--check    write nothing; exit 1 when the committed derived files differ from a fresh import
--verbose  list every phrase left out, and why

What is imported (docs/data-files.md has the full account):
  * verbs: every form of each verb of a mapped CAMEO code (base, -s, -ed, -ing; a verb's own
    {irregular forms} replace the generated ones), read as a curated form of the same verb
    when there is one, else with the flags of its code;
  * patterns of codes marked "patterns" whose words all follow the verb and name a thing
    ("- * ROAD [144] # BLOCK"), for the verb named in the pattern's comment: its forms
    followed by the words ("the" or "a" may stand before a first noun; "A/B" alternatives);
  * agents: each noun (and its plural) of a mapped agent code; the names of mapped groups.
Dropped, by design: patterns with words before the verb, source/target markers ($ + ^ %) or
synsets (&WEAPON), which need PETRARCH's parse; transformations (~); parse artifacts
(+KILLED_AND). An imported phrase never shadows a curated one: a phrase the curated lists
have, or that contains a curated trigger or nationality word (and for a trigger, an actor
alias), is left out. Imported triggers weigh one less than the weakest curated trigger of
their sub-event type.
"""
import argparse
import os
import re
import sys
from collections import OrderedDict, defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VOWELS = set("AEIOU")
# Words after a verb that are not nouns: no article goes before them.
PARTICLES = {"UP", "DOWN", "OFF", "OUT", "AWAY", "BACK", "OVER", "IN", "ON", "AT", "TO", "INTO",
             "FROM", "WITH", "BY", "FOR", "AGAINST", "OF", "AFTER", "DURING", "BEFORE", "NEAR",
             "OUTSIDE", "INSIDE", "BETWEEN", "THROUGH", "TOWARD", "UNDER", "AS", "ALONGSIDE",
             "WHEN", "IF", "SINCE", "PUBLICLY", "BITTERLY", "THE", "A", "AN"}


# ---------------------------------------------------------------------------------------
# Word forms


def verb_forms(verb):
    """PETRARCH's regular forms of a verb: -s, -ed, -ing (no consonant doubling: a verb that
    doubles lists its forms in braces)."""
    if verb.endswith("E"):
        return [verb + "S", verb + "D", verb[:-1] + "ING"]
    if verb.endswith("Y") and len(verb) > 1 and verb[-2] not in VOWELS:
        return [verb[:-1] + "IES", verb[:-1] + "IED", verb + "ING"]
    if verb.endswith(("S", "X", "Z", "CH", "SH")):
        return [verb + "ES", verb + "ED", verb + "ING"]
    return [verb + "S", verb + "ED", verb + "ING"]


IRREGULAR_PLURALS = {"CHILD": "CHILDREN", "PERSON": "PEOPLE", "WIFE": "WIVES"}


def noun_plural(noun):
    """The regular plural of a noun (of its last word), or None for a noun that is plural
    or a mass noun already ("troops", "infantry", "personnel") or whose head is not last
    ("chief of the army")."""
    last = noun.split("_")[-1]
    if "_OF_" in noun or "_IN_" in noun or noun.endswith(("MEN", "PEOPLE", "PERSONNEL", "RY")):
        return None
    if (last.endswith("S") and not last.endswith("SS")) or last in ("POLICE", "INTELLIGENCE",
                                                                     "SECURITY", "ENFORCEMENT"):
        return None
    for singular, plural in IRREGULAR_PLURALS.items():
        if noun.endswith(singular):
            return noun[: -len(singular)] + plural
    if noun.endswith("MAN"):
        return noun[:-3] + "MEN"
    if noun.endswith("Y") and len(noun) > 1 and noun[-2] not in VOWELS:
        return noun[:-1] + "IES"
    if noun.endswith(("S", "X", "Z", "CH", "SH")):
        return noun + "ES"
    return noun + "S"


def form_kind(verb, form):
    """Which of base / s / ed / ing a form of `verb` is (for the forms column)."""
    head = form.split("_")[0]
    if form == verb:
        return "base"
    if head.endswith("ING"):
        return "ing"
    if head.endswith("S") and not head.endswith("SS") and head != verb.split("_")[0]:
        return "s"
    return "ed"  # -ed and irregular past forms (STRUCK, SLAIN)


def phrase_text(word):
    """CAMEO spelling -> sitrep phrase: "+BLOW_UP" -> "blow up"."""
    return " ".join(w for w in word.strip("+").lower().split("_") if w)


# ---------------------------------------------------------------------------------------
# Reading the sources


def read_tsv(path, min_cols):
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            cols = [c.strip() for c in line.split("\t")]
            if len(cols) < min_cols:
                sys.exit(f"{path}:{n}: expected at least {min_cols} TAB-separated columns")
            rows.append((n, cols))
    return rows


def parse_code(text):
    """"[190]" / "[175:140]" / "[:110]" / "[---]" -> the source-side code or None."""
    m = re.search(r"\[([^\]]*)\]", text)
    if not m:
        return None
    code = m.group(1).split(":")[0].strip()
    return code if re.fullmatch(r"\d{2,4}", code) else None


class CameoBlock:
    def __init__(self, name, code):
        self.name, self.code = name, code
        self.verbs = []     # (word as written, its own code or None, [forms])
        self.patterns = []  # (text before "[", code, [verbs named in the comment])


def read_cameo(path):
    """The verb blocks of a PETRARCH2 verb dictionary (its synsets are skipped)."""
    blocks = []
    block, synset = None, None
    with open(path, encoding="latin-1") as f:
        for raw in f:
            line = raw.rstrip("\n")
            stripped = line.strip()
            if not stripped:
                synset = None
                continue
            if stripped.startswith("####"):
                block, synset = None, None
                continue
            m = re.match(r"^---\s+(\S+)\s+\[([^\]]*)\]", stripped)
            if m:
                block = CameoBlock(m.group(1), parse_code("[" + m.group(2) + "]"))
                blocks.append(block)
                synset = None
                continue
            if stripped.startswith("&"):
                synset = stripped.split()[0]
                continue
            if synset is not None and stripped.startswith("+"):
                continue
            if block is None or stripped.startswith(("#", "~")):
                continue
            body, _, comment = stripped.partition("#")
            if stripped.startswith("-"):
                code = parse_code(body)
                text = body[1:body.find("[")] if "[" in body else body[1:]
                verbs = [v.strip() for v in comment.split(",") if v.strip()]
                verbs = [v.split()[0] for v in verbs if v.split()]
                block.patterns.append((text.strip(), code, verbs))
                continue
            word = body.split("{")[0].split("[")[0].split()[0] if body.split() else ""
            if not word:
                continue
            forms = None
            if "{" in body:
                inner = body[body.find("{") + 1:body.find("}")]
                forms = [w for w in inner.replace(",", " ").split()]
            code = parse_code(body[body.find("}") + 1:] if "}" in body else body)
            if forms is None:
                forms = verb_forms(word.lstrip("+").split("_")[0])
                if "_" in word:  # multi-word verb: the first word inflects
                    rest = "_" + word.lstrip("+").split("_", 1)[1]
                    forms = ["+" + f + rest for f in forms]
            entry = (word, code, [word] + [f for f in forms if f != word])
            # A verb listed twice, once with its {irregular forms}: the irregular ones win.
            same = [i for i, v in enumerate(block.verbs) if v[0] == word]
            if same and "{" in body:
                block.verbs[same[0]] = entry
            elif not same:
                block.verbs.append(entry)
    return blocks


def read_agents(path):
    """Phoenix agents: (noun as written, [forms], code) for each entry."""
    subst, out = {}, []
    with open(path, encoding="latin-1") as f:
        for raw in f:
            line = raw.split("#")[0].strip()
            if not line:
                continue
            m = re.match(r"^!(\w+)!\s*=\s*(.*)$", line)
            if m:
                subst[m.group(1)] = [w.strip() for w in m.group(2).split(",") if w.strip()]
                continue
            m = re.match(r"^(.*?)\s*(\{[^}]*\})?\s*\[~(\w+)\]", line)
            if not m:
                continue
            noun, braces, code = m.group(1).strip(), m.group(2), m.group(3)
            if not noun:
                continue
            nouns = [noun]
            sm = re.search(r"!(\w+)!", noun)
            if sm and sm.group(1) in subst:
                nouns = [noun.replace(sm.group(0), w) for w in subst[sm.group(1)]]
            for n in nouns:
                if braces is not None:
                    forms = [n] + braces.strip("{}").split()
                elif n.endswith("_") or sm:
                    forms = [n]
                else:
                    forms = [n] + [p for p in [noun_plural(n)] if p]
                out.append((noun, [f.strip("_") for f in forms if f.strip("_")], code))
    return out


def read_groups(path):
    """Phoenix non-state actors: each entry's first line -> its names and synonyms."""
    groups, current = {}, None
    with open(path, encoding="latin-1") as f:
        for raw in f:
            line = raw.split("#")[0].rstrip()
            if not line.strip():
                current = None
                continue
            if line.startswith("+") and current is not None:
                groups[current].append(line[1:].strip())
            elif not line[0].isspace() and "[" in line:
                current = line[:line.find("[")].strip()
                groups[current] = [current]
    return groups


def group_aliases(name):
    """"MORO_ISLAMIC_LIBERATION_FRONT_(MILF)_" -> ["moro islamic liberation front", "MILF"]:
    the name, and an acronym in parentheses as written (sitrep matches all-capital aliases
    case-sensitively); other parenthesised notes are dropped."""
    out = []
    for m in re.finditer(r"\(([^)]*)\)?", name):
        if re.fullmatch(r"[A-Z][A-Z0-9\-]{1,5}", m.group(1)):
            out.append(m.group(1))
    plain = re.sub(r"\([^)]*\)?", " ", name)
    plain = " ".join(w for w in plain.replace("_", " ").split())
    if plain:
        out.insert(0, plain if re.fullmatch(r"[A-Z0-9\-]{2,8}", plain) else plain.lower())
    return out


# ---------------------------------------------------------------------------------------
# The curated lists, as token sequences (to keep imported phrases from shadowing them)


def tokens(phrase):
    """sitrep's tokenisation, near enough: words, and each punctuation mark on its own."""
    return re.findall(r"[\w]+|[^\w\s]", phrase.lower())


class Curated:
    def __init__(self, data_dir):
        self.phrases = []  # (token tuple, stem: last word is a prefix)
        self.exact = set()
        self.actor_aliases = set()
        self.trigger_min_weight = {}
        self.trigger_rows = []  # (tokens, stem, (type, sub, weight, flags)) in file order
        for _, c in read_tsv(os.path.join(data_dir, "triggers.tsv"), 4):
            self.add(c[0])
            flags = c[4].split(",") if len(c) > 4 else []
            self.trigger_rows.append((tuple(tokens(c[0].rstrip("*"))), c[0].endswith("*"),
                                      (c[1], c[2], int(c[3]), c[4] if len(c) > 4 else "")))
            if "casualty" not in flags:
                key = (c[1], c[2])
                self.trigger_min_weight[key] = min(self.trigger_min_weight.get(key, 9), int(c[3]))
        for _, c in read_tsv(os.path.join(data_dir, "nationalities.tsv"), 2):
            for a in c[1].split("|"):
                if a.strip():
                    self.add(a.strip())
        self.trigger_or_nationality = list(self.phrases)
        self.aliases_of = defaultdict(list)  # canonical -> its curated aliases, as phrases
        for _, c in read_tsv(os.path.join(data_dir, "actors.tsv"), 3):
            for a in c[2].split("|"):
                if a.strip():
                    self.add(a.strip())
                    self.actor_aliases.add(" ".join(tokens(a)))
                    self.aliases_of[c[0]].append(self.phrases[-1])

    def add(self, phrase):
        stem = phrase.endswith("*")
        toks = tuple(tokens(phrase.rstrip("*")))
        if toks:
            self.phrases.append((toks, stem))
            if not stem:
                self.exact.add(toks)

    def trigger(self, phrase):
        """The curated trigger that matches the whole of `phrase` (type, sub, weight, flags),
        as the lexicon would choose it: an exact phrase before a stem, the first listed."""
        toks = tuple(tokens(phrase))
        for want_stem in (False, True):
            for cur, stem, row in self.trigger_rows:
                if stem != want_stem or len(cur) != len(toks) or cur[:-1] != toks[:-1]:
                    continue
                if cur[-1] == toks[-1] or (stem and toks[-1].startswith(cur[-1])):
                    return row
        return None

    def covers(self, phrase, phrases=None):
        """Does a curated phrase (of `phrases`: by default every trigger, nationality word and
        actor alias) match inside `phrase` or the whole of it?"""
        toks = tuple(tokens(phrase))
        for cur, stem in self.phrases if phrases is None else phrases:
            n = len(cur)
            for i in range(len(toks) - n + 1):
                window = toks[i:i + n]
                if window[:-1] != cur[:-1]:
                    continue
                if window[-1] == cur[-1] or (stem and window[-1].startswith(cur[-1])):
                    return True
        return False


# ---------------------------------------------------------------------------------------
# The decision tables


class CameoMap:
    """data/petrarch2/cameo_acled.tsv: codes ("190", most specific prefix wins), verbs, and
    patterns to drop ("- * TANKS" in any block, "TRADE - * FIRE" in one)."""

    def __init__(self, path):
        self.codes, self.verbs, self.dropped_patterns = {}, {}, set()
        for n, c in read_tsv(path, 3):
            key, typ, sub = c[0], c[1], c[2]
            flags = c[3] if len(c) > 3 and c[3] != "-" else ""
            scope = c[4] if len(c) > 4 and c[4] not in ("", "-") else ""
            if key.startswith("- ") or " - " in key:  # "- * TANKS" or "TRADE - * FIRE"
                block, _, pattern = key.rpartition("- ")
                self.dropped_patterns.add((block.strip(), " ".join(pattern.split())))
                continue
            if re.fullmatch(r"\d{2,4}", key):
                self.codes[key] = None if typ == "-" else (typ, sub, flags, None, scope == "patterns")
            else:
                forms = set(scope.split(",")) if scope else None
                self.verbs[key.lstrip("+")] = None if typ == "-" else (typ, sub, flags, forms, False)

    def of_code(self, code):
        while code:
            if code in self.codes:
                return self.codes[code]
            code = code[:-1]
        return None


class AgentMap:
    """data/petrarch2/agents_acled.tsv: agent codes ("MIL") and nouns ("COMMANDER")."""

    def __init__(self, path):
        self.codes, self.nouns = {}, {}
        for n, c in read_tsv(path, 3):
            key, canonical, inter = c[0], c[1], c[2]
            entry = None if canonical == "-" else (canonical, int(inter))
            if key.startswith("~"):
                self.codes[key[1:]] = entry
            else:
                self.nouns[key.strip("_")] = entry

    def of(self, noun, code):
        if noun.strip("_") in self.nouns:
            return self.nouns[noun.strip("_")]
        return self.codes.get(code)


# ---------------------------------------------------------------------------------------
# Import


def expand_pattern(text):
    """The word sequences a post-verb pattern stands for, or None when it does not map to
    plain phrases: "ROAD" -> [["ROAD"], ["ROADS"]]; "(IN PROTEST)" -> [["IN", "PROTEST"]]."""
    if "*" not in text:
        return None
    before, _, after = text.partition("*")
    if before.strip() or re.search(r"[$+^%|*&]", after):
        return None  # words before the verb, source/target markers, synsets: need a parse
    in_phrase = after.rstrip().endswith(")")  # "(IN FRONT)": an idiom, no plural
    words = after.replace("(", " ").replace(")", " ").replace("{", " ").replace("}", " ").split()
    if not words or all(w in PARTICLES for w in words):
        return None  # "* (INTO)" names no thing
    seqs = [[]]
    for i, w in enumerate(words):
        if not re.fullmatch(r"[A-Z][A-Z'/\-]*", w):
            return None
        alts = []
        for a in w.split("/"):
            alts.append(a)
            if i == len(words) - 1 and not in_phrase and a not in PARTICLES and noun_plural(a):
                alts.append(noun_plural(a))
        seqs = [s + [a] for s in seqs for a in alts if a]
    return seqs


SIBLING_ORDER = {"ed": 0, "base": 1, "s": 2, "ing": 3}


def import_triggers(blocks, cmap, curated, log):
    """Triggers from the verb blocks: each family (the forms of one verb, followed by the
    same words) is read as its curated member is, when it has one ("exchanging fire" as the
    curated "exchanged fire"), else as its CAMEO code or verb row says."""
    rows = OrderedDict()  # phrase -> (type, sub, weight, flags, source)

    def add_family(verb, forms, rest, entry, source):
        phrases = [(form_kind(verb, f.lstrip("+")), phrase_text(f) + rest) for f in forms]
        sibling = None
        for _, p in sorted(phrases, key=lambda kp: SIBLING_ORDER[kp[0]]):
            sibling = curated.trigger(p)
            if sibling:
                break
        if entry[3] is not None:  # the verb row names the forms to import
            phrases = [(k, p) for k, p in phrases if k in entry[3]]
        if sibling:
            typ, sub, _, flags = sibling
            extra = [f for f in entry[2].split(",") if f == "agentive" and f not in flags.split(",")]
            flags = ",".join([f for f in flags.split(",") if f] + extra)
        else:
            typ, sub, flags = entry[:3]
        weight = max(1, curated.trigger_min_weight.get((typ, sub), 2) - 1)
        for _, phrase in phrases:
            if phrase in rows:
                if rows[phrase][:2] != (typ, sub):
                    log["conflict"].append(f"{phrase}: {rows[phrase][4]} vs {source}")
                continue
            if tuple(tokens(phrase)) in curated.exact:
                log["curated"].append(phrase)
            elif curated.covers(phrase):
                log["shadows"].append(phrase)
            else:
                rows[phrase] = (typ, sub, weight, flags, source)

    for b in blocks:
        for word, own_code, forms in b.verbs:
            key = word.lstrip("+")
            entry = cmap.verbs[key] if key in cmap.verbs else cmap.of_code(own_code or b.code or "")
            if entry is not None:
                add_family(key, forms, "", entry, f"{b.name} {word}")
        verb_forms_of = {w.lstrip("+"): f for w, _, f in b.verbs}
        for text, code, named in b.patterns:
            entry = cmap.of_code(code or "")
            pattern = " ".join(text.split())
            if (entry is None or not entry[4] or ("", pattern) in cmap.dropped_patterns or
                    (b.name, pattern) in cmap.dropped_patterns):
                continue
            seqs = expand_pattern(text)
            if seqs is None:
                log["pattern dropped"].append(f"{b.name}: - {text} [{code}]")
                continue
            entry = entry[:3] + (None,) + entry[4:]  # every form of the verb
            for verb in named:
                base = verb if verb in verb_forms_of else None
                if base is None:  # the comment names a form ("RALLIED"): find its verb
                    base = next((v for v, f in verb_forms_of.items()
                                 if verb in [x.lstrip("+") for x in f]), None)
                if base is None:
                    continue
                for seq in seqs:
                    rest = " " + " ".join(phrase_text(w) for w in seq)
                    add_family(base, verb_forms_of[base], rest, entry, f"{b.name} - {text}")
                    if seq[0] not in PARTICLES:
                        art = "an" if seq[0][0] in VOWELS else "a"
                        for det in ("the", art):
                            add_family(base, verb_forms_of[base], f" {det}{rest}", entry,
                                       f"{b.name} - {text}")
    return rows


def import_actors(agents, amap, groups, group_map, curated, log):
    """Actor aliases: the agent nouns of mapped agent codes, then the names of mapped groups."""
    rows = OrderedDict()  # (canonical, inter) -> [aliases]
    seen = set()
    candidates = []
    for noun, forms, code in agents:
        entry = amap.of(noun, code)
        if entry is not None:
            candidates += [(entry, phrase_text(f)) for f in forms]
    for name, (canonical, inter, drop) in group_map.items():
        if name not in groups:
            sys.exit(f"groups_acled.tsv: {name}: no such entry in Phoenix.MilNonState.actors.txt")
        for written in groups[name]:
            if written in drop:
                continue
            candidates += [((canonical, inter), a) for a in group_aliases(written) if a not in drop]
    for (canonical, inter), alias in candidates:
        key = " ".join(tokens(alias))
        if key in seen:
            continue
        seen.add(key)
        if key in curated.actor_aliases:
            log["actor curated"].append(alias)
        elif curated.covers(alias, curated.trigger_or_nationality):
            log["actor shadows"].append(alias)
        elif curated.covers(alias, curated.aliases_of.get(canonical, [])):
            # "military officer" adds nothing to the curated "military" and "officer" of the
            # same actor. (Another actor's alias inside is fine: "new people's army" is more
            # specific than "army", and the longest alias wins.)
            log["actor repeats its own"].append(alias)
        else:
            rows.setdefault((canonical, inter), []).append(alias)
    return rows


HEADER_TRIGGERS = """\
# DERIVED FILE, do not edit: written by scripts/import_petrarch2.py from PETRARCH2's CAMEO
# verb dictionary (CAMEO.2.0.txt, (c) 2015 Open Event Data Alliance, MIT licence: see
# LICENSE in this folder) through the decisions of cameo_acled.tsv. The columns of
# data/triggers.tsv, and a sixth: the CAMEO block and the verb or pattern the phrase came
# from. Imported phrases never shadow curated ones and weigh one less than the weakest
# curated trigger of their sub-event type.
"""

HEADER_ACTORS = """\
# DERIVED FILE, do not edit: written by scripts/import_petrarch2.py from PETRARCH2's agents
# and non-state actors (Phoenix.agents.txt, Phoenix.MilNonState.actors.txt, (c) 2014 Open
# Event Data Alliance, MIT licence: see LICENSE in this folder) through the decisions of
# agents_acled.tsv and groups_acled.tsv. The columns of data/actors.tsv. Aliases the
# curated actors.tsv has, or that contain a curated trigger, a nationality word or an alias
# of the same actor, are left out.
"""


def render(args):
    out_dir = os.path.join(args.data, "petrarch2")
    curated = Curated(args.data)
    blocks = read_cameo(os.path.join(args.source, "CAMEO.2.0.txt"))
    cmap = CameoMap(os.path.join(out_dir, "cameo_acled.tsv"))
    log = defaultdict(list)
    trig = import_triggers(blocks, cmap, curated, log)
    agents = read_agents(os.path.join(args.source, "Phoenix.agents.txt"))
    amap = AgentMap(os.path.join(out_dir, "agents_acled.tsv"))
    groups = read_groups(os.path.join(args.source, "Phoenix.MilNonState.actors.txt"))
    group_map = OrderedDict()
    for _, c in read_tsv(os.path.join(out_dir, "groups_acled.tsv"), 3):
        drop = set(c[3].split("|")) if len(c) > 3 and c[3] != "-" else set()
        group_map[c[0]] = (c[1], int(c[2]), drop)
    acts = import_actors(agents, amap, groups, group_map, curated, log)
    t = HEADER_TRIGGERS + "".join(
        f"{p}\t{typ}\t{sub}\t{w}\t{flags}\t{src}\n" for p, (typ, sub, w, flags, src) in trig.items())
    a = HEADER_ACTORS + "".join(
        f"{canonical}\t{inter}\t{'|'.join(aliases)}\n" for (canonical, inter), aliases in acts.items())
    with open(os.path.join(args.source, "..", "LICENSE"), encoding="utf-8") as f:
        lic = f.read()
    return {"triggers.tsv": t, "actors.tsv": a, "LICENSE": lic}, log, out_dir


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--source", default=os.path.join(ROOT, "..", "shared", "external", "petrarch2",
                                                     "dictionaries"))
    ap.add_argument("--data", default=os.path.join(ROOT, "data"))
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    if not os.path.isdir(args.source):
        print(f"{args.source}: PETRARCH2 dictionaries not found", file=sys.stderr)
        return 77 if args.check else 2
    files, log, out_dir = render(args)
    if args.check:
        stale = []
        for name, text in files.items():
            path = os.path.join(out_dir, name)
            if not os.path.exists(path) or open(path, encoding="utf-8").read() != text:
                stale.append(path)
        for p in stale:
            print(f"{p}: out of date: run scripts/import_petrarch2.py", file=sys.stderr)
        return 1 if stale else 0
    for name, text in files.items():
        with open(os.path.join(out_dir, name), "w", encoding="utf-8") as f:
            f.write(text)
    n_trig = files["triggers.tsv"].count("\n") - HEADER_TRIGGERS.count("\n")
    n_alias = sum(len(l.split("\t")[2].split("|")) for l in files["actors.tsv"].splitlines()
                  if l and not l.startswith("#"))
    print(f"{n_trig} triggers, {n_alias} actor aliases")
    for k, v in log.items():
        print(f"  left out ({k}): {len(v)}")
        if args.verbose:
            for x in v:
                print(f"    {x}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
