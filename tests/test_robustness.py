"""The pipeline never raises on any text: odd input is reported, never a crash."""
from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from rasid import Article, process
from rasid.model import Options

WORDS = ["قتل", "27", "٢٠٢٢/١/٢٠", "31/2/2022", "مساء", "السبت", "الماضي", "عشرات", "ألف", "ومئتي", "قتيلين",
         "في", "بحي", "غويران", "مدينة", "الحسكة", "ريف", "حلب", "الشرقي", "قسد", "داعش", "اشتباكات", "غارة",
         "#انفجار_بيروت", "حسب زعمه", "لم", "رمضان", "1436", "من", "إلى", "بين", "و", "،", ".", "\n", ":", "(", ")",
         "نحو", "أكثر من", "قرية", "شارع", "ليلة", "لليوم", "الثالث", "على التوالي", "20022", "10 ملايين"]

texts = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(WORDS), max_size=60).map(" ".join),
)


@settings(max_examples=300, deadline=None)
@given(texts, st.one_of(st.none(), st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31))))
def test_pipeline_never_raises(text, published):
    doc = process(Article(doc_id="fuzz", text=text, published=published))
    for mention in doc.mentions:
        assert 0 <= mention.span.start <= mention.span.end <= len(text)
    for event in doc.events:
        assert event.to_json()["event_type"]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=40).map(" ".join))
def test_pipeline_with_the_place_tagger_never_raises(text):
    process(Article(doc_id="fuzz", text=text, published=date(2022, 1, 22)), Options(place_tagger=True))
