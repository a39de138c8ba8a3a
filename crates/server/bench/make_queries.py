#!/usr/bin/env python3
"""Writes the load test's query mix, one URL-encoded query a line, from the shared data:
news titles (vn_news_baomoi), ALQAC legal questions (2023 and 2024), and a third of each
with its diacritics removed (đ -> d), as people type on a phone.

Usage: make_queries.py DATA_DIR OUT_FILE [N_TITLES]
Prints which files it used. Deterministic (fixed seed) so runs compare."""
import json, lzma, random, sys, unicodedata, urllib.parse
from pathlib import Path

data = Path(sys.argv[1])
out = Path(sys.argv[2])
n_titles = int(sys.argv[3]) if len(sys.argv) > 3 else 1500
rng = random.Random(20261122)

def fold(text):
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in text if not unicodedata.combining(c)).lower()

news = data / "corpora/vn_news_baomoi/vn_news_baomoi.jsonl.xz"
titles = []
with lzma.open(news, "rt", encoding="utf-8") as f:
    for i, line in enumerate(f):
        if i >= 20000:
            break
        title = json.loads(line).get("title", "").strip()
        if title:
            titles.append(title)
titles = rng.sample(titles, min(n_titles, len(titles)))

questions = []
for path in [data / "alqac/alqac2023/train.json", data / "alqac/alqac2024/train.json"]:
    for q in json.load(open(path, encoding="utf-8")):
        text = (q.get("text") or q.get("statement") or q.get("question") or "").strip()
        if text:
            questions.append(text[:300])

queries = titles + questions
queries += [fold(q) for q in rng.sample(queries, len(queries) // 3)]
rng.shuffle(queries)
out.write_text("".join(urllib.parse.quote_plus(q) + "\n" for q in queries), encoding="utf-8")
print(f"used: {news} ({len(titles)} titles), alqac2023/2024 train.json ({len(questions)} questions)")
print(f"wrote {len(queries)} queries ({len(queries) // 4} without diacritics) to {out}")
