"""Fusion across articles on hand-made records: what may merge, and what the merged event says."""
from __future__ import annotations

import pytest

from rasid.fuse.across_articles import NEAR_KM, fused_fields, match

ALEPPO = {"place_id": "aleppo", "name": "Aleppo", "lat": 36.20, "lon": 37.16, "geo_precision": 1, "country": "SY"}
NEAR_ALEPPO = {"place_id": "haydariya", "name": "near Aleppo", "lat": 36.25, "lon": 37.18, "geo_precision": 1, "country": "SY"}
IDLIB = {"place_id": "idlib", "name": "Idlib", "lat": 35.93, "lon": 36.63, "geo_precision": 1, "country": "SY"}
ARMY = {"id": "syrian-army", "name": "Military Forces of Syria", "inter": 1}
NUSRA = {"id": "nusra", "name": "Jabhat al-Nusra", "inter": 2}
IS = {"id": "islamic-state", "name": "Islamic State", "inter": 2}


def source(**fields):
    base = {"event_type": "Battles", "sub_event_type": "Armed clash", "event_date": "2015-07-20",
            "time_precision": 1, "location": ALEPPO, "actors": [ARMY, NUSRA], "fatalities": 0, "claims": [],
            "claimed_by": [], "displaced": {"households": None, "individuals": None}}
    return base | fields


def killed(value, subject="Jabhat al-Nusra", modality="asserted"):
    return {"kind": "killed", "value": value, "vague": None, "subject": subject, "claimant": None,
            "claimant_type": "unattributed", "modality": modality, "evidence": [0, 10]}


def test_same_day_same_place_shared_actor_merges_with_its_reasons():
    decision = match(source(), source(actors=[ARMY]))
    assert decision is not None and decision.score == pytest.approx(3.5)
    assert decision.explain() == "score 3.50: Battles / Armed clash; same day; same place; actors shared 1 of 2"


@pytest.mark.parametrize("other", [
    source(event_type="Explosions/Remote violence", sub_event_type="Air/drone strike"),   # another type
    source(sub_event_type="Non-violent transfer of territory", event_type="Strategic developments"),
    source(event_date="2015-07-23"),                                                     # days apart
    source(location=IDLIB),                                                              # 50 km away
    source(actors=[IS]),                                                                 # other sides
    source(event_date="2015-07-21", actors=[ARMY]),                                      # next day, one side only
    source(location=None),                                                               # place unknown
])
def test_conservative_never_merges_what_differs(other):
    assert match(source(), other) is None


def test_a_neighbouring_place_and_the_next_day_may_merge_at_a_lower_score():
    decision = match(source(location=NEAR_ALEPPO, event_date="2015-07-21"), source())
    assert decision is not None and decision.score < 3.5 and "1 day apart" in decision.explain()
    km = float(decision.explain().split(" km apart")[0].rsplit("; ", 1)[1])
    assert 0 < km < NEAR_KM


def test_a_clash_joins_the_take_over_it_was_fought_for():
    assert match(source(), source(sub_event_type="Government regains territory")) is not None


def test_fused_fields_follow_acled_and_ucdp():
    sources = [
        source(fatalities=12, claims=[killed(12)]),
        source(fatalities=15, claims=[killed(15)], location=NEAR_ALEPPO | {"geo_precision": 2}),
        source(fatalities=30, claims=[killed(30, modality="alleged")], event_date="2015-07-21"),
        source(fatalities=0, actors=[ARMY, NUSRA, IS]),
    ]
    fused = fused_fields(sources)
    assert fused["fatalities"] == 12                                   # ACLED: the lowest reported figure
    assert fused["deaths"] == {"low": 12, "best": 14, "high": 30}      # best: median of the asserted (12, 15)
    assert fused["deaths_by_side"] == {"Jabhat al-Nusra": 15}          # median of 12, 15, 30
    assert fused["event_date"] == "2015-07-20" and (fused["date_start"], fused["date_end"]) == ("2015-07-20", "2015-07-21")
    assert fused["location"]["place_id"] == "aleppo"                   # the most precise place
    assert [a["id"] for a in fused["actors"]] == ["syrian-army", "nusra", "islamic-state"]


def test_no_deaths_reported_means_no_ucdp_figures():
    fused = fused_fields([source(), source()])
    assert fused["fatalities"] == 0 and fused["deaths"] == {"low": None, "best": None, "high": None}
