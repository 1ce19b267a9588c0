"""Scale changes nothing but speed: bulk writes give the store that saving one article at a
time gives, and any number of worker processes gives the output of one."""
from __future__ import annotations

import json
import logging
import random
import subprocess
import sys

import pytest
from test_store import CLASH, NO_EVENT, SAME_CLASH, assert_counts_are_a_scan, doc

from rasid import process
from rasid.ingest import IngestSettings, read_inputs
from rasid.store import Store, article_record

SNN = "data/saudinewsnet-conflict-subset/saudinewsnet_conflict_2015.jsonl"


def store_contents(store: Store) -> tuple[list[str], list[str]]:
    """Every live event in full (sources, claims, fields; not the write times) and every
    deletion, as sorted JSON: two stores are the same when these are."""
    events = sorted(json.dumps({k: v for k, v in e.items() if k not in ("created_at", "updated_at")},
                               sort_keys=True, ensure_ascii=False) for e in store.iter_events())
    deleted = sorted(json.dumps({k: v for k, v in d.items() if k != "deleted_at"}, sort_keys=True)
                     for d in store.deletions())
    return events, deleted


def test_bulk_writes_give_the_store_one_by_one_writes_give(shared, tmp_path, store_url, caplog):
    """The dev and dev2 pools and 120 SaudiNewsNet articles (many reports of the same events)
    stored 25 at a time, against the same articles stored one by one: the same events, ids,
    sources, claims and deletions; shuffled, the same live events."""
    dump = tmp_path / "snn.jsonl"
    dump.write_text("\n".join((shared / SNN).read_text(encoding="utf-8").splitlines()[:120]) + "\n", "utf-8")
    paths = [str(shared / "gold" / "dev.pool.jsonl"), str(shared / "gold" / "dev2.pool.jsonl"), str(dump)]
    docs = [process(article) for _, article in read_inputs(paths, IngestSettings())]
    with Store(tmp_path / "one-by-one.db") as store:
        for doc in docs:
            store.save(doc)
        one_by_one = store_contents(store)
    records = [article_record(doc) for doc in docs]
    shuffled = random.Random(19).sample(records, len(records))

    def in_batches(records, url):
        with Store(url) as store:
            results = [r for start in range(0, len(records), 25) for r in store.save_many(records[start:start + 25])]
            assert len(results) == len(records)
            assert {r.status for r in results} <= {"stored", "near_duplicate", "duplicate"}
            assert_counts_are_a_scan(store)
            return store_contents(store)

    with caplog.at_level(logging.WARNING, logger="rasid.store"):
        bulk = in_batches(records, store_url)
        bulk_shuffled = in_batches(shuffled, tmp_path / "shuffled.db")
    assert not caplog.records, "a batch fell back to one-by-one writes"
    assert len(one_by_one[0]) > 400 and any('"n_sources": 3' in e for e in one_by_one[0])
    assert bulk == one_by_one
    assert bulk_shuffled[0] == one_by_one[0]


def test_a_batch_with_the_same_article_twice_and_a_correction_stores_what_single_writes_store(tmp_path):
    """Within one batch: an article, its exact copy, and a corrected text under the same id."""
    batch = [doc("a1", CLASH), doc("a2", SAME_CLASH, outlet="outlet-b"), doc("a1", CLASH),
             doc("a2", NO_EVENT, outlet="outlet-b"), doc("a3", CLASH)]
    with Store(tmp_path / "single.db") as store:
        single = ([store.save(d).status for d in batch], store_contents(store))
    with Store(tmp_path / "bulk.db") as store:
        bulk = ([r.status for r in store.save_many([article_record(d) for d in batch])], store_contents(store))
    assert single[0] == ["stored", "stored", "duplicate", "replaced", "duplicate"]
    assert bulk == single


def rasid(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "rasid", *args], capture_output=True, text=True, timeout=600)


def test_any_number_of_workers_extracts_and_ingests_the_same(shared, tmp_path):
    pool = str(shared / "gold" / "dev2.pool.jsonl")
    for workers in ("1", "2"):
        assert rasid("extract", pool, "--out", str(tmp_path / f"w{workers}.jsonl"), "--workers", workers).returncode == 0
        done = rasid("ingest", pool, "--db", str(tmp_path / f"w{workers}.db"), "--workers", workers, "--batch", "7")
        assert done.returncode == 0, done.stderr
    assert (tmp_path / "w1.jsonl").read_text() == (tmp_path / "w2.jsonl").read_text()
    assert len((tmp_path / "w1.jsonl").read_text().splitlines()) > 50
    with Store(tmp_path / "w1.db") as one, Store(tmp_path / "w2.db") as two:
        assert store_contents(one) == store_contents(two)


def test_the_ray_engine_stores_what_the_local_engine_stores(shared, tmp_path):
    """A local Ray instance with 2 CPUs extracts; the store is the local engine's."""
    pytest.importorskip("ray", reason="Ray is an optional extra (pip install 'rasid[ray]'); CI installs it")
    pool = str(shared / "gold" / "dev2.pool.jsonl")
    done = rasid("ingest", pool, "--db", str(tmp_path / "ray.db"), "--engine", "ray", "--workers", "2", "--batch", "9")
    assert done.returncode == 0, done.stderr
    assert rasid("ingest", pool, "--db", str(tmp_path / "local.db"), "--workers", "1").returncode == 0
    with Store(tmp_path / "ray.db") as on_ray, Store(tmp_path / "local.db") as local:
        assert store_contents(on_ray) == store_contents(local)
        assert on_ray.summary()["articles"] == 45


def test_every_input_problem_crosses_a_process_boundary():
    """Workers hand problems back pickled: one that cannot be unpickled would hang the pool."""
    import pickle

    from rasid import errors

    def subclasses(cls):
        return [cls, *(c for sub in cls.__subclasses__() for c in subclasses(sub))]

    for cls in subclasses(errors.InputError):
        problem = pickle.loads(pickle.dumps(cls("in/a.jsonl:3", "why")))
        assert (type(problem), problem.where, problem.reason, str(problem)) == (cls, "in/a.jsonl:3", "why",
                                                                                 "in/a.jsonl:3: why")
