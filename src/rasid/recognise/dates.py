"""DATE mentions, resolved against the publication date (``data/dates.tsv``, ``data/months.tsv``).

A small grammar over adjacent date words, tried in this order at each word:

- numeric dates: 20/1/2022, 2022/1/20, 20-1-2022 (Arabic-Indic digits are ASCII by now);
- a day and a month, with or without a year: 20 يناير 2022، 20 كانون الثاني، الثاني من
  أغسطس، 5 رمضان 1436 (Hijri months convert with ``hijridate``); a missing year is the
  latest one that puts the day on or before publication;
- a month alone after شهر or before a year (شهر تموز، يوليو 2015): the 15th, precision 3;
- a year after عام/سنة (عام 2015): 1 July, ACLED precision 3, UCDP 5;
- a part of a month (مطلع/منتصف/أواخر الشهر الجاري، أواخر يوليو): days 5/15/25, precision 2;
- the last week, month or year (الأسبوع الماضي، الشهر الماضي);
- "the nth day in a row" (لليوم الثالث على التوالي): a span that began n-1 days earlier;
- relative days and weekdays (اليوم، أمس، مساء السبت، الخميس الماضي): a part-of-day
  word before and a "past" word after join the expression; night-time wording is dated
  to the day the text names (FORMAT.md); a weekday is the latest such day on or before
  publication, strictly before it with الماضي; a weekday written without the article
  must follow a part-of-day word, since أحد also means "one of".

Each value carries ACLED ``time_precision`` and UCDP ``date_prec``. A date after
publication keeps its value with a flag; an impossible one (31 February) becomes a
mention without a value whose rule says why.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from calendar import monthrange
from dataclasses import dataclass, replace
from datetime import date, timedelta

from rasid.model import Doc, Mention, Provenance, ResolvedDate
from rasid.recognise.lexicon_matchers import form_matcher
from rasid.recognise.matcher import blank_between, pick_by_article, proclitics, token_prefix, token_start
from rasid.recognise.spans import make_mention, text_doc

AFTER_PUBLICATION = "after publication"  # the flag of a day after the article was published

MAX_GAP = 2  # characters allowed between the words of one expression (a space, a comma)
MONTH_DAYS = {"early": 5, "mid": 15, "late": 25}
MIN_YEAR, MAX_YEAR = 1900, 2100
MIN_HIJRI_YEAR, MAX_HIJRI_YEAR = 1300, 1500
# ACLED time_precision and UCDP date_prec for each kind of expression
DAY, WEEK, MONTH, YEAR = (1, 1), (2, 3), (3, 4), (3, 5)
PART_OF_MONTH = (2, 3)
_NUMERIC_DATE = re.compile(r"(?<![\d/.\-])(?:(\d{1,2}) ?([/.\-]) ?(\d{1,2}) ?\2 ?(\d{4})|(\d{4}) ?([/.\-]) ?(\d{1,2}) ?\6 ?(\d{1,2}))(?![\d/.\-])")
_NUMBER = re.compile(r"(?<![\d/.\-,])\d+(?!\d)(?![/.\-,]\d)")
_SAME_MONTH_GAP = re.compile(r"\s*[/(]?\s*")  # تموز/يوليو، كانون الثاني (يناير)، أبريل نيسان
YEAR_DIGITS = 4


@dataclass(frozen=True, slots=True)
class _Part:
    start: int
    end: int
    kind: str
    value: str
    article: bool = False  # the word is written with the article (السبت, not سبت)


ABSOLUTE_DATE_RULES = ("date-numeric", "date-numeric-hijri", "date-day-month")  # a full day, stated outright


def day_stated_in(text: str) -> date | None:
    """The first full day a text states outright (21 يوليو 2015, 2015/07/21, a Hijri date):
    a dateline or a feed's date; None when it states none."""
    for mention in find_dates(text, None):
        value = mention.value
        if value is not None and value.precision == 1 and mention.provenance.rule in ABSOLUTE_DATE_RULES:
            return value.day
    return None


def find_dates(text: str, published: date | None) -> list[Mention]:
    """The dates of a text, resolved against ``published``: for ``rasid dates`` and evaluations."""
    return recognise_dates(text_doc(text, published))


def recognise_dates(doc: Doc) -> list[Mention]:
    assert doc.norm is not None
    text = doc.norm.text
    published = doc.article.published
    out: list[Mention] = []
    taken_until = 0
    for m in _NUMERIC_DATE.finditer(text):
        day, month, year = (m.group(1), m.group(3), m.group(4)) if m.group(1) else (m.group(8), m.group(7), m.group(5))
        hijri = MIN_HIJRI_YEAR <= int(year) <= MAX_HIJRI_YEAR  # 9/10/1436 is a Hijri date
        day_value = (_hijri_day(int(month), int(day), int(year), published) if hijri
                     else _day(int(year), int(month), int(day)))
        out.append(_mention(doc, m.start(), m.end(), "date-numeric-hijri" if hijri else "date-numeric",
                            day_value, DAY, published))
    numeric = {i for m in _NUMERIC_DATE.finditer(text) for i in range(m.start(), m.end())}
    parts = [p for p in _parts(text) if p.start not in numeric]
    i = 0
    while i < len(parts):
        if parts[i].start < taken_until:
            i += 1
            continue
        found = _parse(text, parts, i, published)
        if found is None:
            i += 1
            continue
        used, rule, day, precision = found
        start, end = parts[i].start, parts[i + used - 1].end
        out.append(_mention(doc, start, end, rule, day, precision, published))
        taken_until = end
        i += used
    return _join_ranges(doc, sorted(out, key=lambda m: m.norm_start), parts)


def _join_ranges(doc: Doc, dates: list[Mention], parts: list[_Part]) -> list[Mention]:
    """من 20 يوليو إلى 22 يوليو، بين 20 و22 يوليو: two dates joined by a range word are one span."""
    text = doc.norm.text
    to_words = sorted((p.start, p.end) for p in parts if p.kind == "range_to")
    between_ends = sorted(p.end for p in parts if p.kind == "range_from")
    out: list[Mention] = []
    for m in dates:
        last = out[-1] if out else None
        if (last and last.value and m.value and last.value.day <= m.value.day
                and _joined(text, last, m, to_words, between_ends)):
            first, final = last.value.start or last.value.day, m.value.end or m.value.day
            days = (final - first).days + 1
            value = ResolvedDate(first, 1 if days == 1 else 2 if days <= 7 else 3,
                                 1 if days == 1 else 2 if days <= 6 else 3 if days <= 7 else 4,
                                 start=first, end=final, flag=last.value.flag or m.value.flag)
            out[-1] = replace(make_mention(doc, "DATE", last.norm_start, m.norm_end, value,
                                           Provenance("date-range")), value=value)
        else:
            out.append(m)
    return out


def _joined(text: str, left: Mention, right: Mention, to_words: list[tuple[int, int]], between_ends: set[int]) -> bool:
    """A range word between them (إلى، حتى), or بين before the first and only و between."""
    i = bisect_left(to_words, (left.norm_end, 0))
    if i < len(to_words) and to_words[i][1] <= right.norm_start:
        start, end = to_words[i]
        return not (text[left.norm_end:start] + text[end:right.norm_start]).strip(" ,")
    j = bisect_left(between_ends, left.norm_start + 1) - 1
    after_between = j >= 0 and not text[between_ends[j]:left.norm_start].strip()
    return after_between and token_prefix(text, right.norm_start) in proclitics() and \
        blank_between(text, left.norm_end, token_start(text, right.norm_start))


def _parts(text: str) -> list[_Part]:
    """Date words, month names and bare numbers, in text order."""
    parts = []
    for table_name, kind_of in (("dates", None), ("months", "month")):
        table, matcher = form_matcher(table_name)
        for m in matcher.find(text):
            row = pick_by_article(text, m, table.rows)
            kind = kind_of or row["kind"]
            value = f"{row['calendar']}:{row['month']}" if kind == "month" else row["value"]
            parts.append(_Part(m.start, m.end, kind, value, m.article))
    parts += [_Part(m.start(), m.end(), "number", m.group()) for m in _NUMBER.finditer(text)]
    parts.sort(key=lambda p: (p.start, -p.end))
    kept: list[_Part] = []
    for p in parts:  # a month name wins over a date word inside it (الأول in كانون الأول)
        if kept and p.start < kept[-1].end:
            continue
        last = kept[-1] if kept else None
        if (last and last.kind == p.kind == "month" and last.value.split(":")[1].split("|")[0] == p.value.split(":")[1]
                and _SAME_MONTH_GAP.fullmatch(text, last.end, p.start)):
            kept[-1] = _Part(last.start, p.end + (text[p.end:p.end + 1] == ")"), "month", last.value + "|both")
            continue
        kept.append(p)
    return kept


def _adjacent(text: str, left: _Part, right: _Part) -> bool:
    gap = text[left.end:token_start(text, right.start)]
    return len(gap) <= MAX_GAP and not gap.strip(" ,")


def _seq(text: str, parts: list[_Part], i: int, *kinds: str) -> bool:
    """Do parts i, i+1, ... have these kinds, each right after the one before?"""
    if i + len(kinds) > len(parts):
        return False
    for k, kind in enumerate(kinds):
        p = parts[i + k]
        if p.kind != kind or (k and not _adjacent(text, parts[i + k - 1], p)):
            return False
    return True


def _parse(text: str, parts: list[_Part], i: int, published: date | None):
    """(parts used, rule, resolved day or None, (ACLED, UCDP) precision) for the expression at ``i``."""
    p = parts[i]
    # a day and a month: 20 يناير 2022 / الثاني من أغسطس / 5 رمضان 1436
    for day_kind in ("number", "ordinal"):
        for with_of in (False, True):
            kinds = (day_kind, "of", "month") if with_of else (day_kind, "month")
            if _seq(text, parts, i, *kinds):
                used = len(kinds)
                month_part = parts[i + used - 1]
                year, used = _year(text, parts, i + used, used, published)
                day = _month_day(month_part.value, int(p.value), year, published)
                return used, "date-day-month", day, DAY
    # a month with a cue, a year or "last", or named in both series: شهر تموز، يوليو 2015،
    # رمضان الماضي، مايو (أيار)
    if (_seq(text, parts, i, "month_cue", "month") or _seq(text, parts, i, "month", "number") and _is_year(parts[i + 1])
            or _seq(text, parts, i, "month", "past_modifier") or p.kind == "month" and "|" in p.value):
        first = i + 1 if p.kind == "month_cue" else i
        year, used = _year(text, parts, first + 1, first + 1 - i)
        if used == first + 1 - i and _seq(text, parts, first, "month", "past_modifier"):
            used += 1
        return used, "date-month", _month_day(parts[first].value, 15, year, published), MONTH
    # a part of a month: أواخر يوليو / منتصف الشهر الجاري / مطلع الشهر الماضي
    if p.kind == "period":
        if _seq(text, parts, i, "period", "month"):
            year, used = _year(text, parts, i + 2, 2)
            return used, "date-part-of-month", _month_day(parts[i + 1].value, int(p.value), year, published), PART_OF_MONTH
        for modifier in ("current", "past_modifier"):
            if _seq(text, parts, i, "period", "unit", modifier) and parts[i + 1].value == "month":
                return 3, "date-part-of-month", _part_of_month(published, int(p.value), modifier), PART_OF_MONTH
        if _seq(text, parts, i, "period", "unit") and parts[i + 1].value == "month":
            return 2, "date-part-of-month", _part_of_month(published, int(p.value), "current"), PART_OF_MONTH
    # last week / month / year
    if _seq(text, parts, i, "unit", "past_modifier") and parts[i].value in ("week", "month"):
        if published is None:
            return 2, "date-last-period", None, WEEK
        if p.value == "week":
            return 2, "date-last-period", published - timedelta(days=7), WEEK
        last = published.replace(day=1) - timedelta(days=1)
        return 2, "date-last-period", last.replace(day=15), MONTH
    # a year: عام 2015
    if _seq(text, parts, i, "year_cue", "number") and _is_year(parts[i + 1]):
        return 2, "date-year", _day(int(parts[i + 1].value), 7, 1), YEAR
    # a day counted from the story's own time: اليوم السابق
    if p.kind == "narrative_day":
        return 1, "date-narrative-day", None, DAY
    # a few days or two weeks ago, known to the week: قبل أيام، قبل أسبوعين
    if p.kind == "recent_days":
        return 1, "date-recent-days", published + timedelta(days=int(p.value)) if published else None, WEEK
    # the nth day in a row: لليوم الثالث على التوالي
    if _seq(text, parts, i, "relative_day", "ordinal", "consecutive"):
        return 3, "date-consecutive-days", published, ("consecutive", int(parts[i + 1].value))
    # relative days and weekdays, with a part of the day before and "past" after
    start = i + 1 if p.kind == "part_of_day" and i + 1 < len(parts) and _adjacent(text, p, parts[i + 1]) else i
    word = parts[start] if start < len(parts) else None
    if word is None or word.kind not in ("relative_day", "weekday"):
        return None
    if word.kind == "weekday" and start == i and not word.article:
        return None
    used = start - i + 1
    past = start + 1 < len(parts) and parts[start + 1].kind == "past_modifier" and _adjacent(text, word, parts[start + 1])
    used += past
    if published is None:
        return used, f"date-{word.kind}", None, DAY
    if word.kind == "relative_day":
        return used, "date-relative_day", published + timedelta(days=int(word.value)), DAY
    back = (published.weekday() - int(word.value)) % 7
    if past and back == 0:
        back = 7
    return used, "date-weekday", published - timedelta(days=back), DAY


def _is_year(part: _Part) -> bool:
    return part.kind == "number" and (MIN_YEAR <= int(part.value) <= MAX_YEAR
                                      or MIN_HIJRI_YEAR <= int(part.value) <= MAX_HIJRI_YEAR)


def _year(text: str, parts: list[_Part], j: int, used: int,
          published: date | None = None) -> tuple[int | None, int]:
    """A year right after (optionally after عام), or من العام الماضي/الجاري:
    (year, parts used so far including it)."""
    if published is not None and _seq(text, parts, j, "of", "unit") and parts[j + 1].value == "year":
        for modifier, back in (("past_modifier", 1), ("current", 0)):
            if _seq(text, parts, j + 1, "unit", modifier):
                return published.year - back, used + 3
    if j < len(parts) and parts[j].kind == "year_cue" and _adjacent(text, parts[j - 1], parts[j]):
        if j + 1 < len(parts) and _is_year(parts[j + 1]) and _adjacent(text, parts[j], parts[j + 1]):
            return int(parts[j + 1].value), used + 2
    if (j < len(parts) and parts[j].kind == "number" and len(parts[j].value) >= YEAR_DIGITS
            and _adjacent(text, parts[j - 1], parts[j])):
        return int(parts[j].value), used + 1  # an impossible year (20022) is flagged, not skipped
    return None, used


def _month_day(month_value: str, day: int, year: int | None, published: date | None) -> date | str | None:
    """The Gregorian day of (month, day, year); with no year, the latest on or before publication."""
    calendar, month = month_value.split("|")[0].split(":")
    if calendar == "hijri":
        return _hijri_day(int(month), day, year, published)
    if year is None:
        if published is None:
            return None
        year = published.year
        candidate = _day(year, int(month), day)
        if isinstance(candidate, date) and candidate > published:
            year -= 1
    return _day(year, int(month), day)


def _hijri_day(month: int, day: int, year: int | None, published: date | None) -> date | str | None:
    from hijridate import Gregorian, Hijri  # imported only when a Hijri date occurs

    if year is None:
        if published is None:
            return None
        year = Gregorian(published.year, published.month, published.day).to_hijri().year
        found = _hijri_day(month, day, year, None)
        if isinstance(found, date) and found > published:
            year -= 1
    try:
        return date(*Hijri(year, month, day).to_gregorian().datetuple())
    except (ValueError, OverflowError) as exc:  # hijridate says why (out of range, bad day)
        return f"impossible Hijri date {day}/{month}/{year}: {exc}"


def _part_of_month(published: date | None, day: int, modifier: str) -> date | None:
    if published is None:
        return None
    first = published.replace(day=1)
    if modifier == "past_modifier":
        first = (first - timedelta(days=1)).replace(day=1)
    return first.replace(day=min(day, monthrange(first.year, first.month)[1]))


def _day(year: int, month: int, day: int) -> date | str:
    """A date, or the reason it cannot be one."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        return f"impossible year {year}"
    try:
        return date(year, month, day)
    except ValueError as exc:
        return f"impossible date {day}/{month}/{year}: {exc}"


def _mention(doc: Doc, start: int, end: int, rule: str, day: date | str | None,
             precision: tuple, published: date | None) -> Mention:
    value = None
    if isinstance(day, str):
        rule = f"{rule}:{day}"
    elif day is not None:
        if precision[0] == "consecutive":
            n = precision[1]
            value = ResolvedDate(day, 1, 2 if n <= 6 else 3, start=day - timedelta(days=n - 1), end=day)
        else:
            value = ResolvedDate(day, precision[0], precision[1])
        if published is not None and day > published:
            value = ResolvedDate(value.day, value.precision, value.ucdp_prec, value.start, value.end,
                                 flag=f"{AFTER_PUBLICATION} ({published.isoformat()})")
    return make_mention(doc, "DATE", start, end, value, Provenance(rule))
