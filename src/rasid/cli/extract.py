"""``rasid extract`` and ``rasid explain``: the events of articles, as a table, JSON Lines or
an audit of every field."""
from __future__ import annotations

import argparse
import json
from typing import TextIO

from rasid.cli.common import (
    add_input_options, add_workers_option, finish, options, print_aligned, report_problem, settings,
)
from rasid.model import Doc, RawInput
from rasid.pipeline import Extracted, extracted, run_batch


def register(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("extract", help="extract events and print them or write them as JSON Lines",
                            description="Extract events from articles. With --out, write one event per line "
                                        "(the docs/FORMAT.md event form); without it, print a table.")
    add_input_options(p)
    p.add_argument("--out", metavar="FILE", help="write events as JSON Lines to FILE")
    add_workers_option(p)
    p.set_defaults(func=cmd_extract)

    p = commands.add_parser("explain", help="show, for every event field, the text and rule it came from",
                            description="Extract events and print, per event and field, the span of the "
                                        "article that gave the value and the rule or lexicon entry that chose it, "
                                        "with the claims and evidence sentences: for auditing a coding.")
    add_input_options(p)
    p.set_defaults(func=cmd_explain)


def cmd_extract(args: argparse.Namespace) -> int:
    out: TextIO | None = open(args.out, "w", encoding="utf-8") if args.out else None
    rows: list[tuple[str, dict]] = []

    def on_doc(found: Extracted, _raw: RawInput) -> None:
        for record in found.events:
            if out:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
            else:
                rows.append((found.article.doc_id, record))

    try:
        report = run_batch(args.inputs, settings(args), on_doc, report_problem, progress=True, options=options(args),
                           workers=args.workers, prepare=extracted)
    finally:
        if out:
            out.close()
    if not out:
        _print_events(rows)
    return finish(report)


def _print_events(rows: list[tuple[str, dict]]) -> None:
    lines = [("doc_id", "date", "type / sub-type", "place", "actors", "fatal.")]
    for doc_id, e in rows:
        loc = e["location"] or {}
        place = f"{loc.get('name', '')} ({loc.get('admin1') or loc.get('country', '')})" if loc else "-"
        actors = "; ".join(a["name"] for a in e["actors"]) or "-"
        lines.append((doc_id, e["event_date"] or "-", f"{e['event_type']} / {e['sub_event_type']}",
                      place, actors, str(e["fatalities"])))
    print_aligned(lines, 48)


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
        if doc.rejections:
            print("\nnot coded (event words rasid chose not to code, and why):")
        for rejection in sorted(set(doc.rejections), key=lambda r: (r.span.start, r.reason)):
            span = rejection.span
            detail = f" ({rejection.detail})" if rejection.detail else ""
            print(f"    \"{text[span.start:span.end]}\" [{span.start}:{span.end}]  <- {rejection.reason}{detail}")
        people = doc.of_kind("PERSON")
        if people:
            print("\npeople named (title, then name; the group when the text gives it):")
        for person in people:
            group = f" -> {person.value.group.name}" if person.value.group else ""
            print(f"    {person.value.title} \"{person.surface}\" [{person.span.start}:{person.span.end}]{group}")

    report = run_batch(args.inputs, settings(args), on_doc, report_problem, options=options(args))
    return 1 if report.failed else 0
