"""Alerts with real peers on this machine: a webhook receiver that checks signatures, a real
SMTP server (aiosmtpd), the Atom feed read by feedparser, a deliverer killed mid-send; one
alert per event however many outlets report it; SQLite and PostgreSQL alike."""
from __future__ import annotations

import email
import hashlib
import hmac
import json
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from conftest import serving
from test_store import CLASH, FAR_CLASH, SAME_CLASH, STRIKE, doc

from rasid.alerts.deliver import Deliverer, DeliveryOptions, SmtpSettings, signature
from rasid.store import Store

SECRET = "s3cret"
THIRD_CLASH = "دارت اشتباكات أمس بين قوات النظام وجبهة النصرة في مدينة حلب وقتل فيها 12 عنصرا من جبهة النصرة."
FAST = DeliveryOptions(retry_base=0.05, max_attempts=5, allow_private_hosts=True, lease=2.0)


class Receiver:
    """A webhook receiver: answers each POST with the next of ``answers`` (then 200), or holds
    it ``hold`` seconds first; accepts a body whose signature is right and whose delivery key
    it has not taken yet (what a receiver that trusts the idempotency key does)."""

    def __init__(self, answers: list[int] = (), hold: float = 0.0) -> None:
        self.answers, self.hold = list(answers), hold
        self.requests: list[dict] = []
        self.accepted: dict[str, dict] = {}
        self.bad_signatures = 0
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append({"headers": dict(self.headers), "body": body})
                if receiver.hold:
                    hold, receiver.hold = receiver.hold, 0.0
                    time.sleep(hold)
                status = receiver.answers.pop(0) if receiver.answers else 200
                if status == 200:
                    expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
                    if not hmac.compare_digest(self.headers.get("X-Rasid-Signature", ""), expected):
                        receiver.bad_signatures += 1
                        status = 401
                    else:
                        receiver.accepted.setdefault(self.headers["X-Rasid-Delivery"], json.loads(body))
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args) -> None:  # noqa: ANN002
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    made: list[Receiver] = []

    def make(answers: list[int] = (), hold: float = 0.0) -> Receiver:
        made.append(Receiver(answers, hold))
        return made[-1]

    yield make
    for r in made:
        r.close()


def deliver_all(store: Store, options: DeliveryOptions = FAST, rounds: int = 200) -> None:
    """Run the deliverer until nothing is pending (retries wait their pause)."""
    deliverer = Deliverer(store, options)
    for _ in range(rounds):
        deliverer.deliver_due()
        if not store.deliveries(status="pending"):
            return
        time.sleep(0.02)
    raise AssertionError(f"still pending: {store.deliveries(status='pending')}")


def messages(store: Store, alert_id: int) -> list[dict]:
    return [m for m in store.alert_feed(alert_id, token_of(store, alert_id))[1]][::-1]


def token_of(store: Store, alert_id: int) -> str:
    return store.alert(alert_id)["feed"].split("token=")[1]


def test_three_reports_of_one_event_make_one_alert_and_one_change(store_url, receiver):
    hook = receiver()
    with Store(store_url) as store:
        alert = store.add_alert("aleppo clashes", owner="desk", search={"country": "SY", "type": "Battles"},
                                webhook_url=hook.url, webhook_secret=SECRET)
        store.add_alert("yemen only", owner="desk", search={"country": "YE"}, webhook_url=hook.url)
        store.save(doc("a1", CLASH))  # 12 killed, the outlet's own words
        store.save(doc("a2", SAME_CLASH, outlet="outlet-b"))  # 15, by local sources: a new claimant
        store.save(doc("a3", THIRD_CLASH, outlet="outlet-c"))  # nothing the alert shows is new
        store.save(doc("b1", STRIKE, outlet="outlet-d"))  # an air strike: another type
        (event,) = [e for e in store.events() if e["event_type"] == "Battles"]
        assert event["n_sources"] == 3
        sent = messages(store, alert["id"])
        assert [m["kind"] for m in sent] == ["new", "change"] and {m["event_id"] for m in sent} == {event["id"]}
        assert [c["field"] for c in sent[1]["changes"]] == ["claimants"]
        deliver_all(store)
    assert len(hook.accepted) == 2 and hook.bad_signatures == 0
    first = next(iter(hook.accepted.values()))["messages"][0]
    assert first["kind"] == "new" and first["event"]["fatalities"] == 12 and first["event"]["evidence"]
    assert first["event"]["sources"][0]["url"] == "https://outlet-a.example/a1"


def test_a_receiver_failing_three_times_gets_one_accepted_delivery(tmp_path, receiver):
    hook = receiver(answers=[500, 500, 500])
    with Store(tmp_path / "rasid.db") as store:
        store.add_alert("all", owner="desk", search={}, webhook_url=hook.url, webhook_secret=SECRET)
        store.save(doc("a1", CLASH))
        deliver_all(store)
        (delivery,) = store.deliveries()
    assert len(hook.requests) == 4 and len(hook.accepted) == 1
    assert delivery["status"] == "delivered" and delivery["attempts"] == 4
    keys = {r["headers"]["X-Rasid-Delivery"] for r in hook.requests}
    assert len(keys) == 1, "each retry carries the same idempotency key"
    (body,) = hook.accepted.values()
    assert signature(SECRET, json.dumps(body, ensure_ascii=False, sort_keys=True).encode()) == \
        hook.requests[-1]["headers"]["X-Rasid-Signature"]


def test_a_webhook_that_never_answers_well_is_dead_and_can_be_sent_again(tmp_path, receiver):
    hook = receiver(answers=[500] * 5)
    with Store(tmp_path / "rasid.db") as store:
        store.add_alert("all", owner="desk", search={}, webhook_url=hook.url, webhook_secret=SECRET)
        store.save(doc("a1", CLASH))
        deliver_all(store)
        (dead,) = store.deliveries(status="dead")
        assert dead["attempts"] == 5 and "HTTP 500" in dead["last_error"]
        assert store.retry_delivery(dead["id"]) and not store.retry_delivery(dead["id"])
        deliver_all(store)
        assert store.deliveries()[0]["status"] == "delivered"
    assert len(hook.accepted) == 1


def test_webhooks_to_private_addresses_are_refused_unless_allowed(tmp_path, receiver):
    hook = receiver()
    with Store(tmp_path / "rasid.db") as store:
        store.add_alert("all", owner="desk", search={}, webhook_url=hook.url, webhook_secret=SECRET)
        store.save(doc("a1", CLASH))
        deliver_all(store, DeliveryOptions(retry_base=0.01, max_attempts=2))
        (dead,) = store.deliveries(status="dead")
        assert "private" in dead["last_error"] or "loopback" in dead["last_error"], dead["last_error"]
    assert hook.requests == [], "the receiver was never called"


def test_email_reaches_a_real_smtp_server_in_the_alerts_language(tmp_path):
    from aiosmtpd.controller import Controller

    class Inbox:
        def __init__(self) -> None:
            self.mails: list[email.message.Message] = []

        async def handle_DATA(self, server, session, envelope):  # noqa: N802, ANN001, ANN201 (aiosmtpd's names)
            self.mails.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
            return "250 OK"

    inbox = Inbox()
    with socket.socket() as probe:  # a free port (aiosmtpd checks its server by connecting to the port it was given)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    smtp = Controller(inbox, hostname="127.0.0.1", port=port)
    smtp.start()
    try:
        with Store(tmp_path / "rasid.db") as store:
            store.add_alert("حلب", owner="desk", search={"q": "حلب"}, email_to="desk@example.org", language="ar")
            store.save(doc("a1", CLASH))
            options = DeliveryOptions(smtp=SmtpSettings("127.0.0.1", port, starttls=False, sender="rasid@example.org"),
                                      public_url="https://rasid.example")
            deliver_all(store, options)
    finally:
        smtp.stop()
    (mail,) = inbox.mails
    assert mail["To"] == "desk@example.org" and mail["Subject"].startswith("[راصد] حلب: اشتباك مسلح في")
    text = mail.get_content()
    assert "حدث جديد" in text and "القتلى: 12" in text and "مقتل 12 عنصرا" in text, text
    assert "حلب، سوريا" in text or "حلب، سورية" in text, "place, province and country in Arabic, with Arabic commas"
    assert "https://outlet-a.example/a1" in text and "https://rasid.example/#/event/RSD-" in text
    assert "openstreetmap.org/?mlat=" in text


def test_a_digest_sends_one_message_with_every_match(tmp_path, receiver):
    hook = receiver()
    with Store(tmp_path / "rasid.db") as store:
        store.add_alert("digest", owner="desk", search={"country": "SY"}, webhook_url=hook.url,
                        webhook_secret=SECRET, digest_minutes=60)
        store.save(doc("a1", CLASH))
        store.save(doc("b1", FAR_CLASH, outlet="outlet-b"))
        deliver_all(store)
        store.save(doc("c1", STRIKE, outlet="outlet-c"))
        Deliverer(store, FAST).deliver_due()  # within the hour: held back
        assert len(store.deliveries(status="pending")) == 1
    (body,) = hook.accepted.values()
    assert body["digest"] and len(body["messages"]) == 2


def test_a_deliverer_killed_mid_send_delivers_once_when_started_again(store_url, receiver):
    hook = receiver(hold=5.0)  # the first call is held: the deliverer is killed while it waits
    db = store_url
    with Store(db) as store:
        store.add_alert("all", owner="desk", search={}, webhook_url=hook.url, webhook_secret=SECRET)
    ingest = subprocess.run([sys.executable, "-m", "rasid", "ingest", "-", "--db", str(db)], timeout=120,
                            input=json.dumps({"doc_id": "a1", "published": "2015-01-06",
                                              "text": "عنوان\n\n" + CLASH}, ensure_ascii=False),
                            capture_output=True, text=True, check=False)
    assert ingest.returncode == 0, ingest.stderr  # fused, and its message written: nothing delivered yet

    def deliverer() -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "-m", "rasid", "alert", "deliver", "--db", str(db), "--poll", "0.1",
                                 "--allow-private-hosts", "--lease", "1"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    first = deliverer()
    deadline = time.monotonic() + 60
    while not hook.requests:
        assert time.monotonic() < deadline and first.poll() is None, "the deliverer never called"
        time.sleep(0.05)
    first.kill()  # kill -9, mid-send
    first.wait()
    second = deliverer()
    try:
        deadline = time.monotonic() + 60
        while not hook.accepted or Store(db).deliveries()[0]["status"] != "delivered":
            assert time.monotonic() < deadline, (hook.requests, Store(db).deliveries())
            time.sleep(0.1)
    finally:
        second.kill()
        second.wait()
    assert len(hook.accepted) == 1 and len({r["headers"]["X-Rasid-Delivery"] for r in hook.requests}) == 1


def test_alerts_through_the_api_and_the_atom_feed(store_url, receiver):
    import feedparser
    import httpx

    with Store(store_url) as store:
        keys = {role: store.create_api_key(f"{role}-desk", role=role) for role in ("read", "write", "admin")}
        with serving(__import__("rasid.api", fromlist=["create_app"]).create_app(store)) as base, \
                httpx.Client(base_url=base, timeout=60) as client:
            body = {"name": "Syria, 10+ killed", "search": {"country": "Syria", "min_fatalities": 10}}
            assert client.post("/api/alerts", json=body, headers={"X-API-Key": keys["read"]}).status_code == 403
            bad = client.post("/api/alerts", json=body | {"search": {"near": "1,2"}},
                              headers={"X-API-Key": keys["write"]})
            assert bad.status_code == 400 and "near" in bad.json()["error"]["message"]
            for wrong, says in (({"name": "a\nBcc: x@y.z"}, "one line"), ({"email_to": "a@b.c\r\nBcc: x@y.z"}, "email"),
                                ({"webhook_url": "ftp://x"}, "http(s)"), ({"search": {"colour": "red"}}, "takes")):
                refused = client.post("/api/alerts", json=body | wrong, headers={"X-API-Key": keys["write"]})
                assert refused.status_code == 400 and says in refused.json()["error"]["message"], refused.text
            made = client.post("/api/alerts", json=body, headers={"X-API-Key": keys["write"]})
            assert made.status_code == 201 and made.json()["owner"] == "write-desk"
            alert = made.json()
            store.save(doc("a1", CLASH))  # 12 killed in Aleppo
            store.save(doc("b1", STRIKE, outlet="outlet-b"))  # no toll: not selected
            mine = client.get("/api/alerts", headers={"X-API-Key": keys["write"]}).json()["alerts"]
            assert [a["id"] for a in mine] == [alert["id"]]
            assert client.get("/api/alerts", headers={"X-API-Key": keys["read"]}).json()["alerts"] == []
            assert len(client.get("/api/alerts", headers={"X-API-Key": keys["admin"]}).json()["alerts"]) == 1
            matches = client.get(f"/api/alerts/{alert['id']}/matches", headers={"X-API-Key": keys["write"]}).json()
            assert [e["fatalities"] for e in matches["events"]] == [12]
            feed = client.get(alert["feed"])
            assert feed.status_code == 200 and feed.headers["content-type"].startswith("application/atom+xml")
            parsed = feedparser.parse(feed.content)
            assert not parsed.bozo and parsed.feed.title == "Syria, 10+ killed"
            (entry,) = parsed.entries
            assert "12 killed" in entry.title and "Aleppo" in entry.title and "مقتل 12" in entry.content[0].value
            assert client.get(alert["feed"].replace("token=", "token=x")).status_code == 404
            path = f"/api/alerts/{alert['id']}"
            assert client.delete(path, headers={"X-API-Key": keys["read"]}).status_code == 403
            assert client.delete(path, headers={"X-API-Key": keys["write"]}).status_code == 204
            assert client.get("/api/alerts", headers={"X-API-Key": keys["write"]}).json()["alerts"] == []
