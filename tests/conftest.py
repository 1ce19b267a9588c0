"""Shared fixtures. Tests that read ../shared skip with a reason when it is absent
(a user's clone); in CI it is present and they run."""
from __future__ import annotations

import json
import os
import threading
import time
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("RASID_SHARED", REPO.parent / "shared"))
EXAMPLES = REPO / "examples" / "articles.jsonl"


@pytest.fixture(scope="session")
def shared() -> Path:
    if not (SHARED / "gold" / "dev.gold.jsonl").exists():
        pytest.skip(f"shared data folder not found at {SHARED} (set RASID_SHARED); it is present in CI")
    return SHARED


@pytest.fixture(scope="session")
def seed_record() -> dict:
    """The seed article (Ghwayran prison battle, al-Hasakah, January 2022), as shipped in examples/."""
    with EXAMPLES.open(encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            if record["doc_id"] == "seed-ghwayran":
                return record
    raise AssertionError("examples/articles.jsonl lost the seed article")


@pytest.fixture(scope="session")
def seed_doc(seed_record):
    from rasid import Article, process

    return process(Article(doc_id=seed_record["doc_id"], text=seed_record["text"],
                           published=date.fromisoformat(seed_record["published"])))


POSTGRES_ADMIN = os.environ.get("RASID_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path) -> str:
    """A fresh, empty database: a SQLite file, and a database on the PostgreSQL server this
    machine runs (RASID_TEST_POSTGRES names another). PostgreSQL tests fail, never skip,
    when the server is unreachable: CI must test both. Without a server, a user may opt
    out with RASID_SKIP_POSTGRES=1."""
    if request.param == "postgresql" and os.environ.get("RASID_SKIP_POSTGRES") == "1":
        pytest.skip("RASID_SKIP_POSTGRES=1: PostgreSQL store tests skipped on request")
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'rasid.db'}"
        return
    import uuid

    import psycopg

    name = f"rasid_test_{uuid.uuid4().hex[:12]}"
    try:
        admin = psycopg.connect(POSTGRES_ADMIN, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:
        pytest.fail(f"PostgreSQL is unreachable at {POSTGRES_ADMIN} ({exc}); start it or set RASID_TEST_POSTGRES")
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield POSTGRES_ADMIN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://") + f"/{name}"
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def serving(app):
    """``app`` under a real uvicorn on a free port of 127.0.0.1, for as long as the block runs:
    its base URL. The server runs in a thread of the test's process."""
    import uvicorn

    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{server.servers[0].sockets[0].getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(10)
