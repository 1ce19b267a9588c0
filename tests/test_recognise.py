from __future__ import annotations

from datetime import date

import pytest

from rasid import Article
from rasid.model import Doc
from rasid.normalise import normalise, split_sentences
from rasid.recognise.dates import recognise_dates
from rasid.recognise.matcher import Matcher
from rasid.recognise.numbers import recognise_numbers

SATURDAY = date(2022, 1, 22)


def make_doc(text: str, published: date | None = SATURDAY) -> Doc:
    doc = Doc(article=Article(doc_id="t", text=text, published=published), norm=normalise(text))
    doc.sentences = split_sentences(doc.norm)
    return doc


@pytest.mark.parametrize("text, found", [
    ("وصلت إلى الحسكة", "الحسكة"),   # the written article belongs to the name
    ("وصلت بالحسكة", "الحسكة"),      # ... prepositions and conjunctions do not
    ("وللحسكة", "حسكة"),              # ل + ال is written لل: the article's alef is gone
    ("حسكة", "حسكة"),
    ("قوات حسكاوية", None),           # a longer word is not the name
    ("الحسكـة", "الحسكـة"),           # tatweel inside the name
])
def test_matcher_is_clitic_aware(text, found):
    norm = normalise(text)
    matches = Matcher([("الحسكة", "H")]).find(norm.text)
    if found is None:
        assert matches == []
    else:
        (m,) = matches
        span = norm.to_original(m.start, m.end)
        assert text[span.start:span.end] == found


def test_matcher_stems_and_longest_match():
    norm = normalise("تتواصل الاشتباكات بين قوات سوريا الديمقراطية وقوات النظام")
    matcher = Matcher([("اشتباك*", "clash"), ("قوات سوريا الديمقراطية", "sdf"), ("قوات", "forces")])
    got = [(norm.text[m.start:m.end], m.payloads) for m in matcher.find(norm.text)]
    assert got == [("الاشتباكات", ("clash",)), ("قوات سوريا الديمقراطيه", ("sdf",)), ("قوات", ("forces",))]


def test_matcher_keeps_namesakes_together():
    norm = normalise("في طرابلس")
    (m,) = Matcher([("طرابلس", "LY"), ("طرابلس", "LB")]).find(norm.text)
    assert m.payloads == ("LY", "LB")


@pytest.mark.parametrize("text, day", [
    ("وقع الهجوم اليوم", date(2022, 1, 22)),
    ("وقع الهجوم أمس", date(2022, 1, 21)),
    ("وقع الهجوم أول أمس", date(2022, 1, 20)),
    ("وقع الهجوم مساء السبت", date(2022, 1, 22)),     # published on a Saturday: that Saturday
    ("دمرت المبنى ليلة الجمعة", date(2022, 1, 21)),   # night wording: the day the text names
    ("يوم الخميس", date(2022, 1, 20)),
    ("السبت الماضي", date(2022, 1, 15)),              # "last Saturday" on a Saturday: a week before
    ("صباح الاثنين", date(2022, 1, 17)),
])
def test_dates_resolve_against_publication(text, day):
    (m,) = recognise_dates(make_doc(text))
    assert m.value.day == day and m.value.precision == 1
    assert m.span.end <= len(text)


def test_weekday_homograph_needs_article_or_part_of_day():
    assert recognise_dates(make_doc("قتل أحد القادة")) == []


def test_dates_without_publication_stay_unresolved():
    (m,) = recognise_dates(make_doc("هجوم أمس", published=None))
    assert m.value is None and m.surface == "أمس"


@pytest.mark.parametrize("text, values", [
    ("بلغت 27 قتيل", [(27, None)]),
    ("نحو ١٢٠٠ عائلة و4,000 شخص", [(1200, None), (4000, None)]),
    ("في 20/1/2022 الساعة 10:30", []),
    ("فرار عشرات العناصر", [(12, "عشرات")]),
    ("تصفية عدد من العناصر", [(3, "عدد من")]),
    ("ثلاثة حواجز", [(3, None)]),
])
def test_numbers(text, values):
    got = [(m.value.value, m.value.vague) for m in recognise_numbers(make_doc(text))]
    assert got == values
