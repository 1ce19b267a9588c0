"""The ``rasid`` command line.

Exit status: 0 all input processed; 1 some input failed (each failure is reported on
stderr as one line naming the file and line); 2 the command itself was wrong.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from datetime import date
from pathlib import Path
from typing import TextIO

from rasid import __version__
from rasid.batch import BatchReport, process_safely, run_batch
from rasid.errors import InputError
from rasid.ingest import DEFAULT_MAX_CHARS, IngestSettings, RawInput, parse_day
from rasid.model import Doc, Options



def _day(value: str) -> date:
    try:
        return parse_day(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date YYYY-MM-DD") from None


def _report_problem(_raw: RawInput, problem: InputError) -> None:
    print(f"rasid: error: {problem.where}: {problem.reason}", file=sys.stderr)


def _settings(args: argparse.Namespace) -> IngestSettings:
    return IngestSettings(published=args.published, max_chars=args.max_chars)


def _options(args: argparse.Namespace) -> Options:
    return Options(place_tagger=args.place_tagger)


def _finish(report: BatchReport) -> int:
    print(f"rasid: {report.articles} articles, {report.events} events, {report.failed} inputs failed",
          file=sys.stderr)
    return 1 if report.failed else 0


def cmd_extract(args: argparse.Namespace) -> int:
    out: TextIO | None = open(args.out, "w", encoding="utf-8") if args.out else None
    rows: list[tuple[str, dict]] = []

    def on_doc(doc: Doc, _raw: RawInput) -> None:
        for event in doc.events:
            record = event.to_json()
            if out:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
            else:
                rows.append((doc.article.doc_id, record))

    try:
        report = run_batch(args.inputs, _settings(args), on_doc, _report_problem, progress=True,
                           options=_options(args))
    finally:
        if out:
            out.close()
    if not out:
        _print_table(rows)
    return _finish(report)


def _print_table(rows: list[tuple[str, dict]]) -> None:
    header = ("doc_id", "date", "type / sub-type", "place", "actors", "fatal.")
    lines = [header]
    for doc_id, e in rows:
        loc = e["location"] or {}
        place = f"{loc.get('name', '')} ({loc.get('admin1') or loc.get('country', '')})" if loc else "-"
        actors = "; ".join(a["name"] for a in e["actors"]) or "-"
        lines.append((doc_id, e["event_date"] or "-", f"{e['event_type']} / {e['sub_event_type']}",
                      place, actors, str(e["fatalities"])))
    widths = [min(max(len(r[i]) for r in lines), 48) for i in range(len(header))]
    for row in lines:
        print("  ".join(cell[:w].ljust(w) for cell, w in zip(row, widths)).rstrip())


def cmd_ingest(args: argparse.Namespace) -> int:
    from rasid.store import Store

    outcomes: Counter[str] = Counter()
    with Store(args.db) as store:
        def on_doc(doc: Doc, raw: RawInput) -> None:
            outcomes[store.save(doc, raw).status] += 1

        def on_problem(raw: RawInput, problem: InputError) -> None:
            _report_problem(raw, problem)
            store.quarantine(raw, problem)

        report = run_batch(args.inputs, _settings(args), on_doc, on_problem, progress=True, options=_options(args))
        print(", ".join(f"{n} {status.replace('_', ' ')}" for status, n in sorted(outcomes.items())) or "nothing new")
        print_summary(store.summary(), store.url)
    return _finish(report)


def print_summary(summary: dict, db: str) -> None:
    print(f"rasid store {db}: {summary['articles']} articles ({summary['near_duplicates']} near-duplicates), "
          f"{summary['events']} events from {summary['sources']} article events, {summary['claims']} claims, "
          f"{summary['fatalities']} fatalities (ACLED count), {summary['deleted_events']} deleted events, "
          f"{summary['quarantined']} quarantined inputs")
    if summary["by_type"]:
        print("\nEvents by type")
        for event_type, sub_type, n, fatalities in summary["by_type"]:
            print(f"  {n:5d}  {event_type} / {sub_type}  ({fatalities} fatalities)")
    if summary["by_admin1"]:
        print("\nWhere (top 10)")
        for country, admin1, n in summary["by_admin1"]:
            print(f"  {n:5d}  {country or '?'} {admin1 or ''}")
    if summary["quarantine"]:
        print("\nQuarantined inputs")
        for origin, code, reason in summary["quarantine"]:
            print(f"  {origin}: {code}: {reason}")


def cmd_summary(args: argparse.Namespace) -> int:
    from rasid.store import Store, database_url

    url = database_url(args.db)
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists():
        print(f"rasid: error: no store at {url}; run 'rasid ingest' first", file=sys.stderr)
        return 2
    with Store(url) as store:
        print_summary(store.summary(), store.url)
    return 0


def cmd_watch(args: argparse.Namespace) -> int:
    from rasid.errors import FeedConfigError
    from rasid.sources.watch import load_feeds, watch
    from rasid.store import Store

    try:
        feeds = load_feeds(args.feeds)
    except FeedConfigError as exc:
        print(f"rasid: error: {exc}", file=sys.stderr)
        return 2
    outcomes: Counter[str] = Counter()
    with Store(args.db) as store:
        def on_input(raw: RawInput, item) -> None:
            doc = item if isinstance(item, InputError) else process_safely(item, _options(args))
            if isinstance(doc, InputError):
                _report_problem(raw, doc)
                store.quarantine(raw, doc)
                outcomes["quarantined"] += 1
                return
            outcomes[store.save(doc, raw).status] += 1

        print(f"rasid: watching {len(feeds)} feeds into {store.url}" + (" (one pass)" if args.once else
                                                                           " (Ctrl-C stops)"), file=sys.stderr)
        try:
            report = watch(feeds, states=store.feed_states(), on_input=on_input, already_have=store.has_article_url,
                           once=args.once, settings=_settings(args))
        except KeyboardInterrupt:
            return 0
        print(f"{report.polls} polls ({report.not_modified} not modified, {report.feed_failures} failed), "
              f"{report.articles} new pages: " + ", ".join(f"{n} {k}" for k, n in sorted(outcomes.items())))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from rasid.errors import RasidError
    from rasid.export import ExportFilters, write_export
    from rasid.store import Store

    try:
        filters = ExportFilters(date_from=args.date_from, date_to=args.date_to, event_type=args.type,
                                sub_event_type=args.sub_type, country=args.country, admin1=args.admin1,
                                actor=args.actor, min_fatalities=args.min_fatalities, bbox=args.bbox)
    except RasidError as exc:
        print(f"rasid: error: {exc}", file=sys.stderr)
        return 2
    with Store(args.db) as store:
        if args.out:
            with open(args.out, "wb") as out:
                rows = write_export(store.iter_events(), args.format, out, filters=filters)
        else:
            rows = write_export(store.iter_events(), args.format, sys.stdout.buffer, filters=filters)
            sys.stdout.buffer.flush()
    print(f"rasid: {rows} events written as {args.format}" + (f" to {args.out}" if args.out else ""), file=sys.stderr)
    return 0


def _bbox(value: str) -> tuple[float, float, float, float]:
    try:
        west, south, east, north = (float(part) for part in value.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError("give WEST,SOUTH,EAST,NORTH in degrees, e.g. 35.5,32,42.5,37.5") from None
    return west, south, east, north


def cmd_apikey(args: argparse.Namespace) -> int:
    from rasid.store import Store

    with Store(args.db) as store:
        key = store.create_api_key(args.name)
    print(key)
    print(f"rasid: API key {args.name!r} created; it is shown only now (the store keeps its hash). "
          "Send it as the X-API-Key header to POST /api/articles.", file=sys.stderr)
    return 0


def cmd_db(args: argparse.Namespace) -> int:
    from rasid.store import Store

    with Store(args.db) as store:  # opening a store brings its schema to the newest revision
        print(f"rasid store {store.url}: schema at the newest revision")
    return 0


def cmd_fuse(args: argparse.Namespace) -> int:
    from rasid.store import Store

    with Store(args.db) as store:
        event = store.event(args.explain)
        if event is None:
            print(f"rasid: error: no live event {args.explain} in {store.url}", file=sys.stderr)
            return 2
        loc = event["location"] or {}
        print(f"{event['id']}: {event['event_type']} / {event['sub_event_type']}, {event['event_date']}, "
              f"{loc.get('name', '-')}, fatalities {event['fatalities']} (ACLED: lowest reported), deaths "
              f"low/best/high {event['deaths']['low']}/{event['deaths']['best']}/{event['deaths']['high']}")
        for source in store.fusion(args.explain):
            print(f"  {source['doc_id']} #{source['position']} ({source['event_date']}, {source['place']}, "
                  f"fatalities {source['fatalities']}): {source['decision']}")
    return 0


def cmd_places(args: argparse.Namespace) -> int:
    from rasid.recognise.places import find_places

    rows = [place_row(m) for m in find_places(_text_arg(args.text), _options(args))]
    if args.json:
        for row in rows:
            print(json.dumps(row, ensure_ascii=False))
    else:
        _print_places(rows)
    return 0


def place_row(mention) -> dict:
    """A place mention as a flat record: span, what it is, where, and which rule decided."""
    ref = mention.value
    loc = ref.location()
    return {
        "span": mention.span.as_list(), "surface": mention.surface, "kind": mention.kind,
        "cue": ref.cue, "direction": ref.direction, "rule": ref.rule,
        "resolved": ref.place is not None, "candidates": [c.id for c in ref.candidates],
        "parent": ref.parent.id if ref.parent else None,
        "location": loc.to_json() if loc else None,
    }


def _print_places(rows: list[dict]) -> None:
    header = ("span", "as written", "place", "admin1 / P-code", "lat, lon", "prec", "rule")
    lines = [header]
    for r in rows:
        loc = r["location"] or {}
        where = f"{loc.get('admin1') or loc.get('country', '')} {loc.get('pcode', '')}".strip() if loc else "-"
        point = f"{loc['lat']:.4f}, {loc['lon']:.4f}" if loc.get("lat") is not None else "-"
        prec = f"{loc['geo_precision']}/{loc['where_prec']}" if loc else "-"
        name = loc.get("name", "unresolved") if loc else "unresolved"
        if r["kind"] == "DATELINE":
            name += " (dateline)"
        lines.append((f"{r['span'][0]}-{r['span'][1]}", r["surface"], name, where, point, prec,
                      f"{r['rule']} ({len(r['candidates'])} candidates)"))
    widths = [min(max(len(row[i]) for row in lines), 40) for i in range(len(header))]
    for row in lines:
        print("  ".join(cell[:w].ljust(w) for cell, w in zip(row, widths)).rstrip())
    print("prec = ACLED geo_precision / UCDP where_prec")


def _text_arg(value: str) -> str:
    path = Path(value)
    return path.read_text(encoding="utf-8") if path.is_file() else value


def cmd_dates(args: argparse.Namespace) -> int:
    from rasid.recognise.dates import find_dates

    rows = []
    for m in find_dates(_text_arg(args.text), args.published):
        v = m.value
        rows.append({"span": m.span.as_list(), "surface": m.surface, "rule": m.provenance.rule,
                     "day": v.day.isoformat() if v else None, "time_precision": v.precision if v else None,
                     "date_prec": v.ucdp_prec if v else None,
                     "start": v.start.isoformat() if v and v.start else None,
                     "end": v.end.isoformat() if v and v.end else None, "flag": v.flag if v else ""})
    _print_rows(rows, args.json, ("span", "surface", "day", "time_precision", "date_prec", "start", "flag", "rule"))
    return 0


def cmd_numbers(args: argparse.Namespace) -> int:
    from rasid.recognise.numbers import find_numbers

    rows = [{"span": m.span.as_list(), "surface": m.surface, "value": m.value.value, "vague": m.value.vague,
             "qualifier": m.value.qualifier, "unit": m.value.unit, "flag": m.value.flag, "rule": m.provenance.rule}
            for m in find_numbers(_text_arg(args.text))]
    _print_rows(rows, args.json, ("span", "surface", "value", "vague", "qualifier", "unit", "flag", "rule"))
    return 0


def _print_rows(rows: list[dict], as_json: bool, columns: tuple[str, ...]) -> None:
    if as_json:
        for row in rows:
            print(json.dumps(row, ensure_ascii=False))
        return
    cells = [columns] + [tuple("-" if r[c] in (None, "") else
                               f"{r[c][0]}-{r[c][1]}" if c == "span" else str(r[c]) for c in columns) for r in rows]
    widths = [min(max(len(row[i]) for row in cells), 40) for i in range(len(columns))]
    for row in cells:
        print("  ".join(cell[:w].ljust(w) for cell, w in zip(row, widths)).rstrip())


def cmd_explain(args: argparse.Namespace) -> int:
    """Per event and field: the text that gave the value and the rule or entry that chose it."""
    def on_doc(doc: Doc, _raw: RawInput) -> None:
        text = doc.article.text
        print(f"== {doc.article.doc_id} ({doc.article.published or 'no publication date'}): "
              f"{len(doc.events)} events")
        for n, event in enumerate(doc.events, start=1):
            loc = event.location
            print(f"\n[{n}] {event.event_type} / {event.sub_event_type}, {event.event_date} "
                  f"(precision {event.time_precision}), {loc.name if loc else '-'}, fatalities {event.fatalities}")
            for f in event.field_evidence:
                quoted = f"\"{text[f.span.start:f.span.end]}\" [{f.span.start}:{f.span.end}]" if f.span else "(no text)"
                print(f"    {f.field:15s} {quoted}  <- {f.provenance}")
            for c in event.claims:
                print(f"    claim           {c.kind} {c.value} of {c.subject or '?'}, by {c.claimant or 'the outlet'} "
                      f"({c.claimant_type}, {c.modality})  <- {c.provenance}")
            for span in event.evidence:
                print(f"    sentence        \"{text[span.start:span.end][:160]}\"")
        people = doc.of_kind("PERSON")
        if people:
            print("\npeople named (title, then name; the group when the text gives it):")
        for person in people:
            group = f" -> {person.value.group.name}" if person.value.group else ""
            print(f"    {person.value.title} \"{person.surface}\" [{person.span.start}:{person.span.end}]{group}")

    report = run_batch(args.inputs, _settings(args), on_doc, _report_problem, options=_options(args))
    return 1 if report.failed else 0


def cmd_serve(args: argparse.Namespace) -> int:
    from rasid.serve import serve

    serve(args.db, args.host, args.port)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="rasid", description="Arabic conflict news to event records.")
    parser.add_argument("--version", action="version", version=f"rasid {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add_db_option(p: argparse.ArgumentParser) -> None:
        p.add_argument("--db", default=None, metavar="FILE_OR_URL",
                       help="a SQLite file or a database URL (postgresql+psycopg://...); default: "
                            "$RASID_DATABASE_URL, else rasid.db")

    def add_input_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("inputs", nargs="+", metavar="INPUT",
                       help="a .txt or .html article, a folder of them, a .jsonl file (one article per line with "
                            "'text', and 'doc_id', 'published', 'title', 'url' when known), a page or feed URL, "
                            "or - for stdin")
        add_reading_options(p)

    def add_reading_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("--published", type=_day, metavar="YYYY-MM-DD",
                       help="publication date for inputs that do not carry one (relative dates resolve against it)")
        p.add_argument("--max-chars", type=int, default=DEFAULT_MAX_CHARS, metavar="N",
                       help="refuse articles longer than N characters (default %(default)s)")
        add_tagger_option(p)

    def add_tagger_option(p: argparse.ArgumentParser) -> None:
        p.add_argument("--place-tagger", action="store_true",
                       help="also find place names the gazetteer lacks with the statistical tagger "
                            "(better on social media text, about 7x slower)")

    p = commands.add_parser("extract", help="extract events and print them or write them as JSON Lines",
                            description="Extract events from articles. With --out, write one event per line "
                                        "(the FORMAT.md event form plus doc_id); without it, print a table.")
    add_input_options(p)
    p.add_argument("--out", metavar="FILE", help="write events as JSON Lines to FILE")
    p.set_defaults(func=cmd_extract)

    p = commands.add_parser("explain", help="show, for every event field, the text and rule it came from",
                            description="Extract events and print, per event and field, the span of the "
                                        "article that gave the value and the rule or lexicon entry that chose it, "
                                        "with the claims and evidence sentences: for auditing a coding.")
    add_input_options(p)
    p.set_defaults(func=cmd_explain)

    p = commands.add_parser("ingest", help="extract events and keep them in the SQLite store",
                            description="Process articles into the store; bad inputs are quarantined with "
                                        "their reason. Prints a summary of the store.")
    add_input_options(p)
    add_db_option(p)
    p.set_defaults(func=cmd_ingest)

    p = commands.add_parser("summary", help="print a summary of the store",
                            description="Print counts of articles, events by type and place, and quarantine.")
    add_db_option(p)
    p.set_defaults(func=cmd_summary)

    p = commands.add_parser("watch", help="poll RSS/Atom feeds and ingest their new pages",
                            description="Poll the feeds of a YAML file (feeds: - url: ... name: ... outlet: ... "
                                        "interval: seconds) with conditional requests, retries and backoff, and "
                                        "ingest every new page; each feed's state is kept in the store.")
    p.add_argument("feeds", metavar="FEEDS.yaml")
    p.add_argument("--once", action="store_true", help="poll every feed once, then stop")
    add_reading_options(p)
    add_db_option(p)
    p.set_defaults(func=cmd_watch)

    from rasid.export import FORMATS

    p = commands.add_parser("export", help="write the store's events as ACLED CSV, UCDP CSV, GeoJSON, Parquet, "
                                           "HXL CSV or JSON Lines",
                            description="Write every live event of the store (one per real-world event, with "
                                        "all its sources and claims) in a format analysts load, optionally "
                                        "filtered.")
    p.add_argument("--format", required=True, choices=FORMATS)
    p.add_argument("--out", metavar="FILE", help="write here (default: standard output)")
    p.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD", help="events on or after this day")
    p.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", help="events on or before this day")
    p.add_argument("--type", help="ACLED event type, e.g. Battles")
    p.add_argument("--sub-type", help="ACLED sub-event type, e.g. 'Air/drone strike'")
    p.add_argument("--country", help="ISO 3166 alpha-2 or alpha-3 code")
    p.add_argument("--admin1", help="first-level admin area, e.g. Al-Hasakeh")
    p.add_argument("--actor", help="part of an actor's name, in English or Arabic")
    p.add_argument("--min-fatalities", type=int, metavar="N")
    p.add_argument("--bbox", type=_bbox, metavar="W,S,E,N", help="a bounding box in degrees")
    add_db_option(p)
    p.set_defaults(func=cmd_export)

    p = commands.add_parser("apikey", help="create a key for the write API",
                            description="Create a key for POST /api/articles; it is printed once and only its "
                                        "hash is stored.")
    p.add_argument("action", choices=["create"])
    p.add_argument("name", help="who or what the key is for")
    add_db_option(p)
    p.set_defaults(func=cmd_apikey)

    p = commands.add_parser("db", help="manage the store's schema", description="Schema migrations (Alembic).")
    p.add_argument("action", choices=["upgrade"], help="upgrade: bring the schema to the newest revision")
    add_db_option(p)
    p.set_defaults(func=cmd_db)

    p = commands.add_parser("fuse", help="explain how an event was fused from its sources",
                            description="Show each source article of an event and the fusion decision and "
                                        "score that tied it to the event.")
    p.add_argument("--explain", required=True, metavar="EVENT_ID", help="the event's id (RSD-...)")
    add_db_option(p)
    p.set_defaults(func=cmd_fuse)

    p = commands.add_parser("places", help="show the places found in a text and how they were resolved",
                            description="Find and resolve the places of TEXT (or of the file it names): span, "
                                        "resolved place, admin areas and P-code, coordinates, ACLED and UCDP "
                                        "precision, and the rule that decided.")
    p.add_argument("text", metavar="TEXT|FILE")
    p.add_argument("--json", action="store_true", help="one JSON object per place")
    add_tagger_option(p)
    p.set_defaults(func=cmd_places)

    p = commands.add_parser("dates", help="show the dates found in a text, resolved against a publication day",
                            description="Find Arabic date expressions in TEXT (or the file it names) and resolve "
                                        "them: day, ACLED time_precision, UCDP date_prec, span start, flags.")
    p.add_argument("text", metavar="TEXT|FILE")
    p.add_argument("--published", type=_day, metavar="YYYY-MM-DD", help="publication day (relative dates need it)")
    p.add_argument("--json", action="store_true", help="one JSON object per date")
    p.set_defaults(func=cmd_dates)

    p = commands.add_parser("numbers", help="show the figures found in a text",
                            description="Find figures in TEXT (or the file it names): value, vague word, "
                                        "qualifier, unit (person, household, other) and flags.")
    p.add_argument("text", metavar="TEXT|FILE")
    p.add_argument("--json", action="store_true", help="one JSON object per figure")
    p.set_defaults(func=cmd_numbers)

    p = commands.add_parser("serve", help="serve the API and the dashboard over the store",
                            description="Serve the dashboard at / and the API at /api (events with filters, "
                                        "cursor pages and exports; event, article and stats pages; POST "
                                        "/api/articles with an API key); OpenAPI at /docs.")
    add_db_option(p)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.set_defaults(func=cmd_serve)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130
    except OSError as exc:
        print(f"rasid: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
