"""``rasid places``, ``rasid dates`` and ``rasid numbers``: what the recognisers find in a
text, and how they resolved it."""
from __future__ import annotations

import argparse
import json

from rasid.cli.common import add_tagger_option, day, options, print_aligned, text_arg


def register(commands: argparse._SubParsersAction) -> None:
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
    p.add_argument("--published", type=day, metavar="YYYY-MM-DD", help="publication day (relative dates need it)")
    p.add_argument("--json", action="store_true", help="one JSON object per date")
    p.set_defaults(func=cmd_dates)

    p = commands.add_parser("numbers", help="show the figures found in a text",
                            description="Find figures in TEXT (or the file it names): value, vague word, "
                                        "qualifier, unit (person, household, other) and flags.")
    p.add_argument("text", metavar="TEXT|FILE")
    p.add_argument("--json", action="store_true", help="one JSON object per figure")
    p.set_defaults(func=cmd_numbers)


MAX_CANDIDATES_SHOWN = 3


def cmd_places(args: argparse.Namespace) -> int:
    from rasid.recognise.places import recognise_places
    from rasid.recognise.spans import text_doc

    doc = text_doc(text_arg(args.text), options=options(args))
    rows = [place_row(m) for m in recognise_places(doc)]
    rejected = [{"span": r.span.as_list(), "surface": doc.article.text[r.span.start:r.span.end], "kind": "NOT_PLACE",
                 "reason": str(r.reason)} for r in sorted(doc.rejections, key=lambda r: r.span.start)]
    if args.json:
        for row in rows + rejected:
            print(json.dumps(row, ensure_ascii=False))
    else:
        _print_places(rows, rejected)
    return 0


def place_row(mention) -> dict:
    """A place mention as a flat record: span, what it is, where, and which rule decided."""
    ref = mention.value
    loc = ref.location()
    return {
        "span": mention.span.as_list(), "surface": mention.surface, "kind": mention.kind,
        "cue": ref.cue, "direction": ref.direction, "rule": ref.rule,
        "resolved": ref.place is not None, "candidates": [c.id for c in ref.candidates],
        "candidate_names": [f"{c.name} ({c.country} {c.kind})" for c in ref.candidates],
        "parent": ref.parent.id if ref.parent else None,
        "location": loc.to_json() if loc else None,
    }


def _print_places(rows: list[dict], rejected: list[dict]) -> None:
    lines = [("span", "as written", "place", "admin1 / P-code", "lat, lon", "prec", "rule", "other candidates")]
    for r in rows:
        loc = r["location"] or {}
        where = f"{loc.get('admin1') or loc.get('country', '')} {loc.get('pcode', '')}".strip() if loc else "-"
        point = f"{loc['lat']:.4f}, {loc['lon']:.4f}" if loc.get("lat") is not None else "-"
        prec = f"{loc['geo_precision']}/{loc['where_prec']}" if loc else "-"
        name = loc.get("name", "unresolved") if loc else "unresolved"
        if r["kind"] == "DATELINE":
            name += " (dateline)"
        others = [n for i, n in zip(r["candidates"], r["candidate_names"]) if i != (loc.get("place_id") or "")]
        shown = "; ".join(others[:MAX_CANDIDATES_SHOWN]) + (" ..." if len(others) > MAX_CANDIDATES_SHOWN else "")
        lines.append((f"{r['span'][0]}-{r['span'][1]}", r["surface"], name, where, point, prec, r["rule"], shown))
    print_aligned(lines, 40)
    print("prec = ACLED geo_precision / UCDP where_prec")
    if rejected:
        print("\nnot places here:")
        print_aligned([("span", "as written", "why")] + [(f"{r['span'][0]}-{r['span'][1]}", r["surface"], r["reason"])
                                                         for r in rejected], 40)


def cmd_dates(args: argparse.Namespace) -> int:
    from rasid.recognise.dates import find_dates

    rows = []
    for m in find_dates(text_arg(args.text), args.published):
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
            for m in find_numbers(text_arg(args.text))]
    _print_rows(rows, args.json, ("span", "surface", "value", "vague", "qualifier", "unit", "flag", "rule"))
    return 0


def _print_rows(rows: list[dict], as_json: bool, columns: tuple[str, ...]) -> None:
    if as_json:
        for row in rows:
            print(json.dumps(row, ensure_ascii=False))
        return
    print_aligned([columns] + [tuple("-" if r[c] in (None, "") else
                                     f"{r[c][0]}-{r[c][1]}" if c == "span" else str(r[c]) for c in columns)
                               for r in rows], 40)
