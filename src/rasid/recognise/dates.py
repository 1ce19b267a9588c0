"""DATE mentions: relative days (اليوم، أمس) and weekdays, resolved against the
publication date (``data/dates.tsv``).

A part-of-day word before (مساء السبت، صباح اليوم) and a "past" word after (الخميس
الماضي) join the expression. Night-time wording is dated to the day the text names
(FORMAT.md). A weekday is the most recent such day on or before publication; with a
"past" word, strictly before it. A weekday written without the article must follow a
part-of-day word, since أحد also means "one of".
"""
from __future__ import annotations

from datetime import date, timedelta

from rasid.model import Article, Doc, Mention, Provenance, ResolvedDate
from rasid.normalise import normalise
from rasid.recognise.lexicon_matchers import form_matcher
from rasid.recognise.matcher import Match, pick_by_article, token_prefix
from rasid.recognise.spans import make_mention

MAX_GAP = 2  # characters allowed between the words of one expression (a space, a comma)


def find_dates(text: str, published: date | None) -> list[Mention]:
    """The dates of a text, resolved against ``published``: for ``rasid dates`` and evaluations."""
    doc = Doc(article=Article(doc_id="text", text=text, published=published), norm=normalise(text))
    return recognise_dates(doc)


def recognise_dates(doc: Doc) -> list[Mention]:
    assert doc.norm is not None
    text = doc.norm.text
    table, matcher = form_matcher("dates")
    matches = [(m, pick_by_article(text, m, table.rows)) for m in matcher.find(text)]
    out = []
    for i, (m, row) in enumerate(matches):
        if row["kind"] not in ("relative_day", "weekday"):
            continue
        start, end = m.start, m.end
        before = matches[i - 1] if i > 0 else None
        after = matches[i + 1] if i + 1 < len(matches) else None
        has_part_of_day = before is not None and before[1]["kind"] == "part_of_day" and _adjacent(text, before[0], m)
        if row["kind"] == "weekday" and not (has_part_of_day or m.article):
            continue
        if has_part_of_day:
            start = before[0].start
        past = after is not None and after[1]["kind"] == "past_modifier" and _adjacent(text, m, after[0])
        if past:
            end = after[0].end
        day = _resolve(row, past, doc.article.published)
        value = ResolvedDate(day, 1) if day else None
        out.append(make_mention(doc, "DATE", start, end, value,
                                Provenance(f"date-{row['kind']}", f"{table.tag}:{row['form']}")))
    return out


def _adjacent(text: str, left: Match, right: Match) -> bool:
    gap = text[left.end:right.start - len(token_prefix(text, right.start))]
    return len(gap) <= MAX_GAP and not gap.strip(" ,")


def _resolve(row: dict[str, str], past: bool, published: date | None) -> date | None:
    if published is None:
        return None
    if row["kind"] == "relative_day":
        return published + timedelta(days=int(row["value"]))
    back = (published.weekday() - int(row["value"])) % 7
    if past and back == 0:
        back = 7
    return published - timedelta(days=back)
