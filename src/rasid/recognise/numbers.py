"""NUMBER mentions: digit numbers, number words and vague quantities (``data/numbers.tsv``).

Digits are read on the normalised text, where Arabic-Indic and Persian digits and the
Arabic thousands separator are already ASCII. Digits joined to ``/``, ``:`` or ``-`` are
parts of dates, times or ranges and are left to the date recogniser.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from rasid.model import Article, Doc, Mention, Provenance
from rasid.normalise import normalise
from rasid.recognise.lexicon_matchers import form_matcher
from rasid.recognise.spans import make_mention


@dataclass(frozen=True, slots=True)
class Quantity:
    """A figure as a coder reads it: its value, the vague word it came from, the qualifier
    in front of it (about, more than, at least...), the unit after it (person, household,
    other) and a flag when it is implausible."""

    value: int
    vague: str | None = None  # the vague word as written (عشرات، عدد من...), else None
    qualifier: str = ""
    unit: str = ""
    flag: str = ""


_DIGITS = re.compile(r"(?<![\d/:\-.,])(\d{1,3}(?:,\d{3})+|\d+)(?![\d/:\-]|[.,]\d)")


def find_numbers(text: str) -> list[Mention]:
    """The figures of a text: for ``rasid numbers`` and evaluations."""
    return recognise_numbers(Doc(article=Article(doc_id="text", text=text), norm=normalise(text)))


def recognise_numbers(doc: Doc) -> list[Mention]:
    assert doc.norm is not None
    text = doc.norm.text
    out = [
        make_mention(doc, "NUMBER", m.start(), m.end(), Quantity(int(m.group().replace(",", ""))),
                     Provenance("digits"))
        for m in _DIGITS.finditer(text)
    ]
    table, matcher = form_matcher("numbers")
    for m in matcher.find(text):
        row = table.rows[m.payloads[0]]
        mention = make_mention(doc, "NUMBER", m.start, m.end, None,
                               Provenance("number-words", f"{table.tag}:{row['form']}"))
        vague = mention.surface if row["vague"] == "1" else None
        out.append(_with_value(mention, Quantity(int(row["value"]), vague)))
    return sorted(out, key=lambda m: m.norm_start)


def _with_value(mention: Mention, value: Quantity) -> Mention:
    return Mention(mention.kind, mention.span, mention.norm_start, mention.norm_end,
                   mention.surface, value, mention.provenance)
