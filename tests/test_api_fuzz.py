"""schemathesis against the API's own OpenAPI schema: no request it can make gets a 5xx."""
from __future__ import annotations

import json
import tempfile
from datetime import date
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from conftest import EXAMPLES
from rasid import Article, process
from rasid.api import create_app
from rasid.store import Store


def _app():
    """The API over a store of the example articles (made at import: schemathesis reads the
    schema when pytest collects the tests)."""
    store = Store(Path(tempfile.mkdtemp(prefix="rasid-fuzz-")) / "rasid.db")
    for line in EXAMPLES.open(encoding="utf-8"):
        r = json.loads(line)
        store.save(process(Article(doc_id=r["doc_id"], text=r["text"],
                                   published=date.fromisoformat(r["published"]) if r.get("published") else None)))
    return create_app(store)


schema = schemathesis.openapi.from_asgi("/openapi.json", _app())


@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_errors(case):
    case.call_and_validate(checks=[not_a_server_error])
