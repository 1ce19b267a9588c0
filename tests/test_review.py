"""Analyst review: corrections laid over fusion survive later articles, re-ingest and
renames; every review is in the audit trail; only review keys may review. SQLite and
PostgreSQL alike."""
from __future__ import annotations

import pytest
from conftest import serving
from test_store import CLASH, FAR_CLASH, SAME_CLASH, STRIKE, assert_counts_are_a_scan, doc

from rasid.api import create_app
from rasid.store import Store
from rasid.store.review import BadReview



def only_event(store: Store) -> dict:
    (event,) = store.events()
    return event


def homs_id() -> str:
    from rasid.recognise.gazetteer import gazetteer

    return next(p.id for p in gazetteer().places if p.name_ar == "حمص" and p.country == "SY")


def test_a_correction_survives_new_reports_a_reingest_and_a_rename(store_url):
    with Store(store_url) as store:
        store.save(doc("a1", CLASH))
        event = only_event(store)
        assert event["review"] == {"status": "machine", "by": None, "at": None, "corrections": {}, "machine": {}}
        reviewed = store.review(event["id"], "correct", reviewer="desk", reason="the SOHR count",
                                fields={"fatalities": 30, "location": {"place_id": homs_id()},
                                        "sub_event_type": "Government regains territory"})
        assert reviewed["fatalities"] == 30 and reviewed["location"]["name_ar"] == "حمص"
        assert reviewed["sub_event_type"] == "Government regains territory"
        assert reviewed["review"]["status"] == "corrected" and reviewed["review"]["by"] == "desk"
        assert reviewed["review"]["machine"]["fatalities"] == 12, "the machine's value, beside the reviewer's"
        assert_counts_are_a_scan(store)

        store.save(doc("a2", SAME_CLASH, outlet="outlet-b"))  # a second report fuses in
        event = only_event(store)
        assert event["n_sources"] == 2 and event["fatalities"] == 30 and event["location"]["name_ar"] == "حمص"
        assert event["review"]["machine"]["fatalities"] == 12

        store.save(doc("a1", CLASH.replace("12 عنصرا", "9 عناصر")))  # the outlet corrects its article
        event = only_event(store)
        assert event["fatalities"] == 30 and event["review"]["machine"]["fatalities"] == 9

        store.save(doc("a0", SAME_CLASH, outlet="outlet-c"))  # an earlier report: fusion renames the event
        renamed = only_event(store)
        assert renamed["id"] != event["id"] and renamed["fatalities"] == 30
        assert renamed["review"]["status"] == "corrected" and renamed["review"]["corrections"]["fatalities"] == 30
        actions = [r["action"] for r in store.reviews(renamed["id"])]  # its forebears' trail with its own
        assert actions[0] == "correct" and set(actions[1:]) == {"carry_over"}, actions
        trail = store.reviews(event["id"])
        assert trail[0]["action"] == "correct" and trail[0]["reason"] == "the SOHR count"
        assert trail[0]["changes"]["fatalities"] == [12, 30] and trail[0]["reviewer"] == "desk"
        assert_counts_are_a_scan(store)

        reopened = store.review(renamed["id"], "reopen", reviewer="desk")
        assert reopened["review"]["status"] == "machine" and reopened["fatalities"] == 9
        assert reopened["location"]["name_ar"] == "حلب" and reopened["review"]["corrections"] == {}


def test_confirm_and_reject_are_states_with_their_reviewer_and_time(store_url):
    with Store(store_url) as store:
        store.save(doc("a1", CLASH))
        event_id = only_event(store)["id"]
        assert store.review(event_id, "confirm", reviewer="ana")["review"]["status"] == "confirmed"
        rejected = store.review(event_id, "reject", reviewer="omar", reason="a reported total, not one event")
        assert rejected["review"]["status"] == "rejected" and rejected["review"]["by"] == "omar"
        assert [r["changes"]["review_status"] for r in store.reviews(event_id)] == [
            ["machine", "confirmed"], ["confirmed", "rejected"]]
        assert store.review("RSD-NOSUCH", "confirm", reviewer="ana") is None


@pytest.mark.parametrize("action, fields, says", [
    ("correct", {"wounded": 3}, "cannot correct wounded"),
    ("correct", {"sub_event_type": "Air/drone strike"}, "is not a sub-type of 'Battles'"),
    ("correct", {"event_date": "2015-02-30"}, "not a day"),
    ("correct", {"fatalities": -1}, "not a count"),
    ("correct", {"location": {"place_id": "nowhere"}}, "no place"),
    ("correct", {"location": {"lat": 123, "lon": 0}}, "no latitude"),
    ("correct", {"actors": ["no-such-actor"]}, "no actor"),
    ("correct", None, "at least one field"),
    ("confirm", {"fatalities": 3}, "takes no fields"),
    ("approve", None, "unknown action"),
])
def test_a_review_the_store_cannot_take_is_refused_in_words(tmp_path, action, fields, says):
    with Store(tmp_path / "rasid.db") as store:
        store.save(doc("a1", CLASH))
        event_id = only_event(store)["id"]
        with pytest.raises(BadReview, match=says):
            store.review(event_id, action, reviewer="desk", fields=fields)
        assert store.reviews(event_id) == [] and only_event(store)["review"]["status"] == "machine"


def test_only_a_review_key_may_review_through_the_api(store_url):
    import httpx

    with Store(store_url) as store:
        store.save(doc("a1", CLASH))
        event_id = only_event(store)["id"]
        keys = {role: store.create_api_key(f"{role}-key", role=role) for role in ("read", "write", "review", "admin")}
        with serving(create_app(store)) as base, httpx.Client(base_url=base, timeout=60) as client:
            (queued,) = client.get("/api/review/queue").json()["events"]
            assert queued["id"] == event_id and isinstance(queued["needs"], list)
            path = f"/api/events/{event_id}/review"
            body = {"action": "correct", "fields": {"fatalities": 20}, "reason": "checked"}
            assert client.post(path, json=body).status_code == 401
            for role in ("read", "write"):
                assert client.post(path, json=body, headers={"X-API-Key": keys[role]}).status_code == 403, role
            done = client.post(path, json=body, headers={"X-API-Key": keys["review"]})
            assert done.status_code == 200 and done.json()["fatalities"] == 20
            assert done.json()["review"]["by"] == "review-key"
            bad = client.post(path, json={"action": "correct", "fields": {"fatalities": "many"}},
                              headers={"X-API-Key": keys["admin"]})
            assert bad.status_code == 400 and bad.json()["error"]["code"] == "bad_review"
            missing = client.post("/api/events/RSD-NOSUCH/review", json={"action": "confirm"},
                                  headers={"X-API-Key": keys["review"]})
            assert missing.status_code == 404
            trail = client.get(f"/api/events/{event_id}/reviews").json()["reviews"]
            assert [(r["action"], r["reviewer"], r["changes"]["fatalities"]) for r in trail] == [
                ("correct", "review-key", [12, 20])]
            assert client.get(f"/api/events/{event_id}").json()["review"]["status"] == "corrected"
            assert client.get("/api/review/queue").json()["events"] == []


def test_a_read_key_gets_403_on_every_write_the_api_has(tmp_path):
    import httpx
    from starlette.routing import Route

    with Store(tmp_path / "r.db") as store:
        read, review = (store.create_api_key(role, role=role) for role in ("read", "review"))
        app = create_app(store)
        writes = sorted({(r.path.replace("{event_id}", "RSD-X").replace("{doc_id}", "d"), method)
                         for r in app.routes if isinstance(r, Route) for method in r.methods - {"GET", "HEAD"}})
        assert {path for path, _ in writes} >= {"/api/articles", "/api/events/RSD-X/review",
                                                "/api/events/RSD-X/merge", "/api/events/RSD-X/split"}
        with serving(app) as base, httpx.Client(base_url=base, timeout=60) as client:
            for path, method in writes:
                answer = client.request(method, path, json={}, headers={"X-API-Key": read})
                assert answer.status_code == 403, (method, path, answer.text)
            assert client.get("/api/whoami", headers={"X-API-Key": review}).json() == {"name": "review",
                                                                                      "role": "review"}
            assert client.get("/api/whoami", headers={"X-API-Key": "rsd_nope"}).status_code == 401


def test_merge_split_places_and_actors_through_the_api(store_url):
    import httpx

    with Store(store_url) as store:
        store.save(doc("a1", CLASH))
        store.save(doc("b1", FAR_CLASH, outlet="outlet-b"))
        first, second = (e["id"] for e in store.events())
        key = {"X-API-Key": store.create_api_key("desk", role="review")}
        with serving(create_app(store)) as base, httpx.Client(base_url=base, timeout=60) as client:
            merged = client.post(f"/api/events/{first}/merge", json={"with": second, "reason": "one"}, headers=key)
            assert merged.status_code == 200 and merged.json()["n_sources"] == 2
            assert client.post(f"/api/events/{first}/merge", json={"with": "RSD-NOSUCH"}, headers=key).status_code == 404
            parts = client.post(f"/api/events/{merged.json()['id']}/split", json={"articles": ["b1"]}, headers=key)
            assert parts.status_code == 200 and len(parts.json()["events"]) == 2
            refused = client.post(f"/api/events/{merged.json()['id']}/split", json={}, headers=key)
            assert refused.status_code == 400 and refused.json()["error"]["code"] == "bad_review"
            homs = client.get("/api/places", params={"q": "حمص"}).json()["places"][0]
            assert (homs["name"], homs["country"], homs["kind"]) == ("Homs", "SY", "city"), "the city before the province"
            near = client.get("/api/places", params={"lat": homs["lat"] + 0.01, "lon": homs["lon"]}).json()["places"]
            assert near[0]["distance_km"] < 5 and all(a["distance_km"] <= b["distance_km"]
                                                      for a, b in zip(near, near[1:]))
            assert client.get("/api/places").status_code == 400
            (sdf,) = client.get("/api/actors", params={"q": "قسد"}).json()["actors"]
            assert (sdf["id"], sdf["name"]) == ("sdf", "Syrian Democratic Forces")


def test_fully_reviewed_articles_become_gold_lines_the_scorer_reads(store_url, tmp_path, shared):
    import json
    import subprocess
    import sys

    with Store(store_url) as store:
        store.save(doc("a1", CLASH))
        store.save(doc("a2", SAME_CLASH, outlet="outlet-b"))
        store.save(doc("a3", "شن طيران النظام غارات أمس على مدينة حمص."))
        clash, strike = sorted(store.events(), key=lambda e: e["event_type"])
        assert list(store.gold_documents()) == [], "nothing reviewed, no gold"
        store.review(clash["id"], "correct", reviewer="desk", fields={"fatalities": 14})
        store.review(strike["id"], "reject", reviewer="desk", reason="not a strike of that day")
        gold = list(store.gold_documents())
    assert [d["doc_id"] for d in gold] == ["a1", "a2", "a3"]
    a1, a2, a3 = gold
    assert a3["events"] == [], "a rejected event is reviewed, and not an event"
    (event,) = a1["events"]
    assert event["fatalities"] == 14 and event["sub_event_type"] == "Armed clash"
    assert [c["value"] for c in event["claims"]] == [12] and [c["value"] for c in a2["events"][0]["claims"]] == [15]
    assert a1["text"].startswith("عنوان الخبر") and event["evidence"]
    assert all(isinstance(a, list) and a for a in event["actors"]), "each actor a list of acceptable names"
    assert any("Nusra" in name for names in event["actors"] for name in names)

    gold_file, predicted = tmp_path / "gold.jsonl", tmp_path / "pred.jsonl"
    gold_file.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in gold), encoding="utf-8")
    run = [sys.executable, "-m", "rasid"]
    assert subprocess.run([*run, "extract", str(gold_file), "--out", str(predicted)], capture_output=True).returncode == 0
    scored = subprocess.run([sys.executable, str(shared / "tools" / "score_events.py"), str(gold_file), str(predicted)],
                            capture_output=True, text=True)
    assert scored.returncode == 0 and "strict" in scored.stdout.lower(), scored.stderr


def test_exports_mark_reviewed_events_and_can_keep_only_them(tmp_path):
    import csv
    import io

    from rasid.export import ExportFilters, write_export
    from rasid.store.queries import EventQuery

    with Store(tmp_path / "rasid.db") as store:
        store.save(doc("a1", CLASH))
        store.save(doc("a3", "شن طيران النظام غارات أمس على مدينة حمص."))
        clash, strike = sorted(store.events(), key=lambda e: e["event_type"])
        store.review(clash["id"], "confirm", reviewer="desk")
        store.review(strike["id"], "reject", reviewer="desk")

        def kept(review: str) -> list[str]:
            return [e["id"] for e in store.matching_events(EventQuery(ExportFilters(review=review)))]

        assert kept("reviewed") == [clash["id"]] and kept("rejected") == [strike["id"]]
        assert kept("not_rejected") == [clash["id"]] and kept("machine") == []
        out = io.BytesIO()
        write_export(store.iter_events(), "acled-csv", out)
        tags = {r["event_type"]: r["tags"] for r in csv.DictReader(io.StringIO(out.getvalue().decode()))}
        assert "reviewed: confirmed" in tags["Battles"] and "reviewed: rejected" in tags["Explosions/Remote violence"]
        out = io.BytesIO()
        write_export(store.iter_events(), "hxl-csv", out)
        assert "#status+review" in out.getvalue().decode() and "confirmed" in out.getvalue().decode()


def test_the_review_queue_puts_what_most_needs_a_person_first(tmp_path):
    with Store(tmp_path / "rasid.db") as store:
        store.save(doc("a1", CLASH))  # 12 killed
        store.save(doc("a4", "اندلعت اشتباكات أمس بين قوات النظام وجبهة النصرة في مدينة حمص، ما أسفر عن مقتل 40 عنصرا."))
        store.save(doc("a3", "شن طيران النظام غارات أمس على مدينة حماة."))
        queue, total = store.review_queue()
        assert [e["fatalities"] for e in queue] == sorted((e["fatalities"] for e in queue), reverse=True)
        assert queue[0]["fatalities"] == 40 and total == len(queue) == 3
        assert {"code": "large_toll", "value": 40, "detail": "toll of 40"} in queue[0]["needs"]
        store.review(queue[0]["id"], "confirm", reviewer="desk")
        assert queue[0]["id"] not in [e["id"] for e in store.review_queue()[0]], "reviewed events leave the queue"
        assert store.review_queue(limit=1)[1] == 2 and len(store.review_queue(limit=1)[0]) == 1


def test_a_merge_holds_against_fusion_and_a_reingest_and_a_split_undoes_it(store_url):
    with Store(store_url) as store:
        store.save(doc("a1", CLASH))
        store.save(doc("b1", FAR_CLASH, outlet="outlet-b"))  # Homs, not Aleppo: fusion keeps them apart
        aleppo, homs = sorted(store.events(), key=lambda e: e["location"]["name_ar"] != "حلب")
        store.review(homs["id"], "correct", reviewer="desk", fields={"fatalities": 14})
        merged = store.merge(aleppo["id"], homs["id"], reviewer="desk", reason="one clash, misplaced by b1")
        assert merged["n_sources"] == 2 and {s["doc_id"] for s in merged["sources"]} == {"a1", "b1"}
        assert [e["id"] for e in store.events()] == [merged["id"]]
        trail = store.reviews(merged["id"])  # the correction made before the merge, on the event merged away, too
        assert [(r["action"], r["event_id"]) for r in trail][:3] == [
            ("correct", homs["id"]), ("merge", aleppo["id"]), ("merge", homs["id"])]
        assert trail[1]["changes"]["merged"] == [[aleppo["id"], homs["id"]], merged["id"]]
        assert_counts_are_a_scan(store)

        store.save(doc("b1", FAR_CLASH + " وأسفرت عن مقتل 4.", outlet="outlet-b"))  # b1 re-ingested, changed
        (event,) = store.events()
        assert event["id"] == merged["id"] and {s["doc_id"] for s in event["sources"]} == {"a1", "b1"}
        store.save(doc("a1", CLASH.replace("12 عنصرا", "9 عناصر")))  # and a1, the event's first source
        (event,) = store.events()
        assert event["id"] == merged["id"] and event["n_sources"] == 2

        parts = store.split(event["id"], reviewer="desk", reason="two clashes after all")
        assert sorted(len(p["sources"]) for p in parts) == [1, 1] and parts[0]["id"] == merged["id"]
        assert [r["action"] for r in store.reviews(merged["id"])][-1] == "split"
        store.save(doc("a2", SAME_CLASH, outlet="outlet-c"))  # a later report joins one part, the split holds
        assert sorted(e["n_sources"] for e in store.events()) == [1, 2]
        assert_counts_are_a_scan(store)


def test_what_cannot_be_merged_or_split_is_refused_in_words(store_url):
    with Store(store_url) as store:
        store.save(doc("a1", CLASH + "\n" + STRIKE))
        first, second = store.events()
        with pytest.raises(BadReview, match="both events of article a1"):
            store.merge(first["id"], second["id"], reviewer="desk")
        with pytest.raises(BadReview, match="cannot be merged with itself"):
            store.merge(first["id"], first["id"], reviewer="desk")
        with pytest.raises(BadReview, match="one article only"):
            store.split(first["id"], reviewer="desk")
        assert store.merge(first["id"], "RSD-NOSUCH", reviewer="desk") is None


def test_a_reviewer_corrects_a_claims_claimant_and_modality_and_settles_its_flags(store_url):
    with Store(store_url) as store:
        store.save(doc("a1", CLASH))
        event = only_event(store)
        (claim,) = [c for c in event["claims"] if c["kind"] == "killed"]
        fixed = store.review(event["id"], "correct", reviewer="desk", fields={
            "claims": {claim["key"]: {"claimant": "Syrian Observatory for Human Rights",
                                      "claimant_type": "activists", "modality": "alleged"}}})
        (now,) = [c for c in fixed["claims"] if c["key"] == claim["key"]]
        assert (now["claimant"], now["claimant_type"], now["modality"]) == (
            "Syrian Observatory for Human Rights", "activists", "alleged")
        assert fixed["review"]["machine"]["claims"][claim["key"]]["modality"] == claim["modality"]
        assert store.reviews(event["id"])[-1]["changes"]["claims"][0] == {
            claim["key"]: {"claimant": claim["claimant"], "claimant_type": claim["claimant_type"],
                           "modality": claim["modality"]}}
        store.save(doc("a2", SAME_CLASH, outlet="outlet-b"))  # the correction stays as fusion goes on
        (again,) = [c for c in only_event(store)["claims"] if c["key"] == claim["key"]]
        assert again["modality"] == "alleged"
        with pytest.raises(BadReview, match="no claim"):
            store.review(event["id"], "correct", reviewer="desk", fields={"claims": {"nope": {"modality": "denied"}}})
        with pytest.raises(BadReview, match="modality 'maybe'"):
            store.review(event["id"], "correct", reviewer="desk",
                         fields={"claims": {claim["key"]: {"modality": "maybe"}}})


def test_a_corrected_toll_settles_the_flags_that_doubted_it():
    from rasid.store.review import overlay

    flags = [{"code": "toll_above_type"}, {"code": "retrospective"}]
    fields, machine = overlay({"fatalities": 247, "flags": flags}, {"fatalities": 47})
    assert fields["flags"] == [{"code": "retrospective"}] and machine == {"fatalities": 247}


def test_quality_scores_this_rasid_against_the_teams_reviews_and_keeps_each_run(tmp_path):
    import subprocess
    import sys

    db = tmp_path / "rasid.db"
    with Store(db) as store:
        store.save(doc("a1", CLASH))
        store.save(doc("a2", STRIKE))
        clash, strike = sorted(store.events(), key=lambda e: e["event_type"] != "Battles")
        store.review(clash["id"], "confirm", reviewer="desk")
        store.review(strike["id"], "correct", reviewer="desk", fields={"fatalities": 3}, reason="3 killed, per SOHR")

    def quality() -> str:
        run = subprocess.run([sys.executable, "-m", "rasid", "quality", "--db", str(db), "--workers", "1"],
                             capture_output=True, text=True, timeout=300, check=False)
        assert run.returncode == 0, run.stderr
        return run.stdout

    first = quality()
    assert first.startswith("strict F1 0.500  (1 of 2 gold events fully right, 2 predicted)"), first
    assert "detected (type matched)           1.000  1.000  1.000" in first, "the toll alone is wrong"
    with Store(db) as store:
        store.review(strike["id"], "reopen", reviewer="desk")
        store.review(strike["id"], "confirm", reviewer="desk")
    second = quality()
    assert second.startswith("strict F1 1.000"), second
    with Store(db) as store:
        runs = store.quality_runs()
    assert [run["strict"][2] for run in runs] == [0.5, 1.0] and runs[0]["documents"] == 2
    assert second.count(" rasid ") == 2, "every run is listed, oldest first"


def test_a_rejected_event_leaves_the_lists_the_counts_and_the_exports_until_reopened(store_url):
    from rasid.export import ExportFilters
    from rasid.store.queries import EventQuery

    with Store(store_url) as store:
        store.save(doc("a1", CLASH))
        store.save(doc("b1", STRIKE, outlet="outlet-b"))
        strike = next(e for e in store.events() if e["event_type"] != "Battles")
        every = EventQuery(ExportFilters())
        assert store.stats(every)["events"] == 2
        store.review(strike["id"], "reject", reviewer="desk", reason="a threat, not a strike")
        assert [e["id"] for e in store.search_events(every)[0]] != [strike["id"]]
        assert len(store.search_events(every)[0]) == 1 and store.stats(every)["events"] == 1
        assert_counts_are_a_scan(store)
        rejected = EventQuery(ExportFilters(review="rejected"))
        assert [e["id"] for e in store.search_events(rejected)[0]] == [strike["id"]]
        assert store.event(strike["id"])["review"]["status"] == "rejected", "still there to reopen"
        summary = store.summary()
        assert (summary["events"], summary["rejected_events"]) == (1, 1)
        store.review(strike["id"], "reopen", reviewer="desk")
        assert store.stats(every)["events"] == 2
        assert_counts_are_a_scan(store)


def test_near_selects_the_same_events_in_sql_and_in_python(store_url):
    from rasid.export import ExportFilters
    from rasid.export.filters import InvalidFilter, event_matches
    from rasid.store.queries import EventQuery

    with Store(store_url) as store:
        store.save(doc("a1", CLASH))  # Aleppo
        store.save(doc("b1", FAR_CLASH, outlet="outlet-b"))  # Homs, 150 km south
        everything = store.search_events(EventQuery(ExportFilters()))[0]
        for near, places in (("36.2,37.16,30", ["حلب"]), ("34.73,36.71,30", ["حمص"]),
                             ("35.5,37.0,150", ["حلب", "حمص"]), ("33.5,36.3,50", [])):
            filters = ExportFilters(near=near)
            in_sql = sorted(e["location"]["name_ar"] for e in store.search_events(EventQuery(filters))[0])
            in_python = sorted(e["location"]["name_ar"] for e in everything if event_matches(e, filters))
            assert in_sql == in_python == places, near
        assert store.stats(EventQuery(ExportFilters(near="36.2,37.16,30")))["events"] == 1
    for bad in ("36,37", "36,37,0", "95,37,10", "a,b,c"):
        with pytest.raises(InvalidFilter, match="lat,lon,km"):
            ExportFilters(near=bad)
