#!/usr/bin/env python3
"""Synthetic news reports for store tests and benchmarks (Python standard library only).

Every sentence template here was written for this project. Reports vary the place, date,
figures, actors and outlet, so a large set gives many distinct events; the same seed gives
the same bytes.

    python3 tests/store/synthetic.py --articles 20000 --out /tmp/reports.jsonl
"""
import argparse
import datetime as dt
import json
import random
import sys

# (town, province) pairs the gazetteer knows, in countries sitrep covers.
PLACES = [
    ("Saraqib", "Idlib"), ("Ariha", "Idlib"), ("Maarat al-Numan", "Idlib"), ("Jisr al-Shughur", "Idlib"),
    ("Khan Shaykhun", "Idlib"), ("Kafr Nabl", "Idlib"), ("Atarib", "Aleppo"), ("Al-Bab", "Aleppo"),
    ("Azaz", "Aleppo"), ("Manbij", "Aleppo"), ("Jarablus", "Aleppo"), ("Afrin", "Aleppo"),
    ("Nawa", "Daraa"), ("Tafas", "Daraa"), ("Jasim", "Daraa"), ("Inkhil", "Daraa"), ("Busra al-Sham", "Daraa"),
    ("Sanamayn", "Daraa"), ("Dael", "Daraa"), ("Tal Shihab", "Daraa"), ("Palmyra", "Homs"),
    ("Talbiseh", "Homs"), ("Rastan", "Homs"), ("Qusayr", "Homs"), ("Mayadin", "Deir ez-Zor"),
    ("Al-Bukamal", "Deir ez-Zor"), ("Hajin", "Deir ez-Zor"), ("Shuhayl", "Deir ez-Zor"),
    ("Tabqa", "Raqqa"), ("Ain Issa", "Raqqa"), ("Tal Abyad", "Raqqa"), ("Qamishli", "Hasakah"),
    ("Ras al-Ain", "Hasakah"), ("Tikrit", "Salahuddin"), ("Samarra", "Salahuddin"), ("Baiji", "Salahuddin"),
    ("Fallujah", "Anbar"), ("Ramadi", "Anbar"), ("Hit", "Anbar"), ("Baqubah", "Diyala"),
    ("Khanaqin", "Diyala"), ("Tuz Khurmatu", "Salahuddin"), ("Kirkuk", "Kirkuk"), ("Hawija", "Kirkuk"),
    ("Sinjar", "Nineveh"), ("Tal Afar", "Nineveh"), ("Marib", "Marib"), ("Taiz", "Taiz"),
    ("Hodeidah", "Al Hudaydah"), ("Saada", "Saada"), ("Maiduguri", "Borno"), ("Konduga", "Borno"),
    ("Gwoza", "Borno"), ("Damboa", "Borno"), ("Bama", "Borno"), ("Monguno", "Borno"),
    ("Kandahar", "Kandahar"), ("Ghazni", "Ghazni"), ("Kunduz", "Kunduz"), ("Jalalabad", "Nangarhar"),
]

OUTLETS = ["Test Wire", "Valley Herald", "Frontline Daily", "Night Desk", "Kestrel News",
           "Meridian Post", "Harbour Times", "Signal Agency"]

NUMBERS = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "11", "12", "14"]

# {place}, {province}, {n}, {m}, {day} are filled per report.
TEMPLATES = [
    "A roadside bomb exploded near a military vehicle in {place}, {province} province, on {day}, "
    "killing {n} soldiers and wounding {m} others, officials said.",
    "Government forces and insurgents clashed near {place} in {province} province on {day}, "
    "leaving {n} fighters dead, a local monitor reported.",
    "An air strike hit a market in {place}, {province} province, on {day}, killing {n} civilians, "
    "rescue workers said.",
    "Gunmen on motorcycles shot dead {n} police officers at a checkpoint in {place}, {province} "
    "province, on {day}, the interior ministry said.",
    "Hundreds of people protested in {place}, {province} province, on {day} against rising fuel "
    "prices, local activists said.",
    "Shelling on {place} in {province} province killed {n} civilians on {day}, medics said.",
    "Security forces arrested {n} people in a raid on {place}, {province} province, on {day}, "
    "residents said.",
]

FILLER = [
    "The area has seen repeated violence in recent months.",
    "Residents said the roads out of the town were closed for several hours.",
    "No group has claimed responsibility so far.",
    "Aid workers said hospitals in the area were short of supplies.",
]

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def article(i, rng, start=dt.date(2019, 1, 1), days=1500):
    published = start + dt.timedelta(days=rng.randrange(days))
    event_day = published - dt.timedelta(days=rng.choice([0, 1, 1, 2]))
    place, province = rng.choice(PLACES)
    day = WEEKDAYS[event_day.weekday()]
    fill = dict(place=place, province=province, day=day, n=rng.choice(NUMBERS), m=rng.choice(NUMBERS))
    sentences = [rng.choice(TEMPLATES).format(**fill)]
    if rng.random() < 0.5:
        place2, province2 = rng.choice(PLACES)
        fill2 = dict(place=place2, province=province2, day=day, n=rng.choice(NUMBERS),
                     m=rng.choice(NUMBERS))
        second = rng.choice(TEMPLATES).format(**fill2)
        sentences.append("Separately, " + second[0].lower() + second[1:])
    sentences.append(rng.choice(FILLER))
    return {"id": "syn-%07d" % i, "published": published.isoformat(),
            "publisher": rng.choice(OUTLETS), "title": "Report %d" % i,
            "text": "\n\n".join(sentences)}


def articles(n, seed=1):
    rng = random.Random(seed)
    return [article(i, rng) for i in range(n)]


def write(path, n, seed=1):
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8") as f:
        for i in range(n):
            f.write(json.dumps(article(i, rng), ensure_ascii=False) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", default="-")
    args = ap.parse_args()
    if args.out == "-":
        rng = random.Random(args.seed)
        for i in range(args.articles):
            sys.stdout.write(json.dumps(article(i, rng), ensure_ascii=False) + "\n")
    else:
        write(args.out, args.articles, args.seed)


if __name__ == "__main__":
    main()
