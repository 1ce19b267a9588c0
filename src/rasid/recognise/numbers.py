"""NUMBER mentions: figures read as a coder reads them (``data/numbers.tsv``).

- digits, on the normalised text (Arabic-Indic and Persian digits and the Arabic
  separators are already ASCII there), with a multiplier word after them (5 آلاف);
  digits joined to ``/``, ``:`` or ``-`` belong to dates, times or ranges;
- number words and their compounds (سبعة وعشرين، ألف ومئتي، ثلاثة آلاف وخمسمئة);
- duals of counted nouns (قتيلين = 2 killed);
- vague quantities, kept with their word (عشرات = 12, مئات = 100, عدد من = 3);
- the qualifier in front (نحو، أكثر من، ما لا يقل عن) and the unit after: person, civilian,
  household or another thing (``data/casualties.tsv``).

A figure too large to be a count of people is flagged, not dropped.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace

from rasid.model import MAX_FIGURE, Doc, Mention, Provenance
from rasid.normalise import tokens
from rasid.recognise.lexicon_matchers import alias_matcher, form_matcher
from rasid.recognise.matcher import Match, article, blank_between, proclitics
from rasid.recognise.spans import make_mention, original_text, text_doc, without_nested

NISBA = "\u064a"  # ي: the ending of relational adjectives (مدني، إسرائيلي), which can follow a definite noun
IMPLAUSIBLE_PEOPLE = 1_000_000  # more people than this in one report is flagged
PEOPLE_UNITS = ("person", "soldier", "civilian", "household")
UNITS = {"person": "person", "soldier": "soldier", "civilian": "civilian", "household": "household", "thing": "other", "killed": "person", "injured": "person",
         "captured": "person", "arrested": "person", "escaped": "person", "displaced": "person"}
UNIT_WINDOW_TOKENS = 2  # words allowed between a figure and its unit (27 من عناصر)


@dataclass(frozen=True, slots=True)
class Quantity:
    """A figure as a coder reads it: its value, the vague word it came from, the qualifier
    in front of it (about, more_than, at_least, less_than), the unit after it (person,
    civilian, household, other) and a flag when it is implausible."""

    value: int
    vague: str | None = None  # the vague word as written (عشرات، عدد من...), else None
    qualifier: str = ""
    unit: str = ""
    flag: str = ""


@dataclass
class _Figure:
    start: int
    end: int
    value: float  # 1.5 مليون: digits may have decimals until a multiplier scales them
    rule: str
    vague: bool = False
    open_group: float = 0  # the part of a compound not yet multiplied (ثلاثة in ثلاثة آلاف)
    last_multiplier: float = 0  # what ونصف takes half of (مليون ونصف)


_DIGITS = re.compile(r"(?<![\d/:\-.,])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\d/:\-]|[.,]\d)")


def find_numbers(text: str) -> list[Mention]:
    """The figures of a text, leaving out the numbers of its dates (20 in 20 يناير), as the
    pipeline does: for ``rasid numbers`` and evaluations."""
    from rasid.recognise.dates import recognise_dates

    doc = text_doc(text)
    return without_nested(recognise_numbers(doc), recognise_dates(doc))


def recognise_numbers(doc: Doc) -> list[Mention]:
    assert doc.norm is not None
    text = doc.norm.text
    table, matcher = form_matcher("numbers")
    words = [(m, table.rows[m.payloads[0]]) for m in matcher.find(text)]
    figures = _figures(text, words)
    qualifiers = [(m, row["role"].split(":", 1)[1]) for m, row in words if row["role"].startswith("qualifier:")]
    units = _units(text)
    qualifier_ending_at = {m.end: (m.start, q) for m, q in qualifiers}
    out = []
    for f in figures:
        start, qualifier = qualifier_ending_at.get(_end_of_previous_word(text, f.start), (f.start, ""))
        unit = _unit_after(text, f.end, units)
        if f.rule in ("dual", "singular"):  # the noun is its own unit: قتيلين two people, غارتين two other things
            i = bisect_left(units, (f.start, ""))
            unit = units[i][1] if i < len(units) and units[i][0] < f.end else (
                "person" if f.rule == "singular" else "other")
        mention = make_mention(doc, "NUMBER", start, f.end, None, Provenance(f"number-{f.rule}"))
        flag = "implausible: more people than a report can count" if (
            unit in PEOPLE_UNITS and f.value > IMPLAUSIBLE_PEOPLE) else ""
        value = f.value
        if not value <= MAX_FIGURE:  # 5,000 digits read as infinity, or more than a store's integer holds
            value, flag = MAX_FIGURE, "implausible: beyond any count"
        vague = original_text(doc, f.start, f.end) if f.vague else None
        out.append(replace(mention, value=Quantity(round(value), vague, qualifier, unit, flag)))
    return out


def _end_of_previous_word(text: str, position: int) -> int:
    while position > 0 and text[position - 1].isspace():
        position -= 1
    return position


def _figures(text: str, words: list[tuple[Match, dict[str, str]]]) -> list[_Figure]:
    """Digits and number words, with the words of one compound joined into one figure."""
    items = [_Figure(m.start(), m.end(), float(m.group().replace(",", "")), "digits")
             for m in _DIGITS.finditer(text)]
    for m, row in words:
        role = row["role"]
        if role.startswith("qualifier:"):
            continue
        items.append(_Figure(m.start, m.end, float(row["value"]), role, vague=role == "vague"))
    items.sort(key=lambda f: f.start)
    figures: list[_Figure] = []
    for item in items:
        last = figures[-1] if figures else None
        if last and _joins(last, item) and blank_between(text, last.end, _word_start(text, item.start)):
            _extend(last, item)
            continue
        if item.rule == "plural_multiplier":  # آلاف alone: thousands, a vague quantity
            item.rule, item.vague = "vague", True
        elif item.rule == "multiplier":  # ألف alone: a thousand
            item.rule, item.last_multiplier = "words", item.value
        elif item.rule in ("half", "percent"):
            continue  # نصف alone, and المئة of a percentage, are not counts
        elif item.rule in ("unit", "hundred", "digits"):
            item.open_group = item.value
        figures.append(item)
    return [f for i, f in enumerate(figures)
            if f.rule != "singular" or not (_counted(text, figures, i) or _adjective(text, f))]


def _counted(text: str, figures: list[_Figure], i: int) -> bool:
    """Whether a number sits right next to the singular noun ``figures[i]`` (20 جنديا،
    مدني واحد): then the noun is what is counted, not a count of one. A number joined by a
    conjunction after it is a figure of its own (شهيدة و6 إصابات)."""
    before = figures[i - 1] if i > 0 else None
    after = figures[i + 1] if i + 1 < len(figures) else None
    return bool((before and blank_between(text, before.end, _word_start(text, figures[i].start)))
                or (after and _word_start(text, after.start) == after.start
                    and blank_between(text, figures[i].end, after.start)))


def _adjective(text: str, figure: _Figure) -> bool:
    """Is a definite singular nisba (المدني، الإسرائيلي) an adjective of the definite word
    before it (الدفاع المدني، الجيش الإسرائيلي), not a person counted (مقتل المدني، جيش
    الاحتلال الشاب)?"""
    if not text.startswith(article(), figure.start) or not text[figure.start:figure.end].endswith(NISBA):
        return False
    before = text[:figure.start].rstrip()
    word = before[_word_start(before, len(before)):]
    return any(word.startswith(prefix + article()) for prefix, parts in proclitics().items() if "article" not in parts)


def _joins(last: _Figure, part: _Figure) -> bool:
    """Can ``part`` continue the compound ``last``? Digits take only a multiplier (5 آلاف)."""
    if last.vague or part.vague or {"dual", "singular"} & {last.rule, part.rule}:
        return False
    if part.rule == "half":
        return last.last_multiplier > 0
    if last.rule.startswith("digits") or part.rule == "digits":
        return last.rule == "digits" and part.rule in ("multiplier", "plural_multiplier")
    return True


def _extend(figure: _Figure, part: _Figure) -> None:
    """Join the next word of a compound: units add, مئة and multipliers scale what precedes."""
    if part.rule in ("multiplier", "plural_multiplier"):
        group = figure.open_group or 1
        figure.value += group * part.value - group
        figure.open_group = 0
        figure.last_multiplier = part.value
    elif part.rule == "half":
        figure.value += figure.last_multiplier * part.value
    elif part.rule == "hundred" and 1 <= figure.open_group <= 9:
        figure.value += figure.open_group * 99
        figure.open_group = 0
    else:
        figure.value += part.value
        figure.open_group += part.value
    figure.end = part.end
    figure.rule = "words" if figure.rule != "digits" else "digits+words"


def _word_start(text: str, position: int) -> int:
    """Where the word holding ``position`` begins (a compound's و is part of the next word)."""
    while position > 0 and text[position - 1].isalpha():
        position -= 1
    return position


def _unit_after(text: str, end: int, units: list[tuple[int, str]]) -> str:
    """The unit of the first counted noun after ``end``, if it follows closely."""
    i = bisect_left(units, (end, ""))
    if i == len(units):
        return ""
    start, unit = units[i]
    near = len(tokens(text, end, start)) <= UNIT_WINDOW_TOKENS and not re.search(r"[,.;:?!]", text[end:start])
    return unit if near else ""


def _units(text: str) -> list[tuple[int, str]]:
    """Where each counted noun starts, and what it counts; members of a named actor
    (17 حوثياً، 18 من الحوثيين) are people."""
    table, matcher = form_matcher("casualties", accusative=True)
    found = [(m.start, UNITS[table.rows[m.payloads[0]]["kind"]]) for m in matcher.find(text)
             if table.rows[m.payloads[0]]["kind"] in UNITS]
    _, actors = alias_matcher("actors")
    found += [(m.start, "person") for m in actors.find(text)]
    return sorted(found)
