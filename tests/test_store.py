"""The store on SQLite and on the PostgreSQL server of this machine: saving, idempotence,
fusion across articles, stable ids, deletions, near-duplicates, quarantine, migrations."""
from __future__ import annotations

import json
from datetime import date

from sqlalchemy import create_engine, inspect, text

from rasid import Article, process
from rasid.errors import NotArabic
from rasid.model import RawInput
from rasid.store import Store, database_url
from rasid.store.migrate import upgrade

TUESDAY = date(2015, 7, 21)
CLASH = "اندلعت اشتباكات عنيفة أمس بين قوات النظام وجبهة النصرة في مدينة حلب، ما أسفر عن مقتل 12 عنصرا من جبهة النصرة."
SAME_CLASH = ("قالت مصادر محلية إن اشتباكات دارت أمس بين قوات النظام وجبهة النصرة في حلب "
              "وأسفرت عن مقتل 15 من عناصر جبهة النصرة.")
STRIKE = "شن طيران النظام غارات أمس على مدينة حلب."
FAR_CLASH = "اندلعت اشتباكات أمس بين قوات النظام وجبهة النصرة في مدينة حمص."
NO_EVENT = "قال المتحدث باسم الحكومة إن الوضع هادئ وإن الحياة تعود إلى طبيعتها."


def doc(doc_id: str, body: str, outlet: str = "outlet-a"):
    return process(Article(doc_id=doc_id, text=f"عنوان الخبر\n\n{body}", published=TUESDAY,
                           outlet=outlet, url=f"https://{outlet}.example/{doc_id}"))


def test_the_same_event_from_two_outlets_is_one_event_with_both_sources(store_url):
    with Store(store_url) as store:
        assert store.save(doc("a1", CLASH)).status == "stored"
        assert store.save(doc("a2", SAME_CLASH, outlet="outlet-b")).status == "stored"
        store.save(doc("a3", STRIKE))
        store.save(doc("a4", FAR_CLASH))
        events = store.events(limit=50)
        clashes = [e for e in events if e["sub_event_type"] == "Armed clash"]
        assert len(clashes) == 2  # Aleppo and Homs stay apart
        (aleppo,) = [e for e in clashes if e["location"]["name_ar"] == "حلب"]
        assert [s["doc_id"] for s in aleppo["sources"]] == ["a1", "a2"]
        assert aleppo["fatalities"] == 12  # ACLED: the lowest reported figure
        assert aleppo["deaths"] == {"low": 12, "best": 14, "high": 15}  # best: median of 12 and 15, rounded
        assert aleppo["deaths_by_side"] == {"Jabhat al-Nusra": 14}
        assert {c["value"] for c in aleppo["claims"]} == {12, 15}
        assert any(e["event_type"] == "Explosions/Remote violence" for e in events)  # not merged into the clash
        (second,) = [s for s in store.fusion(aleppo["id"]) if s["doc_id"] == "a2"]
        assert second["score"] > 0 and "same day" in second["decision"] and "same place" in second["decision"]
        summary = store.summary()
        assert summary["articles"] == 4 and summary["events"] == 3 and summary["sources"] == 4


def test_saving_again_is_idempotent_and_ids_are_stable(store_url):
    with Store(store_url) as store:
        store.save(doc("a1", CLASH))
        (first,) = store.events()
        assert store.save(doc("a1", CLASH)).status == "duplicate"
        assert store.save(doc("copy-of-a1", CLASH)).status == "duplicate"  # same text under another id
        store.save(doc("a2", SAME_CLASH, outlet="outlet-b"))
        (event,) = store.events()
        assert event["id"] == first["id"] and event["created_at"] == first["created_at"]
        assert event["updated_at"] > first["updated_at"] and event["n_sources"] == 2
        assert store.summary()["articles"] == 2


def test_an_event_whose_sources_stop_reporting_it_is_deleted_and_listed(store_url):
    with Store(store_url) as store:
        store.save(doc("a1", CLASH))
        store.save(doc("a2", SAME_CLASH, outlet="outlet-b"))
        (event,) = store.events()
        assert store.save(doc("a2", NO_EVENT, outlet="outlet-b")).status == "replaced"  # a corrected article
        (kept,) = store.events()
        assert kept["id"] == event["id"] and kept["n_sources"] == 1 and kept["deaths"]["high"] == 12
        store.save(doc("a1", NO_EVENT))
        assert store.events() == [] and store.event(event["id"]) is None
        (deleted,) = store.deletions()
        assert deleted["event_id"] == event["id"] and "no longer report" in deleted["reason"]
        store.save(doc("a3", CLASH))  # reported again by another article: the id of that article's event
        (again,) = store.events()
        assert again["id"] != event["id"]


def test_a_near_duplicate_is_linked_not_counted_twice(store_url, seed_record):
    original = seed_record["text"]
    reworded = original.replace("تتواصل الاشتباكات", "تستمر الاشتباكات", 1)
    assert reworded != original
    with Store(store_url) as store:
        store.save(process(Article(doc_id="seed", text=original, published=TUESDAY)))
        before = store.summary()
        result = store.save(process(Article(doc_id="seed-copy", text=reworded, published=TUESDAY)))
        assert result.status == "near_duplicate" and "similar to seed" in result.detail
        after = store.summary()
        assert after["articles"] == before["articles"] + 1 and after["near_duplicates"] == 1
        assert (after["events"], after["sources"], after["claims"]) == (before["events"], before["sources"], before["claims"])


def test_bad_input_is_quarantined_raw_with_its_reason(store_url):
    with Store(store_url) as store:
        store.quarantine(RawInput("in/english.txt", b"Hello world"), NotArabic("in/english.txt", "not Arabic"))
        summary = store.summary()
        assert summary["quarantined"] == 1 and summary["quarantine"][0][1] == "not_arabic"
        with store.engine.connect() as con:
            assert con.execute(text("SELECT raw FROM quarantine")).scalar() == b"Hello world"
            assert con.execute(text("SELECT status FROM ingest_log")).scalar() == "quarantined"


def test_opening_a_store_migrates_it_to_the_newest_revision(store_url):
    with Store(store_url) as store:
        tables = set(inspect(store.engine).get_table_names())
        assert {"articles", "event_sources", "events", "claims", "quarantine", "ingest_log",
                "feeds", "outlets", "article_bands", "event_counts", "writer_lock", "event_reviews",
                "source_links", "quality_runs", "alerts", "alert_states",
                "alert_messages", "alert_deliveries", "alembic_version"} <= tables
        with store.engine.connect() as con:
            assert con.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0011"
    with Store(store_url) as store:  # opening again changes nothing
        assert store.summary()["articles"] == 0


def test_the_same_articles_give_the_same_events_and_ids_in_any_order(shared, tmp_path):
    """A real dump stored forward, backward and shuffled: the same events, the same sources
    in each, the same ids (ACLED users rely on event ids staying put)."""
    import random

    from rasid.ingest import IngestSettings, read_inputs

    dump = shared / "data" / "saudinewsnet-conflict-subset" / "saudinewsnet_conflict_2015.jsonl"
    lines = dump.read_text(encoding="utf-8").splitlines()[:150]
    path = tmp_path / "saudinewsnet_conflict_2015.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    docs = [process(article) for _, article in read_inputs([str(path)], IngestSettings())]
    shuffled = docs[:]
    random.Random(18).shuffle(shuffled)

    def events_of(order, name):
        with Store(tmp_path / name) as store:
            for d in order:
                store.save(d)
            return {e["event_id"]: sorted((s["doc_id"]) for s in e["sources"]) for e in store.iter_events()}

    forward = events_of(docs, "forward.db")
    assert len(forward) > 300 and any(len(sources) > 2 for sources in forward.values())
    assert events_of(list(reversed(docs)), "backward.db") == forward
    assert events_of(shuffled, "shuffled.db") == forward


def test_a_store_of_revision_3_keeps_its_mentions_as_one_document_per_article(store_url):
    """Revision 4 moves the mention rows into their article: nothing is lost on the way."""
    engine = create_engine(database_url(store_url))
    upgrade(engine, "0003")
    with engine.begin() as con:
        con.execute(text("INSERT INTO articles (id, doc_id, origin, text, raw, content_hash, received_at) "
                         "VALUES (1, 'a1', 'a1', 'نص', :raw, 'h', CURRENT_TIMESTAMP)"), {"raw": b"x"})
        con.execute(text("INSERT INTO mentions (article_id, kind, start, \"end\", surface, value, rule) VALUES "
                         "(1, 'PLACE', 5, 9, 'حلب', :place, 'gazetteer'), (1, 'DATE', 0, 4, 'أمس', 'null', 'dates')"),
                    {"place": json.dumps({"place_id": "aleppo"})})
    engine.dispose()
    with Store(store_url) as store:
        mentions = store.article("a1")["mentions"]
    assert [(m["kind"], m["start"], m["surface"], m["value"]) for m in mentions] == [
        ("DATE", 0, "أمس", None), ("PLACE", 5, "حلب", {"place_id": "aleppo"})]


def test_stats_are_remembered_until_the_store_changes(store_url):
    from rasid.store.queries import EventQuery

    with Store(store_url) as store:
        store.save(doc("a1", CLASH))
        first = store.stats(EventQuery())
        first["events"] = -1  # a caller changing its answer changes nobody else's
        assert store.stats(EventQuery()) == store.stats(EventQuery()) and store.stats(EventQuery())["events"] == 1
        store.save(doc("a4", FAR_CLASH))
        assert store.stats(EventQuery())["events"] == 2
        store.save(doc("a2", NO_EVENT))  # nothing new
        store.save(doc("a1", NO_EVENT))  # the only report of an event is corrected away: one event fewer
        assert store.stats(EventQuery())["events"] == 1
        assert_counts_are_a_scan(store)


def assert_counts_are_a_scan(store: Store) -> None:
    """The maintained counts give the statistics a scan of the events gives (a filter on
    fatalities >= 0 selects every event and makes stats() scan), whole and by country."""
    from rasid.export import ExportFilters
    from rasid.store.queries import EventQuery

    for country in (None, "SY"):
        counted = store.stats(EventQuery(ExportFilters(country=country)))
        scanned = store.stats(EventQuery(ExportFilters(country=country, min_fatalities=0)))
        assert counted == scanned
