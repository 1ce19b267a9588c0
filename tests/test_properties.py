"""Properties that hold for any Unicode string: control characters, lone surrogates, bidi
and zero-width marks, emoji, huge numbers. The normaliser maps every character back into
the original text, the recognisers and the extractor never raise and give spans inside the
text, and the same text always gives the same events."""
from __future__ import annotations

import json
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_robustness import WORDS

from rasid import Article, process
from rasid.model import without_controls
from rasid.normalise import normalise

HOSTILE = ["\x00", "\x1b[31m", "\x7f", "\x85", "\u200f", "\u200e", "\u202e", "\u2066", "\u2069", "\u200d", "\ufeff",
           "\ud800", "\udfff", "9" * 400, "١" * 40, "٫", "\r\n", "\t", "ـــ", "ﷺ", "\U0001F4A5", "\u0651\u0650",
           "1e308", "-0", "٠٫٥", "10 ملايين", "مليار مليار مليار"]

any_text = st.one_of(
    st.text(st.characters(exclude_categories=()), max_size=300),  # every code point, surrogates included
    st.lists(st.sampled_from(WORDS + HOSTILE), max_size=60).map(" ".join),
    st.lists(st.sampled_from(WORDS + HOSTILE), max_size=60).map("".join),
)
days = st.one_of(st.none(), st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31)))
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(any_text)
def test_the_normaliser_maps_every_character_back_into_the_original(text):
    norm = normalise(text)
    assert len(norm.starts) == len(norm.ends) == len(norm.text) and norm.original_length == len(text)
    assert all(0 <= s <= e <= len(text) for s, e in zip(norm.starts, norm.ends))
    assert list(norm.starts) == sorted(norm.starts), "in order"
    if norm.text:
        span = norm.to_original(0, len(norm.text))
        assert 0 <= span.start <= span.end <= len(text)


@SETTINGS
@given(any_text, days)
def test_the_pipeline_never_raises_and_every_span_is_in_the_text(text, published):
    article = Article(doc_id="prop", text=text, published=published)
    doc = process(article)
    length = len(article.text)
    for mention in doc.mentions:
        assert 0 <= mention.span.start <= mention.span.end <= length, mention
    for event in doc.events:
        record = event.to_json()
        for start, end in record.get("evidence", []):
            assert 0 <= start <= end <= length
        for claim in record.get("claims", []):
            assert isinstance(claim["value"], int) and 0 <= claim["value"] < 2**31
        json.dumps(record)  # serialisable as it stands


@SETTINGS
@given(any_text, days)
def test_the_same_text_gives_the_same_events(text, published):
    first = [e.to_json() for e in process(Article(doc_id="a", text=text, published=published)).events]
    again = [e.to_json() for e in process(Article(doc_id="a", text=text, published=published)).events]
    assert first == again


@SETTINGS
@given(any_text)
def test_no_article_field_keeps_a_control_character_or_a_lone_surrogate(text):
    article = Article(doc_id=text or "x", text=text, title=text, url=text, outlet=text)
    for value in (article.doc_id, article.title, article.url, article.outlet):
        assert value == without_controls(value)
        value.encode("utf-8")  # what both stores need
    article.text.encode("utf-8")
    assert "\x00" not in article.text
