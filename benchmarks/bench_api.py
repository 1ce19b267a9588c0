"""API latency on a big store: p50/p95 of /api/events pages on 100,000 generated events.

The store is filled with generated events (bulk inserts: realistic types, days over two
years, places across Syria, Iraq, Yemen and Libya, two actors each, one source article
per five events), then the API runs under uvicorn on 127.0.0.1 and a client asks for
pages: the first page, filtered pages (type, country, bounding box, actor, free text,
minimum fatalities, a date range), a deep page reached by cursor, and /api/stats (after a
write, when no remembered answer serves, and asked again).
"""
from __future__ import annotations

import argparse
import json
import random
import socket
import statistics
import tempfile
import threading
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import httpx
import uvicorn
from sqlalchemy import insert, text

from rasid.api import create_app
from rasid.store import Store, schema as db
from rasid.store.queries import search_key

TYPES = [("Battles", "Armed clash"), ("Battles", "Government regains territory"),
         ("Explosions/Remote violence", "Air/drone strike"), ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
         ("Violence against civilians", "Attack"), ("Strategic developments", "Arrests")]
PLACES = [("Aleppo", "حلب", "SY", "Aleppo", 36.20, 37.16), ("Al Ḩasakah", "الحسكة", "SY", "Al-Hasakeh", 36.50, 40.75),
          ("Ramadi", "الرمادي", "IQ", "Al-Anbar", 33.42, 43.31), ("Mosul", "الموصل", "IQ", "Ninewa", 36.34, 43.13),
          ("Taiz", "تعز", "YE", "Ta'iz", 13.58, 44.02), ("Aden", "عدن", "YE", "Aden", 12.78, 45.04),
          ("Sirte", "سرت", "LY", "Sirt", 31.21, 16.59), ("Benghazi", "بنغازي", "LY", "East", 32.11, 20.07)]
ACTORS = [("syrian-army", "Military Forces of Syria", "قوات النظام", 1), ("sdf", "Syrian Democratic Forces", "قسد", 2),
          ("islamic-state", "Islamic State", "داعش", 2), ("houthis", "Houthi Movement", "الحوثيون", 2),
          ("popular-resistance", "Popular Resistance", "المقاومة الشعبية", 3), ("civilians", "Civilians", "مدنيين", 7),
          ("intl-coalition", "International Coalition", "التحالف الدولي", 8), ("lna", "Libyan National Army", "الجيش الليبي", 1)]


def fill(store: Store, n_events: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    now = datetime.now(timezone.utc)
    start = date(2015, 1, 1)
    n_articles = n_events // 5
    with store.engine.begin() as con:
        con.execute(insert(db.Article), [
            {"id": i + 1, "doc_id": f"gen-{i}", "origin": "generated", "url": f"https://example.org/{i}", "title": None,
             "published": start + timedelta(days=i % 730), "text": "عنوان\n\nاشتباكات في المدينة.", "raw": b"",
             "content_hash": f"{i:064x}", "received_at": now} for i in range(n_articles)])
        events, sources = [], []
        for i in range(n_events):
            event_type, sub_type = rng.choice(TYPES)
            name, name_ar, country, admin1, lat, lon = rng.choice(PLACES)
            actors = [dict(zip(("id", "name", "name_ar", "inter"), a)) for a in rng.sample(ACTORS, 2)]
            day = start + timedelta(days=rng.randrange(730))
            fatalities = rng.choice([0, 0, 0, 1, 2, 3, 5, 12, 27])
            location = {"place_id": name, "name": name, "name_ar": name_ar, "country": country, "admin1": admin1,
                        "lat": lat + rng.uniform(-0.05, 0.05), "lon": lon + rng.uniform(-0.05, 0.05), "geo_precision": 1}
            event_id = f"RSD-{i:010X}"
            events.append({
                "id": event_id, "event_type": event_type, "sub_event_type": sub_type, "event_date": day, "sort_day": day,
                "date_start": day, "date_end": day, "time_precision": 1, "country": country, "admin1": admin1,
                "lat": location["lat"], "lon": location["lon"], "location": location, "actors": actors,
                "fatalities": fatalities, "deaths_low": fatalities or None, "deaths_best": fatalities or None,
                "deaths_high": fatalities or None, "deaths_by_side": {}, "displaced_households": None,
                "displaced_individuals": None, "claimed_by": [], "n_sources": 1, "created_at": now, "updated_at": now,
                "search_text": search_key([event_type, sub_type, name, name_ar, admin1,
                                           *(a["name"] for a in actors), *(a["name_ar"] for a in actors)]),
                "actor_text": search_key([*(a["name"] for a in actors), *(a["name_ar"] for a in actors)])})
            sources.append({"article_id": i // 5 + 1, "position": i % 5, "event_id": event_id, "merge_score": None,
                            "merge_reason": "generated",
                            "record": {"event_type": event_type, "sub_event_type": sub_type, "claims": [],
                                       "evidence": [[7, 20]]}})
        for chunk in range(0, n_events, 10_000):
            con.execute(insert(db.Event), events[chunk:chunk + 10_000])
            con.execute(insert(db.EventSource), sources[chunk:chunk + 10_000])
    with store.engine.begin() as con:  # fresh statistics, as a long-lived database has
        con.execute(text("ANALYZE"))


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=100, help="per kind of request")
    parser.add_argument("--db", help="a database URL to fill (default: a temporary SQLite file)")
    parser.add_argument("--json", metavar="OUT", help="write p50/p95 per request kind to OUT")
    args = parser.parse_args()
    url = args.db or f"sqlite:///{Path(tempfile.mkdtemp(prefix='rasid-bench-')) / 'rasid.db'}"
    store = Store(url)
    t = time.perf_counter()
    fill(store, args.events)
    print(f"store {store.url.split('@')[-1]}: {args.events:,} events generated in {time.perf_counter() - t:.1f} s")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(store), host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    kinds = {
        "first page (50, newest first)": {},
        "type=Battles": {"type": "Battles"},
        "country=YE, sort by fatalities": {"country": "YE", "sort": "-fatalities"},
        "bbox around Aleppo": {"bbox": "36.9,36.0,37.4,36.4"},
        "actor=داعش (Arabic)": {"actor": "داعش"},
        "free text q=الحسكة": {"q": "الحسكة"},
        "min_fatalities=12 and a year": {"min_fatalities": 12, "date_from": "2016-01-01", "date_to": "2016-12-31"},
    }
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
        deep = {}
        page = client.get("/api/events", params={"limit": 500}).json()
        for _ in range(20):  # 10,000 events down
            page = client.get("/api/events", params={"limit": 500, "cursor": page["next_cursor"]}).json()
        deep = {"cursor": page["next_cursor"]}
        kinds["a page 10,000 events deep (cursor)"] = deep
        all_times = []
        figures: dict[str, dict[str, float]] = {}
        print(f"{'request':45s} {'p50 ms':>8s} {'p95 ms':>8s}")
        for label, params in kinds.items():
            times = []
            for _ in range(args.requests):
                t = time.perf_counter()
                response = client.get("/api/events", params=params)
                times.append((time.perf_counter() - t) * 1000)
                assert response.status_code == 200, response.text
            all_times += times
            figures[label] = {"p50_ms": statistics.median(times), "p95_ms": percentile(times, 95)}
            print(f"{label:45s} {statistics.median(times):8.1f} {percentile(times, 95):8.1f}")
        print(f"{'/api/events, all kinds above':45s} {statistics.median(all_times):8.1f} {percentile(all_times, 95):8.1f}")
        figures["/api/events, all kinds"] = {"p50_ms": statistics.median(all_times), "p95_ms": percentile(all_times, 95)}
        for label, params, changed in (("/api/stats, each after a write", {}, True),
                                       ("/api/stats, asked again", {}, False),
                                       ("/api/stats?country=SY, each after a write", {"country": "SY"}, True)):
            times = []
            for n in range(max(10, args.requests // 5)):
                if changed:  # a write moves the store's version: no remembered answer serves
                    with store.engine.begin() as con:
                        con.execute(text("UPDATE events SET updated_at = :now WHERE id = :id"),
                                    {"now": datetime.now(timezone.utc), "id": f"RSD-{n:010X}"})
                t = time.perf_counter()
                assert client.get("/api/stats", params=params).status_code == 200
                times.append((time.perf_counter() - t) * 1000)
            figures[label] = {"p50_ms": statistics.median(times), "p95_ms": percentile(times, 95)}
            print(f"{label:45s} {statistics.median(times):8.1f} {percentile(times, 95):8.1f}")
    server.should_exit = True
    if args.json:
        Path(args.json).write_text(json.dumps({"events": args.events, "requests": figures}, indent=1))


if __name__ == "__main__":
    main()
