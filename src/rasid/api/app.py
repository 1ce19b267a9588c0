"""The FastAPI application: routes, error shape, request size limit, static dashboard."""
from __future__ import annotations

import hashlib
import logging
import os
import secrets
import tempfile
from collections.abc import Iterator
from datetime import date, datetime
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, HTTPException, Query, Request, Security
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import JSONResponse, Response, StreamingResponse
from fastapi.security import APIKeyHeader
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from rasid import __version__
from rasid.arabic_names import admin_name_ar, with_arabic_names
from rasid.api.dashboard import SecurityHeaders, content_policy, mount_dashboard
from rasid.api.guard import RequestGuard, error_response
from rasid.errors import InputError, RasidError
from rasid.export import FILE_SUFFIX, FORMATS, MEDIA_TYPE, ExportFilters, write_export
from rasid.export.filters import REVIEW_FILTERS
from rasid.ingest import DEFAULT_MAX_CHARS, IngestSettings, check_text
from rasid.model import Article, RawInput
from rasid.pipeline import process_safely
from rasid.alerts.render import atom
from rasid.alerts.search import SavedSearch
from rasid.recognise.actors import search_actors
from rasid.recognise.gazetteer import Place, gazetteer
from rasid.store import Store
from rasid.store.queries import SORTS, EventQuery

log = logging.getLogger(__name__)
MAX_BODY_BYTES = 5_000_000  # a batch of articles; one long article is ~50 kB
BODY_TIMEOUT = 30.0  # seconds for a request body to arrive in full
WRITE_ROLES = {"/api/articles": "write",  # the role a write to each path (a regex) needs; others: admin
               "/api/events/[^/]+/(review|merge|split)": "review",
               "/api/alerts(/[^/]+)?": "write", "/api/deliveries/[^/]+/retry": "write"}
API_KEY = APIKeyHeader(name="X-API-Key", auto_error=False, description="a key from `rasid apikey create`")
MAX_BATCH = 100
RowId = Annotated[int, PathParam(ge=1, le=2**62, description="a row's id")]  # what the stores' integers hold
MAX_PAGE = 500


class ArticleIn(BaseModel):
    """One article to process: its text (title, blank line, body) and what is known of it."""

    text: str = Field(min_length=1, max_length=DEFAULT_MAX_CHARS)
    doc_id: str | None = Field(default=None, max_length=200, pattern=r"^[\w.:\-]+$")
    published: date | None = None
    title: str | None = Field(default=None, max_length=2000)
    url: str | None = Field(default=None, max_length=2000)
    outlet: str | None = Field(default=None, max_length=200)


class ArticleBatch(BaseModel):
    articles: list[ArticleIn] = Field(min_length=1, max_length=MAX_BATCH)


class ArticleResult(BaseModel):
    doc_id: str
    status: str  # stored, replaced, duplicate, near_duplicate, quarantined
    detail: str
    events: list[str]


class ReviewIn(BaseModel):
    """A reviewer's word on an event: confirm, reject, reopen (back to the machine's values),
    or correct the fields given (event_type, sub_event_type, event_date, time_precision,
    location as {"place_id"} or {"lat", "lon", ...}, actors as ids or {"name"}, fatalities)."""

    action: Literal["confirm", "correct", "reject", "reopen"]
    fields: dict[str, Any] | None = None
    reason: str = Field(default="", max_length=2000)


class MergeIn(BaseModel):
    """A reviewer's word that this event and ``with`` are one."""

    with_: str = Field(alias="with", max_length=40)
    reason: str = Field(default="", max_length=2000)


class SplitIn(BaseModel):
    """A reviewer's word that the event is several: each of ``articles`` (by doc_id; none:
    every article) reports its own."""

    articles: list[Annotated[str, Field(max_length=200)]] | None = Field(default=None, max_length=MAX_PAGE)
    reason: str = Field(default="", max_length=2000)


class AlertIn(BaseModel):
    """A saved search to follow: ``search`` holds GET /api/events parameters (type, sub_type,
    country, admin1, near "lat,lon,km", bbox, actor, min_fatalities, q, review, flagged); its
    messages go to a webhook (signed with ``webhook_secret``), an email address, and its
    Atom feed; ``digest_minutes`` > 0 sends one message per that many minutes."""

    name: str = Field(min_length=1, max_length=200)
    search: dict[str, Any] = Field(default_factory=dict)
    webhook_url: str | None = Field(default=None, max_length=2000)
    webhook_secret: str | None = Field(default=None, max_length=200)
    email_to: str | None = Field(default=None, max_length=1000)
    language: Literal["en", "ar"] = "en"
    digest_minutes: int = Field(default=0, ge=0, le=10080)


class ErrorBody(BaseModel):
    status: int
    message: str


class ErrorResponse(BaseModel):
    error: ErrorBody


ERRORS = {status: {"model": ErrorResponse} for status in (400, 401, 403, 404, 408, 413, 415, 422, 500)}


def event_query(
    date_from: date | None = None, date_to: date | None = None,
    type: Annotated[str | None, Query(max_length=100, description="ACLED event type")] = None,  # noqa: A002
    sub_type: Annotated[str | None, Query(max_length=100)] = None,
    actor: Annotated[str | None, Query(max_length=200, description="part of a name, English or Arabic")] = None,
    country: Annotated[str | None, Query(min_length=2, max_length=100, description="ISO alpha-2 or alpha-3, "
                                                                                "or the name in English or Arabic")] = None,
    admin1: Annotated[str | None, Query(max_length=200)] = None,
    bbox: Annotated[str | None, Query(description="west,south,east,north in degrees")] = None,
    near: Annotated[str | None, Query(max_length=100, description="lat,lon,km: within km of a point")] = None,
    min_fatalities: Annotated[int | None, Query(ge=0, le=1_000_000)] = None,
    q: Annotated[str, Query(max_length=200, description="free text, Arabic or English")] = "",
    sort: Annotated[str, Query(pattern="^(" + "|".join(s.replace("-", r"\-") for s in SORTS) + ")$")] = "-date",
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
    updated_since: Annotated[datetime | None, Query(description="events created or changed since this time "
                                                                "(ISO 8601; naive = UTC): sync a copy")] = None,
    flagged: Annotated[bool | None, Query(description="true: only the events the sanity checks flagged "
                                                      "for review; false: only the others")] = None,
    review: Annotated[str | None, Query(pattern="^(" + "|".join(REVIEW_FILTERS) + ")$",
                                        description="a review state; reviewed: confirmed or corrected; "
                                                    "not_rejected: all but the rejected")] = None,
) -> EventQuery:
    filters = ExportFilters(date_from=date_from, date_to=date_to, event_type=type, sub_event_type=sub_type,
                            country=country, admin1=admin1, actor=actor, min_fatalities=min_fatalities,
                            bbox=_bbox(bbox) if bbox else None, near=near, updated_since=updated_since, flagged=flagged,
                            review=review)
    return EventQuery(filters, q, sort, limit, cursor)


def place_record(place: Place) -> dict[str, Any]:
    """A gazetteer place as the API shows it: the location an event would have there, and its kind."""
    return place.location().to_json() | {"kind": place.kind}


def create_app(store: Store, *, body_timeout: float = BODY_TIMEOUT) -> FastAPI:
    """The API and dashboard over one store (``body_timeout``: seconds a request body may take)."""
    app = FastAPI(title="rasid", version=__version__, responses=ERRORS,
                  description="Events from Arabic conflict news: who did what to whom, where, when, "
                              "how many were killed, and who claims each figure.")
    app.state.store = store
    app.add_middleware(RequestGuard, store=store, roles=WRITE_ROLES, limit=MAX_BODY_BYTES, body_timeout=body_timeout)
    app.add_middleware(GZipMiddleware, minimum_size=1000)
    app.add_middleware(SecurityHeaders, policy=content_policy())
    _error_handlers(app)

    @app.get("/api/health")
    def health() -> dict[str, Any]:
        summary = store.summary()
        return {"status": "ok", "version": __version__,
                **{k: v for k, v in summary.items() if isinstance(v, int)}}

    @app.get("/api/events", responses={200: {"content": {MEDIA_TYPE[f]: {} for f in FORMATS}}})
    def events(query: Annotated[EventQuery, Depends(event_query)],
               format: Annotated[str | None, Query(pattern="^(" + "|".join(FORMATS) + ")$",  # noqa: A002
                                                  description="download every matching event in this format")] = None):
        if format:
            return _download(store, query, format)
        page, next_cursor = store.search_events(query)
        return ready_json({"events": [with_arabic_names(e) for e in page], "next_cursor": next_cursor})

    @app.get("/api/deletions")
    def deletions(since: Annotated[datetime | None, Query(description="deleted at or after this time "
                                                                   "(ISO 8601; naive = UTC)")] = None
                  ) -> dict[str, list[dict[str, Any]]]:
        """Events deleted from the live dataset (merged into another, renamed when an earlier
        source arrived, or no longer reported), with the event that replaced each, if any."""
        return {"deletions": store.deletions(since)}

    @app.get("/api/events/{event_id}")
    def event(event_id: Annotated[str, PathParam(max_length=40)]) -> JSONResponse:
        found = store.event(event_id)
        if found is None:
            raise HTTPException(404, f"no event {event_id}")
        return ready_json(with_arabic_names(found))

    @app.post("/api/events/{event_id}/review", dependencies=[Security(API_KEY)])
    def review(event_id: Annotated[str, PathParam(max_length=40)], body: ReviewIn, request: Request) -> JSONResponse:
        """Review an event (a key with the review role); the event as it now stands, with its
        review: status, reviewer, corrections and the machine's values where they differ."""
        found = store.review(event_id, body.action, reviewer=request.state.api_key_name, fields=body.fields,
                             reason=body.reason)
        if found is None:
            raise HTTPException(404, f"no live event {event_id}")
        return ready_json(with_arabic_names(found))

    @app.post("/api/events/{event_id}/merge", dependencies=[Security(API_KEY)])
    def merge(event_id: Annotated[str, PathParam(max_length=40)], body: MergeIn, request: Request) -> JSONResponse:
        """Merge two events a reviewer knows are one (a key with the review role); later
        articles and re-ingests keep them one. The event they make (either id)."""
        found = store.merge(event_id, body.with_, reviewer=request.state.api_key_name, reason=body.reason)
        if found is None:
            raise HTTPException(404, f"{event_id} or {body.with_} is not a live event")
        return ready_json(with_arabic_names(found))

    @app.post("/api/events/{event_id}/split", dependencies=[Security(API_KEY)])
    def split(event_id: Annotated[str, PathParam(max_length=40)], body: SplitIn, request: Request) -> JSONResponse:
        """Split a fused event back into its articles (or split off the ones named); later
        articles and re-ingests keep them apart. The events now, the original id first."""
        found = store.split(event_id, reviewer=request.state.api_key_name, articles=body.articles,
                            reason=body.reason)
        if found is None:
            raise HTTPException(404, f"no live event {event_id}")
        return ready_json({"events": [with_arabic_names(e) for e in found]})


    @app.get("/api/places")
    def places(q: Annotated[str, Query(max_length=200, description="a name, Arabic or English, or its start")] = "",
               lat: Annotated[float | None, Query(ge=-90, le=90)] = None,
               lon: Annotated[float | None, Query(ge=-180, le=180)] = None,
               limit: Annotated[int, Query(ge=1, le=50)] = 10) -> JSONResponse:
        """Gazetteer places by name (``q``), or nearest a point (``lat``, ``lon``: a click on the
        map), for a reviewer correcting an event's place."""
        if (lat is None) != (lon is None) or (lat is None and not q.strip()):
            raise HTTPException(400, "give q (a name), or lat and lon (a point)")
        if lat is not None:
            found = [place_record(p) | {"distance_km": round(d, 2)} for p, d in gazetteer().nearest(lat, lon, limit)]
        else:
            found = [place_record(p) for p in gazetteer().search(q, limit)]
        return ready_json({"places": found})

    @app.get("/api/actors")
    def actors(q: Annotated[str, Query(min_length=1, max_length=200, description="a name, Arabic or English")],
               limit: Annotated[int, Query(ge=1, le=50)] = 10) -> JSONResponse:
        """Actors of the dictionary by name or alias, for a reviewer correcting an event's actors."""
        return ready_json({"actors": [actor.to_json() for actor in search_actors(q, limit)]})

    def key_of(request: Request) -> tuple[str, str]:
        """The name and role of the request's key: as the guard found it for a write, looked up
        here for a read (GETs are not guarded)."""
        if hasattr(request.state, "api_key_role"):
            return request.state.api_key_name, request.state.api_key_role
        key = store.api_key(request.headers.get("x-api-key"))
        if key is None:
            raise HTTPException(401, "send a live key in X-API-Key (`rasid apikey create`)")
        return key

    def owner_of(request: Request) -> str | None:
        """Whose alerts a request may see and change: its key's own; an admin's, everyone's (None)."""
        name, role = key_of(request)
        return None if role == "admin" else name

    @app.get("/api/whoami", dependencies=[Security(API_KEY)])
    def whoami(request: Request) -> dict[str, str]:
        """The name and role of the key sent in X-API-Key (the dashboard's log-in); 401 without one."""
        name, role = key_of(request)
        return {"name": name, "role": role}

    @app.post("/api/alerts", status_code=201, dependencies=[Security(API_KEY)])
    def add_alert(body: AlertIn, request: Request) -> JSONResponse:
        """Follow a saved search (a key with the write role; it owns the alert)."""
        alert = store.add_alert(body.name, owner=request.state.api_key_name, search=body.search,
                                webhook_url=body.webhook_url, webhook_secret=body.webhook_secret,
                                email_to=body.email_to, language=body.language, digest_minutes=body.digest_minutes)
        return ready_json(alert, status_code=201)

    @app.get("/api/alerts", dependencies=[Security(API_KEY)])
    def alerts(request: Request) -> JSONResponse:
        """The key's alerts (an admin key: everyone's), each with its last deliveries and feed."""
        return ready_json({"alerts": store.alerts(owner_of(request))})

    @app.get("/api/alerts/{alert_id}", dependencies=[Security(API_KEY)])
    def alert(alert_id: RowId, request: Request) -> JSONResponse:
        found = store.alert(alert_id, owner_of(request))
        if found is None:
            raise HTTPException(404, f"no alert {alert_id} of this key")
        return ready_json(found)

    @app.delete("/api/alerts/{alert_id}", status_code=204, dependencies=[Security(API_KEY)])
    def remove_alert(alert_id: RowId, request: Request) -> None:
        if not store.remove_alert(alert_id, owner_of(request)):
            raise HTTPException(404, f"no alert {alert_id} of this key")

    @app.get("/api/alerts/{alert_id}/deliveries", dependencies=[Security(API_KEY)])
    def alert_deliveries(alert_id: RowId, request: Request,
                         status: Annotated[str | None, Query(pattern="^(pending|delivered|dead)$")] = None,
                         limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100) -> JSONResponse:
        """The alert's deliveries, newest first: status, attempts, the last error (dead: gave up)."""
        if store.alert(alert_id, owner_of(request)) is None:
            raise HTTPException(404, f"no alert {alert_id} of this key")
        return ready_json({"deliveries": store.deliveries(alert_id, status, limit)})

    @app.get("/api/alerts/{alert_id}/matches", dependencies=[Security(API_KEY)])
    def alert_matches(alert_id: RowId, request: Request,
                      limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 20) -> JSONResponse:
        """What the saved search selects now, newest first, and how many in all: a dry run
        before waiting for news."""
        found = store.alert(alert_id, owner_of(request))
        if found is None:
            raise HTTPException(404, f"no alert {alert_id} of this key")
        query = SavedSearch.from_params(found["search"]).query(limit)
        events, _ = store.search_events(query)
        return ready_json({"events": [with_arabic_names(e) for e in events], "total": store.stats(query)["events"]})

    @app.post("/api/deliveries/{delivery_id}/retry", dependencies=[Security(API_KEY)])
    def retry_delivery(delivery_id: RowId, request: Request) -> dict[str, Any]:
        """Send a dead delivery of one of the key's alerts again (an admin key: anyone's)."""
        if not store.retry_delivery(delivery_id, owner_of(request)):
            raise HTTPException(404, f"no dead delivery {delivery_id}")
        return {"id": delivery_id, "status": "pending"}

    @app.get("/api/alerts/{alert_id}/feed.atom")
    def alert_feed(alert_id: RowId, request: Request,
                   token: Annotated[str, Query(max_length=100, description="the feed's secret")]) -> Response:
        """The alert's Atom feed, for any feed reader (the token in its URL stands for a key)."""
        found = store.alert_feed(alert_id, token)
        if found is None:
            raise HTTPException(404, f"no alert {alert_id} with that feed token")
        alert, messages = found
        return Response(atom(alert, messages, str(request.url), os.environ.get("RASID_PUBLIC_URL", "")),
                        media_type="application/atom+xml; charset=utf-8")

    @app.get("/api/review/queue")
    def review_queue(limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50) -> JSONResponse:
        """Unreviewed events, those that most need a person first (flagged, then the largest
        tolls, then the newest), each with ``needs``: why ({"code", "detail", ...}); and
        ``total``, how many wait."""
        events, total = store.review_queue(limit)
        return ready_json({"events": [with_arabic_names(e) for e in events], "total": total})

    @app.get("/api/events/{event_id}/reviews")
    def reviews(event_id: Annotated[str, PathParam(max_length=40)]) -> JSONResponse:
        """An event's audit trail: every review, oldest first, with old and new values; the
        reviews of events merged or renamed into it too, each naming its event."""
        return ready_json({"reviews": store.reviews(event_id)})

    @app.get("/api/articles/{doc_id}")
    def article(doc_id: Annotated[str, PathParam(max_length=200)]) -> JSONResponse:
        found = store.article(doc_id)
        if found is None:
            raise HTTPException(404, f"no article {doc_id}")
        return ready_json(found)

    @app.get("/api/stats")
    def stats(query: Annotated[EventQuery, Depends(event_query)]) -> JSONResponse:
        found = store.stats(query)
        found["by_admin1"] = [row | {"admin1_ar": admin_name_ar(row["country"], row["admin1"])}
                              for row in found["by_admin1"]]
        return ready_json(found)

    @app.post("/api/articles", status_code=201, dependencies=[Security(API_KEY)])
    def post_articles(body: ArticleBatch | ArticleIn) -> dict[str, list[ArticleResult]]:
        """Process and store articles (a key with the write role: ``RequestGuard`` checks it
        before the body is read)."""
        items = body.articles if isinstance(body, ArticleBatch) else [body]
        return {"results": [_ingest(store, item, n) for n, item in enumerate(items)]}

    mount_dashboard(app)
    return app


def ready_json(content: dict[str, Any], status_code: int = 200) -> JSONResponse:
    """A response of what the store hands back, already plain JSON (strings, numbers, lists,
    dicts): returned as is, it skips FastAPI's ``jsonable_encoder``, which walks every value
    and costs as much as the query itself (17 ms for a page of 50 events)."""
    return JSONResponse(content, status_code=status_code)


def _bbox(value: str) -> tuple[float, ...]:
    try:
        return tuple(float(part) for part in value.split(","))
    except ValueError:
        raise RasidError(f"bbox {value!r} is not four numbers west,south,east,north") from None


def _ingest(store: Store, item: ArticleIn, n: int) -> ArticleResult:
    """Process and store one posted article; bad input is quarantined and reported, never raised."""
    doc_id = item.doc_id or "api-" + hashlib.sha256(item.text.encode()).hexdigest()[:16]
    where = f"POST /api/articles[{n}]"
    raw = RawInput(where, item.text.encode())
    try:
        check_text(where, item.text, IngestSettings())
    except InputError as exc:
        doc = exc
    else:
        doc = process_safely(Article(doc_id=doc_id, text=item.text, published=item.published, title=item.title,
                                     url=item.url, outlet=item.outlet, origin=where))
    if isinstance(doc, InputError):
        store.quarantine(raw, doc)
        return ArticleResult(doc_id=doc_id, status="quarantined", detail=f"{doc.code}: {doc.reason}", events=[])
    result = store.save(doc, raw)
    return ArticleResult(doc_id=doc_id, status=result.status, detail=result.detail, events=list(result.event_ids))


def _download(store: Store, query: EventQuery, fmt: str) -> StreamingResponse:
    """Every matching event in an export format, spooled (large exports go to a temporary file)."""
    spool = tempfile.SpooledTemporaryFile(max_size=16_000_000)
    write_export(store.matching_events(query), fmt, spool)
    spool.seek(0)

    def chunks() -> Iterator[bytes]:
        with spool:
            while block := spool.read(65536):
                yield block

    name = f"rasid-events{FILE_SUFFIX[fmt]}"
    return StreamingResponse(chunks(), media_type=MEDIA_TYPE[fmt],
                             headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _error_handlers(app: FastAPI) -> None:
    def body(status: int, message: str, details: Any = None, **more: Any) -> JSONResponse:
        return error_response(status, message, **more, **({"details": details} if details else {}))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        """A bug answers like every other error, as JSON, with an id that finds its traceback
        in the server's log; the client learns nothing of the server's insides."""
        error_id = secrets.token_hex(6)
        log.error("error %s answering %s %s", error_id, request.method, request.url.path, exc_info=exc)
        return body(500, f"the server failed to answer (error {error_id}); its log holds the details", id=error_id)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return body(exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        details = [{"where": ".".join(str(p) for p in e.get("loc", ())), "problem": e.get("msg", "")}
                   for e in exc.errors()]
        summary = "; ".join(f"{d['where']}: {d['problem']}" for d in details[:3])
        return body(422, f"invalid request: {summary}", details)

    @app.exception_handler(RasidError)
    async def rasid_error(_request: Request, exc: RasidError) -> JSONResponse:
        return body(400, str(exc), code=getattr(exc, "code", "bad_request"))

    @app.exception_handler(InputError)
    async def input_error(_request: Request, exc: InputError) -> JSONResponse:
        return body(400, f"{exc.code}: {exc.reason}", code=exc.code)
