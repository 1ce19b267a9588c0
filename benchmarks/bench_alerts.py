"""Alert latency: from the moment an event's message is written (in the transaction that
fuses the event) to its webhook receiving it, over the 1,039 SaudiNewsNet conflict
articles, on SQLite and on the PostgreSQL server of this machine.

Four saved searches follow the stream (everything; Yemen with 10 or more killed; Syria;
within 100 km of Aleppo); a deliverer runs in a thread, looking for due messages every
``--poll`` seconds; a webhook receiver on 127.0.0.1 notes when each message arrives.
Articles are stored as a live desk receives them: one per transaction (``Store.save``, as
``rasid watch`` and ``POST /api/articles`` do), or with ``--batch N`` N per transaction (as
``rasid ingest``), where a message waits for its batch to commit. Reports messages,
deliveries, p50/p95/max latency, and the ingest rate with the alerts on.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import threading
import time
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_ingest import POSTGRES_ADMIN, load_articles, scratch_store  # noqa: E402

from rasid.alerts.deliver import DeliveryOptions, delivering  # noqa: E402
from rasid.pipeline import process  # noqa: E402
from rasid.store import Store, article_record  # noqa: E402

SEARCHES = {"everything": {}, "Yemen, 10+ killed": {"country": "YE", "min_fatalities": 10},
            "Syria": {"country": "SY"}, "near Aleppo": {"near": "36.2,37.16,100"}}


class Receiver:
    def __init__(self) -> None:
        self.arrived: dict[str, float] = {}  # delivery key -> time.time() on arrival
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                self.rfile.read(int(self.headers["Content-Length"]))
                receiver.arrived.setdefault(self.headers["X-Rasid-Delivery"], time.time())
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args) -> None:  # noqa: ANN002
                pass

        ThreadingHTTPServer.request_queue_size = 128  # the deliverer calls 8 at a time
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


def run(url: str, docs: list, batch: int, poll: float, alerts: bool = True) -> dict:
    receiver = Receiver()
    with Store(url) as store:
        for name, search in SEARCHES.items() if alerts else ():
            store.add_alert(name, owner="bench", search=search, webhook_url=receiver.url)
        records = [article_record(doc) for doc in docs]
        options = DeliveryOptions(allow_private_hosts=True, retry_base=1.0)
        start = time.perf_counter()
        with delivering(store, options, poll=poll):
            if batch > 1:
                for i in range(0, len(docs), batch):
                    store.save_many(records[i:i + batch])
            else:
                for record in records:
                    store.save_many([record])
            stored = time.perf_counter() - start
            while store.deliveries(status="pending", limit=1):
                time.sleep(0.1)
        drained = time.perf_counter() - start
        messages = {m["key"]: m for a in store.alerts() for m in store.alert_feed(a["id"], a["feed"].split("token=")[1],
                                                                                   limit=100_000)[1]}
        dead = len(store.deliveries(status="dead", limit=100_000))
    latencies = sorted(receiver.arrived[key] - datetime.fromisoformat(m["created_at"]).timestamp()
                       for key, m in messages.items() if key in receiver.arrived)
    kinds = [m["kind"] for m in messages.values()]
    figures = {"articles": len(docs), "messages": len(messages), "new": kinds.count("new"),
               "changes": kinds.count("change"), "delivered": len(latencies), "dead": dead,
               "stored_s": stored, "drained_s": drained, "articles_per_s": len(docs) / stored,
               "p50_s": statistics.median(latencies) if latencies else None,
               "p95_s": latencies[int(0.95 * (len(latencies) - 1))] if latencies else None,
               "max_s": latencies[-1] if latencies else None}
    print(json.dumps(figures))
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", default=str(Path(__file__).resolve().parents[2] / "shared"))
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--postgres", default=POSTGRES_ADMIN)
    parser.add_argument("--batch", type=int, default=1, help="articles per transaction (default 1: a live stream)")
    parser.add_argument("--poll", type=float, default=0.2, help="the deliverer's pause when nothing is due")
    parser.add_argument("--no-alerts", dest="alerts", action="store_false",
                        help="follow nothing: the ingest rate to compare with")
    parser.add_argument("--json", metavar="OUT")
    args = parser.parse_args()
    docs = [process(article) for article in load_articles(Path(args.shared), args.limit)]
    results = {}
    for backend in args.backends.split(","):
        with scratch_store(backend, args.postgres) as url:
            print(f"== {backend}, {args.batch} article(s) per transaction")
            results[backend] = run(url, docs, args.batch, args.poll, args.alerts)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
