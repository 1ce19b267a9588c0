from __future__ import annotations

import unicodedata

import pyarabic.araby as araby
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rasid.normalise import normalise, split_sentences, tokens

CASES = [
    ("أحمد إبراهيم آمال", "احمد ابراهيم امال"),         # alef forms
    ("مستشفى على", "مستشفي علي"),                      # alef maqsura
    ("مدينة الحسكة", "مدينه الحسكه"),                  # ta marbuta
    ("قُتِلَ", "قتل"),                                   # diacritics
    ("الحســـكة", "الحسكه"),                           # tatweel
    ("٢٧ قتيلا و۱۲۰۰ عائلة", "27 قتيلا و1200 عائله"),   # Arabic-Indic and Persian digits
    ("١٬٢٠٠", "1,200"),                                 # Arabic thousands separator
    ("“قسد” «داعش»", '"قسد" "داعش"'),                   # quote variants
    ("أين؟ نعم، لا؛", "اين? نعم, لا;"),                  # Arabic punctuation
    ("\u200fقسد\u200e\u200b", "قسد"),                   # bidi and zero-width marks
    ("ا\u0654", "ا"),                                    # NFC fuses alef + hamza above into أ, then ا
]


@pytest.mark.parametrize("raw, expected", CASES)
def test_normalise_cases(raw, expected):
    assert normalise(raw).text == expected


def test_spans_map_back_to_the_exact_original():
    raw = "قُتِلَ ٧ مدنيين بالحســكة"
    norm = normalise(raw)
    start = norm.text.index("بالحسكه")
    span = norm.to_original(start, start + len("بالحسكه"))
    assert raw[span.start:span.end] == "بالحســكة"
    span = norm.to_original(0, 3)
    assert raw[span.start:span.end] == "قُتِلَ"  # the word keeps its diacritics


def test_charmap_agrees_with_pyarabic():
    """Our table deletes every mark pyarabic calls tashkeel, and tatweel, and unifies its hamzated alefs."""
    for ch in (*araby.TASHKEEL, araby.TATWEEL):
        assert normalise("ب" + ch).text == "ب", hex(ord(ch))
    for ch in (araby.ALEF_HAMZA_ABOVE, araby.ALEF_HAMZA_BELOW, araby.ALEF_MADDA, araby.ALEF_WASLA):
        assert normalise(ch).text == araby.ALEF


ARABIC_ISH = st.text(
    alphabet=st.sampled_from(
        list("ابتثجحخدذرسشصضطظعغفقكلمنهويءآأإؤئةى") + ["\u064b", "\u064e", "\u0651", "\u0652", "\u0654",
        "\u0670", "\u0640", "\u200f", "\u200b", "٣", "۷", "،", "؟", "“", "»", " ", "\n", ".", "7", "a"]),
    max_size=80,
)


@settings(max_examples=300, deadline=None)
@given(ARABIC_ISH)
def test_offset_map_round_trips(raw):
    """Any token of the normalised text maps back to original text that normalises to it."""
    norm = normalise(raw)
    assert len(norm.starts) == len(norm.text) == len(norm.ends)
    for start, end in tokens(norm.text):
        span = norm.to_original(start, end)
        assert 0 <= span.start < span.end <= len(raw)
        assert normalise(raw[span.start:span.end]).text == norm.text[start:end]
    assert list(norm.starts) == sorted(norm.starts)


@settings(max_examples=200, deadline=None)
@given(ARABIC_ISH)
def test_sentences_cover_their_text_in_order(raw):
    norm = normalise(raw)
    previous_end = 0
    for sentence in split_sentences(norm):
        assert previous_end <= sentence.span.start < sentence.span.end <= len(raw)
        previous_end = sentence.span.end


def test_sentences_respect_paragraphs_and_decimals():
    raw = "العنوان\n\nقتل 3.5 شخص في حلب. وأصيب آخرون؟ نعم\nفقرة ثانية"
    norm = normalise(raw)
    got = [(raw[s.span.start:s.span.end], s.paragraph) for s in split_sentences(norm)]
    assert got == [("العنوان", 0), ("قتل 3.5 شخص في حلب.", 1), ("وأصيب آخرون؟", 1), ("نعم", 1),
                   ("فقرة ثانية", 2)]


@settings(max_examples=300, deadline=None)
@given(ARABIC_ISH)
def test_fast_path_agrees_with_the_general_path(raw):
    from rasid.normalise import _normalise_clusters, _normalise_per_char

    nfc = unicodedata.normalize("NFC", raw)
    assert _normalise_per_char(nfc) == _normalise_clusters(nfc)
