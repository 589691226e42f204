#!/usr/bin/env python3
"""Writes a synthetic news corpus (JSONL articles) for the Python and Dask tests and benches.

Every sentence is a template written for this project (no outlet's text): incidents of
ACLED's kinds (bombings, clashes, air strikes, shelling, abductions, protests) in real
places, each reported by one to three outlets on the same or the next days, mixed with
articles that report no event. Articles are shuffled, so the reports of one incident land
in different partitions. A fixed seed makes the bytes reproducible.

    python3 python/tests/make_news.py --articles 20000 --out /tmp/news.jsonl
    python3 python/tests/make_news.py --articles 20000 --files 4 --out /tmp/news/   # 4 files
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random

PLACES = [
    ("Syria", ["Daraa", "Idlib", "Aleppo", "Homs", "Hama", "Raqqa", "Deir ez-Zor", "Maarat al-Numan", "Jisr al-Shughur", "Tafas"]),
    ("Iraq", ["Mosul", "Kirkuk", "Tikrit", "Ramadi", "Fallujah", "Baqubah", "Samarra", "Tuz Khurmatu"]),
    ("Nigeria", ["Maiduguri", "Damboa", "Konduga", "Bama", "Gwoza", "Monguno"]),
    ("Afghanistan", ["Kandahar", "Ghazni", "Kunduz", "Jalalabad", "Herat"]),
    ("Yemen", ["Taiz", "Marib", "Hodeidah", "Aden", "Saada"]),
    ("Somalia", ["Mogadishu", "Baidoa", "Kismayo", "Beledweyne"]),
]
GROUPS = {
    "Syria": ["Hayat Tahrir al-Sham", "Islamic State"],
    "Iraq": ["Islamic State"],
    "Nigeria": ["Boko Haram", "ISWAP"],
    "Afghanistan": ["the Taliban"],
    "Yemen": ["Houthi"],
    "Somalia": ["al-Shabaab"],
}
OUTLETS = ["Desert Wire", "Valley Courier", "The Morning Ledger", "Riverside Daily", "Crossroads Radio", "Northern Star"]
NUMBER_WORDS = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twelve"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

# {n} a number, {town}, {town2}, {group}, {day} "on Monday" (or "yesterday"/"today").
INCIDENTS = {
    "bomb": [
        "{N} civilians were killed {day} when a car bomb exploded near a busy market in {town}, local officials said.",
        "A car bomb went off {day} outside a bakery in {town}, killing {n} people and wounding dozens, a hospital source said.",
        "{N} people died {day} in a car bomb blast in the centre of {town}, according to the provincial health office.",
    ],
    "ied": [
        "A roadside bomb struck a military vehicle {day} on the road between {town} and {town2}, killing {n} soldiers.",
        "{N} soldiers were killed {day} when their patrol hit a landmine near {town}, a military official said.",
    ],
    "clash": [
        "Government forces and {group} fighters clashed {day} on the outskirts of {town}, leaving {n} fighters dead.",
        "Heavy fighting broke out {day} between the army and {group} militants near {town}; {n} militants were killed.",
        "{N} fighters were killed {day} in clashes between {group} and government troops around {town}.",
    ],
    "airstrike": [
        "An air strike hit a village near {town} {day}, killing {n} civilians, residents said.",
        "Warplanes bombed a market in {town} {day}, killing {n} people, a civil defence volunteer said.",
        "{N} civilians were killed {day} when an airstrike destroyed a house in {town}.",
    ],
    "shelling": [
        "Artillery shells fell on residential areas of {town} {day}, killing {n} civilians.",
        "Government forces shelled {town} {day}, killing {n} people, including children.",
    ],
    "abduction": [
        "Gunmen abducted {n} farmers from their fields outside {town} {day}, police said.",
        "{group} militants kidnapped {n} aid workers on the road to {town} {day}.",
    ],
    "protest": [
        "Hundreds of people protested in {town} {day} against rising bread prices and power cuts.",
        "Residents of {town} demonstrated {day} to demand the release of detained relatives.",
        "Teachers held a peaceful protest in front of the governor's office in {town} {day} over unpaid salaries.",
    ],
}
FILLER = [
    "The ministry announced a new vaccination campaign for schools in {town}.",
    "Farmers in the countryside of {town} expect a good wheat harvest this year.",
    "Prices of fuel and bread rose again this month, traders in {town} said.",
    "A new bridge over the river near {town} opened to traffic after two years of work.",
    "The local council of {town} discussed plans to repair the water network.",
]
TITLES = {
    "bomb": "Car bomb kills {n} in {town}",
    "ied": "Soldiers killed by roadside bomb near {town}",
    "clash": "Clashes near {town}",
    "airstrike": "Air strike on {town}",
    "shelling": "Shelling hits {town}",
    "abduction": "{N} abducted near {town}",
    "protest": "Protest in {town}",
}


def day_phrase(event: datetime.date, published: datetime.date, rng: random.Random) -> str:
    gap = (published - event).days
    if gap == 0:
        return "today" if rng.random() < 0.3 else f"on {WEEKDAYS[event.weekday()]}"
    if gap == 1 and rng.random() < 0.5:
        return "yesterday"
    return f"on {WEEKDAYS[event.weekday()]}"


def make_articles(count: int, seed: int = 7) -> list[dict]:
    rng = random.Random(seed)
    start = datetime.date(2019, 1, 1)
    articles: list[dict] = []
    incident = 0
    while len(articles) < count:
        incident += 1
        country, towns = rng.choice(PLACES)
        town = rng.choice(towns)
        town2 = rng.choice([t for t in towns if t != town])
        event_date = start + datetime.timedelta(days=rng.randrange(730))
        if rng.random() < 0.2:  # an article that reports no event
            published = event_date
            sentences = [s.format(town=town) for s in rng.sample(FILLER, 2)]
            articles.append(article(f"n{incident:06d}", rng.choice(OUTLETS), published,
                                    f"News from {town}", sentences))
            continue
        kind = rng.choice(sorted(INCIDENTS))
        n = rng.randrange(len(NUMBER_WORDS))
        group = rng.choice(GROUPS[country])
        reports = min(rng.choice([1, 1, 2, 2, 3]), count - len(articles))
        for r, outlet in enumerate(rng.sample(OUTLETS, reports)):
            published = event_date + datetime.timedelta(days=rng.choice([0, 1, 1, 2]))
            fill = {"town": town, "town2": town2, "group": group, "n": NUMBER_WORDS[n],
                    "N": NUMBER_WORDS[n].capitalize(), "day": day_phrase(event_date, published, rng)}
            sentences = [rng.choice(INCIDENTS[kind]).format(**fill)]
            sentences.append(rng.choice(FILLER).format(town=town))
            title = TITLES[kind].format(**fill)
            articles.append(article(f"i{incident:06d}-{r}", outlet, published, title, sentences))
    rng.shuffle(articles)
    return articles[:count]


def article(article_id: str, outlet: str, published: datetime.date, title: str,
            sentences: list[str]) -> dict:
    text = f"{title}\n\n{outlet} - " + " ".join(sentences)
    return {"id": article_id, "published": published.isoformat(), "publisher": outlet,
            "title": title, "text": text}


def write(articles: list[dict], out: str, files: int = 1) -> list[str]:
    """Writes `articles` to `out` (one file) or to `files` files in directory `out`."""
    if files <= 1:
        os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
        paths = [out]
    else:
        os.makedirs(out, exist_ok=True)
        paths = [os.path.join(out, f"news-{i:03d}.jsonl") for i in range(files)]
    per_file = -(-len(articles) // len(paths))
    for i, path in enumerate(paths):
        with open(path, "w", encoding="utf-8") as f:
            for a in articles[i * per_file:(i + 1) * per_file]:
                f.write(json.dumps(a, ensure_ascii=False) + "\n")
    return paths


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=20000)
    ap.add_argument("--files", type=int, default=1)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    write(make_articles(args.articles, args.seed), args.out, args.files)


if __name__ == "__main__":
    main()
