"""The sanity checks flag tolls a person should look at before trusting them; they change
no value. Mentions come from the real recognisers; events are built where a test needs a
figure the extraction rules would themselves have set aside."""
from __future__ import annotations

from datetime import date

import pytest

from rasid import Article, process
from rasid.fuse.across_articles import fused_fields
from rasid.model import Claim, Event, Provenance, Span
from rasid.sanity import article_flags

PUBLISHED = date(2015, 7, 20)


def flags_of(text: str) -> list[tuple[str, int]]:
    doc = process(Article(doc_id="t", text=text, published=PUBLISHED))
    return [(e.sub_event_type, e.fatalities, sorted(f.code for f in e.flags)) for e in doc.events]


def test_a_toll_above_what_one_event_of_its_kind_reaches_is_flagged_and_kept():
    [(sub_type, fatalities, codes)] = flags_of(
        "غارة على حلب\n\nقتل 120 مدنيا في غارة جوية شنتها طائرات النظام السوري على مدينة حلب أمس.")
    assert (sub_type, fatalities, codes) == ("Air/drone strike", 120, ["toll_above_type"])
    [(_, fatalities, codes)] = flags_of(
        "غارة على حلب\n\nقتل 12 مدنيا في غارة جوية شنتها طائرات النظام السوري على مدينة حلب أمس.")
    assert (fatalities, codes) == (12, [])


def test_a_large_toll_read_from_a_vague_word_is_flagged():
    [(_, fatalities, codes)] = flags_of(
        "معارك تعز\n\nقتل المئات من الحوثيين في معارك مع المقاومة الشعبية في مدينة تعز أمس.")
    assert fatalities == 100 and codes == ["vague_toll"]


def _flags_for_sentence(body: str, value: int, day: date = date(2015, 7, 19)) -> list[str]:
    """The flags of a clash whose toll ``value`` is read from the body's sentence."""
    text = "معارك تعز\n\n" + body
    doc = process(Article(doc_id="t", text=text, published=PUBLISHED))
    start = text.index(body)
    claim = Claim(kind="killed", value=value, vague=None, subject=None, claimant=None, claimant_type="unattributed",
                  modality="asserted", evidence=Span(start, start + len(body)), provenance=Provenance("test"))
    event = Event(doc_id="t", event_type="Battles", sub_event_type="Armed clash", event_date=day,
                  time_precision=1, actors=[], location=None, claims=[claim], evidence=[claim.evidence],
                  provenance=[], fatalities=value)
    return sorted(f.code for f in article_flags(doc, event))


@pytest.mark.parametrize("body, value, expected", [
    ("قتل 80 مسلحا منذ بداية الحرب في المدينة.", 80, ["total_phrase"]),
    ("قتل 80 مسلحا خلال الأسبوع في المدينة.", 80, ["total_phrase"]),
    ("قتلت المقاومة 90 عنصرا خلال 112 عملية منذ إبريل الماضي.", 90, ["total_phrase"]),  # since a day long past
    ("قتل 12 مسلحا منذ صباح أمس في المدينة.", 12, []),                                  # since yesterday: the event
    ("سقط 40 بين قتيل وجريح في المدينة.", 40, ["killed_and_wounded"]),
    ("قتل 12 مسلحا وأصيب 30 آخرون في المدينة أمس.", 12, []),      # two figures: nothing to flag
    ("قتلوا وأصيب 30 آخرون في المدينة أمس.", 5, []),               # wounded with a figure of its own
    ("قتل 12 مسلحا في المدينة التي تقع في مركز العام الدراسي.", 12, []),  # a bare period word is no span
])
def test_a_figure_whose_sentence_counts_something_else_is_flagged(body, value, expected):
    assert _flags_for_sentence(body, value) == expected


def test_an_event_long_before_its_article_is_a_retrospective():
    assert _flags_for_sentence("قتل 12 مسلحا في المدينة.", 12, day=date(2015, 5, 1)) == ["retrospective"]
    assert _flags_for_sentence("قتل 12 مسلحا في المدينة.", 12, day=date(2015, 7, 1)) == []


def _source(doc_id: str, day: str, fatalities: int, flags=()) -> dict:
    return {"doc_id": doc_id, "event_type": "Battles", "sub_event_type": "Armed clash", "event_date": day,
            "time_precision": 1, "actors": [], "location": None, "fatalities": fatalities, "claims": [],
            "claimed_by": [], "displaced": {"households": None, "individuals": None}, "flags": list(flags)}


def test_fused_events_carry_their_sources_flags_and_flag_disagreement_and_long_spans():
    flag = {"code": "vague_toll", "detail": "100 is read from a vague word", "span": [3, 9],
            "rule": "sanity:vague_toll"}
    fields = fused_fields([_source("a", "2015-07-19", 5, [flag]), _source("b", "2015-07-19", 40)])
    codes = {f["code"]: f for f in fields["flags"]}
    assert set(codes) == {"vague_toll", "sources_disagree"} and codes["vague_toll"]["doc_id"] == "a"
    assert fields["fatalities"] == 5, "a flag changes no value"
    fields = fused_fields([_source("a", "2015-07-10", 5), _source("b", "2015-07-19", 6)])
    assert [f["code"] for f in fields["flags"]] == ["long_span"]
    assert fused_fields([_source("a", "2015-07-19", 5), _source("b", "2015-07-20", 6)])["flags"] == []
