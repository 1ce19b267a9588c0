"""The HTTP API through a real HTTP client against a real server (uvicorn on 127.0.0.1),
on SQLite and on PostgreSQL."""
from __future__ import annotations

import base64
import csv
import io
import json
import socket
import time
from datetime import date
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text

from conftest import EXAMPLES, serving
from rasid import Article, process
from rasid.api import create_app
from rasid.lexicon import load_table, split_aliases
from rasid.store import Store


@pytest.fixture()
def api(store_url):
    store = Store(store_url)
    for line in EXAMPLES.open(encoding="utf-8"):
        r = json.loads(line)
        store.save(process(Article(doc_id=r["doc_id"], text=r["text"], url=r.get("url"),
                                   published=date.fromisoformat(r["published"]) if r.get("published") else None)))
    with serving(create_app(store)) as base, httpx.Client(base_url=base, timeout=30) as client:
        client.store = store
        yield client
    store.close()


def test_health_and_a_page_of_events(api):
    health = api.get("/api/health").json()
    assert health["status"] == "ok" and health["events"] > 0
    page = api.get("/api/events", params={"type": "Battles", "limit": 5}).json()
    assert 0 < len(page["events"]) <= 5 and {e["event_type"] for e in page["events"]} == {"Battles"}
    first = page["events"][0]
    assert api.get(f"/api/events/{first['id']}").json() == first


def test_cursor_pages_cover_every_event_once_in_order(api):
    seen, cursor = [], None
    while True:
        page = api.get("/api/events", params={"limit": 7, "sort": "-fatalities", **({"cursor": cursor} if cursor else {})}).json()
        seen += page["events"]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    everything = api.get("/api/events", params={"limit": 500, "sort": "-fatalities"}).json()["events"]
    assert [e["id"] for e in seen] == [e["id"] for e in everything]
    assert len({e["id"] for e in seen}) == len(seen) == api.get("/api/health").json()["events"]
    fatalities = [e["fatalities"] for e in seen]
    assert fatalities == sorted(fatalities, reverse=True)


def test_filters_mirror_the_export_filters(api):
    def ids(**params):
        return {e["id"] for e in api.get("/api/events", params={"limit": 500, **params}).json()["events"]}

    everything = ids()
    syria = ids(country="SY")
    assert syria and syria < everything and ids(country="SYR") == syria
    sdf = ids(actor="قسد")  # Arabic, matched after normalisation
    assert sdf and sdf == ids(actor="Syrian Democratic") and sdf <= syria
    ghwayran = ids(q="غويران")
    assert ghwayran and ghwayran <= syria
    hasakah_box = ids(bbox="40.5,36.3,41.0,36.7")
    assert ghwayran & hasakah_box and hasakah_box <= syria
    killed = ids(min_fatalities=10)
    assert killed and all(api.get(f"/api/events/{i}").json()["fatalities"] >= 10 for i in killed)
    january = ids(date_from="2022-01-01", date_to="2022-01-31")
    assert january and january <= syria


def test_an_article_with_its_mentions_and_stats(api):
    article = api.get("/api/articles/seed-ghwayran").json()
    assert article["text"].startswith("معارك") or article["text"]
    assert {m["kind"] for m in article["mentions"]} >= {"ACTOR", "PLACE", "DATE", "TRIGGER"}
    mention = article["mentions"][0]
    assert article["text"][mention["start"]:mention["end"]] == mention["surface"]
    assert article["events"] and all(e["event_id"].startswith("RSD-") for e in article["events"])
    stats = api.get("/api/stats", params={"country": "SY"}).json()
    assert stats["events"] == len(api.get("/api/events", params={"country": "SY", "limit": 500}).json()["events"])
    assert sum(d["events"] for d in stats["by_day"]) == stats["events"]
    assert {"acled", "low", "best", "high"} <= set(stats["fatalities"])


def test_events_carry_arabic_names_of_admin_areas_and_claim_subjects(api):
    admin1_ar = {(r["country"], r["admin1"]): r["name_ar"]
                 for r in load_table("gazetteer").rows if r["kind"] == "admin1"}
    admin2_ar = {(r["country"], r["admin1"], r["admin2"]): r["name_ar"]
                 for r in load_table("gazetteer").rows if r["kind"] == "admin2"}
    actor_ar = {r["name"]: split_aliases(r["aliases_ar"])[0] for r in load_table("actors").rows if r["aliases_ar"]}
    events = api.get("/api/events", params={"limit": 500}).json()["events"]
    places = [e["location"] for e in events
              if e["location"] and (e["location"]["country"], e["location"]["admin1"]) in admin1_ar]
    assert places and all(p["admin1_ar"] == admin1_ar[p["country"], p["admin1"]] for p in places)
    assert all(p["admin2_ar"] == admin2_ar.get((p["country"], p["admin1"], p["admin2"]), "") for p in places)
    claims = [c for e in events for c in e["claims"] if c["subject"] in actor_ar]
    assert claims and all(c["subject_ar"] == actor_ar[c["subject"]] for c in claims)
    one = next(e for e in events if e["claims"])
    assert api.get(f"/api/events/{one['id']}").json()["claims"] == one["claims"]
    areas = api.get("/api/stats").json()["by_admin1"]
    assert any(a["admin1_ar"] for a in areas)
    assert all(a["admin1_ar"] == admin1_ar[a["country"], a["admin1"]]
               for a in areas if (a["country"], a["admin1"]) in admin1_ar)


def test_the_country_filter_takes_names_in_english_and_arabic(api):
    def ids(country):
        return {e["id"] for e in api.get("/api/events", params={"limit": 500, "country": country}).json()["events"]}

    syria = ids("SY")
    assert syria and ids("Syria") == ids("syria") == ids("سوريا") == ids("SYR") == syria
    assert api.get("/api/stats", params={"country": "سوريا"}).json()["events"] == len(syria)
    unknown = api.get("/api/events", params={"country": "Narnia"})
    assert unknown.status_code == 400 and "Narnia" in unknown.json()["error"]["message"]


def test_every_export_format_downloads(api):
    response = api.get("/api/events", params={"format": "acled-csv", "country": "SY"})
    assert response.status_code == 200 and "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert rows and len(rows[0]) == 31 and {r["country"] for r in rows} == {"Syria"}
    for fmt in ("ucdp-csv", "geojson", "parquet", "hxl-csv", "jsonl", "xlsx"):
        assert api.get("/api/events", params={"format": fmt}).status_code == 200, fmt
    workbook = api.get("/api/events", params={"format": "xlsx", "country": "SY"})
    assert workbook.content[:2] == b"PK" and workbook.headers["content-type"].startswith(
        "application/vnd.openxmlformats"), "an Excel workbook (a zip)"


@pytest.mark.parametrize("path, status", [
    ("/api/events/RSD-NOSUCHID", 404), ("/api/articles/nope", 404), ("/api/nowhere", 404),
    ("/api/events?limit=abc", 422), ("/api/events?limit=0", 422), ("/api/events?sort=sideways", 422),
    ("/api/events?format=docx", 422), ("/api/events?country=ZZ", 400), ("/api/events?cursor=garbage", 400),
    ("/api/events?bbox=1,2,3", 400), ("/api/events?date_from=2022-02-01&date_to=2022-01-01", 400),
])
def test_errors_are_json_with_a_message(api, path, status):
    response = api.get(path)
    assert response.status_code == status
    body = response.json()["error"]
    assert body["status"] == status and body["message"]


def _cursor(value) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


@pytest.mark.parametrize("forged", [
    ["-date", 5, "x"], ["-date", "2015-13-45", "x"], ["-date", "2015-07-01", 7], ["-date", None, None],
    ["-date"], {"sort": "-date"}, 42, "text", ["-date", "2015-07-01", "x", "extra"],
])
def test_a_forged_cursor_is_a_400_bad_cursor(api, forged):
    response = api.get("/api/events", params={"cursor": _cursor(forged)})
    assert response.status_code == 400, response.text
    assert response.json()["error"]["code"] == "bad_cursor"
    for sort, value in (("-fatalities", "12"), ("-fatalities", 10**40), ("-fatalities", True), ("-updated", 3)):
        response = api.get("/api/events", params={"sort": sort, "cursor": _cursor([sort, value, "RSD-1"])})
        assert response.status_code == 400 and response.json()["error"]["code"] == "bad_cursor", (sort, value)


def test_a_failure_inside_the_server_is_json_with_an_error_id_and_logged(api, caplog):
    with api.store.engine.begin() as con:  # a real breakage: the events table is gone
        con.execute(text("ALTER TABLE events RENAME TO events_gone"))
    try:
        response = api.get("/api/events")
    finally:
        with api.store.engine.begin() as con:
            con.execute(text("ALTER TABLE events_gone RENAME TO events"))
    assert response.status_code == 500 and response.headers["content-type"] == "application/json"
    error = response.json()["error"]
    assert error["id"] in error["message"] and "events" not in error["message"], "nothing of the insides"
    assert any(error["id"] in r.getMessage() and r.exc_info for r in caplog.records)


@pytest.mark.parametrize("published", ["0001-01-01", "9999-12-31", "1899-12-31"])
def test_a_publication_day_no_article_has_is_refused_in_words(api, published):
    key = api.store.create_api_key("tests")
    article = {"doc_id": f"p-{published}", "published": published,
               "text": "عنوان\n\nاندلعت اشتباكات عنيفة أمس بين قوات النظام وجبهة النصرة في مدينة حلب."}
    response = api.post("/api/articles", json=article, headers={"X-API-Key": key})
    assert response.status_code == 201
    (result,) = response.json()["results"]
    assert result["status"] == "quarantined" and result["detail"].startswith("bad_date: published " + published)
    assert "Error" not in result["detail"], "no Python exception text"


def test_writing_needs_a_key_and_reports_each_article(api):
    article = {"doc_id": "posted-1", "published": "2015-07-21",
               "text": "عنوان\n\nاندلعت اشتباكات عنيفة أمس بين قوات النظام وجبهة النصرة في مدينة حلب، "
                       "ما أسفر عن مقتل 12 عنصرا من جبهة النصرة."}
    assert api.post("/api/articles", json=article).status_code == 401
    assert api.post("/api/articles", json=article, headers={"X-API-Key": "rsd_wrong"}).status_code == 401
    key = api.store.create_api_key("tests")
    response = api.post("/api/articles", json=article, headers={"X-API-Key": key})
    assert response.status_code == 201
    (result,) = response.json()["results"]
    assert result["status"] == "stored" and result["events"]
    assert api.get(f"/api/events/{result['events'][0]}").json()["fatalities"] == 12
    batch = {"articles": [article, {"doc_id": "english", "text": "An English article about nothing in particular."}]}
    results = api.post("/api/articles", json=batch, headers={"X-API-Key": key}).json()["results"]
    assert [r["status"] for r in results] == ["duplicate", "quarantined"] and "not_arabic" in results[1]["detail"]


def test_the_key_is_checked_before_the_body_and_its_role_counts(api):
    bad_json = {"content": b"{not json", "headers": {"Content-Type": "application/json"}}
    assert api.post("/api/articles", **bad_json).status_code == 401, "no key: 401, whatever the body"
    reader = api.store.create_api_key("reader", role="read")
    refused = api.post("/api/articles", content=b"{not json", headers={"Content-Type": "application/json",
                                                                        "X-API-Key": reader})
    assert refused.status_code == 403 and "role is read" in refused.json()["error"]["message"]
    writer = api.store.create_api_key("writer")
    as_text = api.post("/api/articles", content=b'{"text": "x"}', headers={"Content-Type": "text/plain",
                                                                           "X-API-Key": writer})
    assert as_text.status_code == 415 and as_text.json()["error"]["status"] == 415
    assert api.post("/api/articles", content=b"{not json", headers={"Content-Type": "application/json",
                                                                     "X-API-Key": writer}).status_code == 422
    assert api.post("/api/nowhere", json={}, headers={"X-API-Key": writer}).status_code == 403, "other writes: admin"
    assert api.store.revoke_api_key("writer") == 1
    assert api.post("/api/articles", json={"text": "عنوان"}, headers={"X-API-Key": writer}).status_code == 401
    keys = {k["name"]: k for k in api.store.api_keys()}
    assert keys["writer"]["revoked_at"] and keys["writer"]["last_used_at"] and not keys["reader"]["revoked_at"]
    assert keys["reader"]["role"] == "read"


def test_a_chunked_body_over_the_limit_is_a_413(api):
    key = api.store.create_api_key("tests")

    def chunks():
        for _ in range(60):
            yield b"x" * 100_000

    response = api.post("/api/articles", content=chunks(), headers={"X-API-Key": key,
                                                                    "Content-Type": "application/json"})
    assert response.status_code == 413 and "over" in response.json()["error"]["message"]


def test_a_body_that_does_not_arrive_is_a_408(tmp_path):
    store = Store(tmp_path / "rasid.db")
    key = store.create_api_key("slow")
    with serving(create_app(store, body_timeout=1.0)) as base, \
            socket.create_connection(("127.0.0.1", int(base.rsplit(":", 1)[1])), timeout=10) as sock:
        sock.sendall(f"POST /api/articles HTTP/1.1\r\nHost: x\r\nX-API-Key: {key}\r\n"
                     "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"te".encode())
        started = time.monotonic()
        answer = sock.recv(4096).decode()
    assert answer.startswith("HTTP/1.1 408") and time.monotonic() - started < 5 and '"status":408' in answer
    store.close()


def test_bad_write_requests_get_clear_4xx(api):
    key = api.store.create_api_key("tests")
    headers = {"X-API-Key": key, "Content-Type": "application/json"}
    assert api.post("/api/articles", content=b"{not json", headers=headers).status_code == 422
    assert api.post("/api/articles", json={"articles": []}, headers=headers).status_code == 422
    huge = api.post("/api/articles", content=b"x" * 6_000_000, headers=headers)
    assert huge.status_code == 413 and "over" in huge.json()["error"]["message"]


def test_openapi_schema_is_served(api):
    schema = api.get("/openapi.json").json()
    assert {"/api/events", "/api/events/{event_id}", "/api/articles", "/api/articles/{doc_id}", "/api/stats",
            "/api/health"} <= set(schema["paths"])
    assert api.get("/docs").status_code == 200


def test_a_copy_syncs_with_updated_since_and_the_deletions_feed(api):
    from datetime import datetime, timezone

    mark = datetime.now(timezone.utc).isoformat()
    assert api.get("/api/events", params={"updated_since": mark}).json()["events"] == []
    assert api.get("/api/deletions", params={"since": mark}).json() == {"deletions": []}
    key = api.store.create_api_key("sync")
    later = {"doc_id": "z-late", "published": "2015-07-21",
             "text": "عنوان\n\nاندلعت اشتباكات عنيفة أمس بين قوات النظام وجبهة النصرة في مدينة حلب، "
                     "ما أسفر عن مقتل 12 عنصرا من جبهة النصرة."}
    [stored] = api.post("/api/articles", json=later, headers={"X-API-Key": key}).json()["results"]
    updated = api.get("/api/events", params={"updated_since": mark}).json()["events"]
    assert [e["id"] for e in updated] == stored["events"]
    earlier = dict(later, doc_id="a-early", text=later["text"].replace("12 عنصرا", "13 عنصرا"))
    [again] = api.post("/api/articles", json=earlier, headers={"X-API-Key": key}).json()["results"]
    assert again["events"] != stored["events"], "the earlier source names the event"
    [gone] = api.get("/api/deletions", params={"since": mark}).json()["deletions"]
    assert (gone["event_id"], gone["replaced_by"]) == (stored["events"][0], again["events"][0])
    assert datetime.fromisoformat(gone["deleted_at"]) >= datetime.fromisoformat(mark), "times carry their offset"
    assert datetime.fromisoformat(updated[0]["updated_at"]).tzinfo is not None
    assert api.get(f"/api/events/{gone['event_id']}").status_code == 404
    assert api.get("/api/events", params={"updated_since": "last week"}).status_code == 422


def test_flagged_events_are_listed_with_their_reasons(api):
    flagged = api.get("/api/events", params={"flagged": "true", "limit": 500}).json()["events"]
    others = api.get("/api/events", params={"flagged": "false", "limit": 500}).json()["events"]
    assert all(e["flags"] for e in flagged) and not any(e["flags"] for e in others)
    assert len(flagged) + len(others) == api.get("/api/health").json()["events"]


def test_only_the_dashboards_runtime_files_are_served(api):
    dashboard = Path(__file__).resolve().parent.parent / "src" / "rasid" / "dashboard"
    for path in ("/static/README.md", "/static/package.json", "/static/package-lock.json", "/static/../pyproject.toml",
                 "/vendor/playwright-core/package.json", "/vendor/playwright-core/lib/server/index.js",
                 "/vendor/.package-lock.json", "/vendor/commander/index.js"):
        assert api.get(path).status_code == 404, path
    for path in ("/", "/static/app.js", "/static/style.css"):
        assert api.get(path).status_code == 200, path
    if (dashboard / "node_modules" / "leaflet").is_dir():
        assert api.get("/vendor/leaflet/dist/leaflet.js").status_code == 200
        assert api.get("/vendor/world-atlas/countries-110m.json").status_code == 200


def test_every_response_says_what_it_is_and_may_not_be_framed(api):
    for path in ("/", "/static/app.js", "/api/events", "/api/nowhere", "/docs"):
        headers = api.get(path).headers
        assert headers["x-content-type-options"] == "nosniff" and headers["x-frame-options"] == "DENY", path
    policy = api.get("/").headers["content-security-policy"]
    assert "frame-ancestors 'none'" in policy and "script-src 'self'" in policy
    assert "content-security-policy" not in api.get("/docs").headers, "Swagger UI loads from a CDN"


@pytest.mark.parametrize("params", [{"actor": "_"}, {"actor": " "}, {"actor": "%"}, {"q": "_"}, {"q": " . "}])
def test_a_filter_with_nothing_to_search_for_is_refused_not_everything(api, params):
    response = api.get("/api/events", params=params)
    assert response.status_code == 400 and response.json()["error"]["code"] == "invalid_filter", response.text
    assert api.get("/api/events", params={"actor": ""}).status_code == 200, "an empty field is no filter"
