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


@pytest.mark.parametrize("text, day, precision, ucdp", [
    ("في 20/1/2022", date(2022, 1, 20), 1, 1),
    ("في ٢٠٢٢/١/٢٠", date(2022, 1, 20), 1, 1),               # Arabic-Indic digits, year first
    ("يوم 20 يناير 2022", date(2022, 1, 20), 1, 1),            # Egyptian month name
    ("في 20 كانون الثاني", date(2022, 1, 20), 1, 1),           # Levantine name, year inferred
    ("في 20 تموز/يوليو", date(2021, 7, 20), 1, 1),             # both series; latest July on or before publication
    ("الثاني من يناير", date(2022, 1, 2), 1, 1),               # ordinal day
    ("في 5 رمضان 1436", date(2015, 6, 22), 1, 1),              # Hijri, converted with hijridate
    ("خلال شهر تموز", date(2021, 7, 15), 3, 4),                # month only
    ("منتصف الشهر الجاري", date(2022, 1, 15), 2, 3),           # part of a month
    ("أواخر الشهر الماضي", date(2021, 12, 25), 2, 3),
    ("الأسبوع الماضي", date(2022, 1, 15), 2, 3),
    ("قبل أيام", date(2022, 1, 19), 2, 3),                    # a few days ago: known to the week
    ("قبل أسبوعين", date(2022, 1, 8), 2, 3),
])
def test_explicit_and_period_dates(text, day, precision, ucdp):
    (m,) = recognise_dates(make_doc(text))
    assert (m.value.day, m.value.precision, m.value.ucdp_prec) == (day, precision, ucdp)


def test_consecutive_days_are_a_span():
    (m,) = recognise_dates(make_doc("تتواصل الاشتباكات لليوم الثالث على التوالي"))
    assert (m.value.start, m.value.end, m.value.day) == (date(2022, 1, 20), date(2022, 1, 22), date(2022, 1, 22))
    assert m.value.ucdp_prec == 2


@pytest.mark.parametrize("text, reason", [
    ("في 31/2/2022", "impossible date"),
    ("في 20 يناير 20022", "impossible year"),
    ("في 30 رمضان 1436", "impossible Hijri date"),
])
def test_impossible_dates_are_flagged_not_crashed(text, reason):
    (m,) = recognise_dates(make_doc(text))
    assert m.value is None and reason in m.provenance.rule


def test_dates_after_publication_are_flagged():
    (m,) = recognise_dates(make_doc("في 20/3/2022"))
    assert m.value.day == date(2022, 3, 20) and m.value.flag.startswith("after publication")


@pytest.mark.parametrize("text, value, vague, qualifier, unit", [
    ("قتل سبعة وعشرين شخصا", 27, None, "", "civilian"),
    ("ألف ومئتي عائلة", 1200, None, "", "household"),
    ("ثلاثة آلاف وخمسمائة نازح", 3500, None, "", "person"),
    ("مقتل قتيلين", 2, None, "", "person"),                 # a dual noun is a figure
    ("ما لا يقل عن 30 مدنيا", 30, None, "at_least", "civilian"),
    ("لنحو 1200 عائلة", 1200, None, "about", "household"),
    ("5 آلاف شرطي", 5000, None, "", "person"),
    ("1.5 مليون لاجئ", 1500000, None, "", "person"),
    ("شن 30 غارة", 30, None, "", "other"),
    ("نزوح آلاف المدنيين", 1000, "آلاف", "", "civilian"),
])
def test_figures_as_a_coder_reads_them(text, value, vague, qualifier, unit):
    (m,) = recognise_numbers(make_doc(text))
    assert (m.value.value, m.value.vague, m.value.qualifier, m.value.unit) == (value, vague, qualifier, unit)


def test_absurd_figures_are_flagged():
    (m,) = recognise_numbers(make_doc("10 ملايين قتيل في القرية"))
    assert m.value.value == 10_000_000 and m.value.flag.startswith("implausible")


@pytest.mark.parametrize("text, start, end", [
    ("من 17 يناير إلى 19 يناير", date(2022, 1, 17), date(2022, 1, 19)),
    ("بين 17 يناير و19 يناير", date(2022, 1, 17), date(2022, 1, 19)),
])
def test_ranges_are_one_span(text, start, end):
    (m,) = recognise_dates(make_doc(text))
    assert (m.value.start, m.value.end, m.value.day, m.value.precision) == (start, end, start, 2)


def test_two_dates_joined_by_and_are_two_dates():
    assert len(recognise_dates(make_doc("في 17 يناير و19 يناير"))) == 2


@pytest.mark.parametrize("text, name, group", [
    ("قتل القيادي في قسد جمال كوباني في الحسكة", "جمال كوباني", "Syrian Democratic Forces"),
    ("أفاد ناشطون بمقتل القيادي “جمال كوباني” أحد القادة", "جمال كوباني", None),
    ("قال الرئيس عبدربه منصور هادي إن", "عبدربه منصور هادي", None),
])
def test_people_are_named_after_a_title_and_linked_to_their_group(text, name, group):
    from rasid.recognise import recognise
    from rasid.recognise.spans import text_doc

    doc = recognise(text_doc(text))
    (person,) = doc.of_kind("PERSON")
    assert person.surface == name and person.value.name == name
    assert (person.value.group.name if person.value.group else None) == group
    assert not any(p.norm_start >= person.norm_start and p.norm_end <= person.norm_end for p in doc.of_kind("PLACE"))


@pytest.mark.parametrize("text, values", [
    ("قتلت ناشطة من اليسار المتطرف", [1]),   # a singular noun counts one
    ("مقتل جندي تركي", [1]),
    ("قتل 20 جنديا", [20]),                  # ...unless a number counts it
    ("قتل أحد عشر جنديا", [11]),
    ("انتشال شهيدة و6 إصابات", [1, 6]),      # a number after و is a figure of its own
    ("أعلن الدفاع المدني مقتل المدني", [1]),  # الدفاع المدني: an adjective, not a person
])
def test_a_singular_person_noun_is_one(text, values):
    from rasid.recognise.numbers import find_numbers

    assert [m.value.value for m in find_numbers(text)] == values
