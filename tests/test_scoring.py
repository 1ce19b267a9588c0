"""rasid.scoring: each rule of the FORMAT's "Scoring" on hand-made events, and, on rasid's own
predictions for the shared gold sets, the same figures as the external scorer
(shared/tools/score_events.py), which the test runs rather than trusting copied numbers."""
from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest

from rasid.scoring import (
    Scores,
    actor_f1,
    location_correct,
    read_lines,
    same_admin1,
    score,
    table,
)

SDF = ["Syrian Democratic Forces", "قوات سوريا الديمقراطية", "قسد", "SDF"]
IS = ["Islamic State", "داعش", "تنظيم الدولة", "ISIS"]
REGIME = ["Military Forces of Syria", "قوات النظام"]
CIVILIANS = ["Civilians", "مدنيين"]
GHWAYRAN = {"name": "Ghwayran", "name_ar": "غويران", "country": "SY", "admin1": "Al-Hasakeh",
            "lat": 36.4839, "lon": 40.7472, "geo_precision": 1}
ALEPPO = {"name": "Aleppo", "name_ar": "حلب", "country": "SY", "admin1": "Aleppo",
          "lat": 36.2021, "lon": 37.1343, "geo_precision": 1}
TAIZ = {"name": "Ta'iz", "name_ar": "تعز", "country": "YE", "admin1": "Ta'iz",
        "lat": 13.5795, "lon": 44.0209, "geo_precision": 3}


def claim(kind: str, value: int, subject: str, claimant: str | None, modality: str = "asserted") -> dict:
    return {"kind": kind, "value": value, "vague": None, "subject": subject, "claimant": claimant,
            "claimant_type": "party" if claimant else "unattributed", "modality": modality, "evidence": [0, 10]}


def battle(**changes) -> dict:
    """A gold event: the Ghwayran prison battle's first day."""
    event = {"event_type": "Battles", "sub_event_type": "Armed clash", "event_date": "2022-01-22",
             "time_precision": 1, "actors": [SDF, IS], "location": GHWAYRAN, "fatalities": 27,
             "claims": [claim("killed", 27, "Islamic State", "Syrian Democratic Forces")],
             "displaced": {"households": None, "individuals": None}, "evidence": [[0, 10]]}
    return copy.deepcopy({**event, **changes})


def gold_set() -> list[dict]:
    """Two documents, four events of three types, four claims."""
    return [
        {"doc_id": "a", "published": "2022-01-22", "text": "t", "events": [
            battle(),
            battle(event_date="2022-01-23", fatalities=3,
                   claims=[claim("killed", 3, "Syrian Democratic Forces", "Islamic State", "alleged")]),
            battle(event_type="Displacement", sub_event_type="Population displacement", actors=[CIVILIANS],
                   fatalities=0, claims=[claim("displaced_households", 200, "Civilians", None)]),
        ]},
        {"doc_id": "b", "published": "2015-07-21", "text": "t", "events": [
            battle(event_type="Explosions/Remote violence", sub_event_type="Air/drone strike",
                   event_date="2015-07-20", actors=[REGIME, CIVILIANS], location=ALEPPO, fatalities=4,
                   claims=[claim("killed", 4, "Civilians", "activists")]),
        ]},
    ]


def as_predicted(event: dict, **changes) -> dict:
    """A gold event as the extractor writes it: actors as {name, name_ar, inter} objects."""
    out = copy.deepcopy({**event, **changes})
    if "actors" not in changes:
        out["actors"] = [{"name": names[0], "name_ar": names[1], "inter": 2} for names in event["actors"]]
    return out


def predicted_docs(gold: list[dict]) -> list[dict]:
    return [{"doc_id": d["doc_id"], "events": [as_predicted(e) for e in d["events"]]} for d in gold]


def one_doc(gold_event: dict, *predicted: dict) -> tuple[list[dict], list[dict]]:
    return [{"doc_id": "d", "events": [gold_event]}], [{"doc_id": "d", "events": list(predicted)}]


# --------------------------------------------------------------------------- whole runs


def test_identical_gold_and_prediction_score_one_everywhere():
    gold = gold_set()
    s = score(gold, predicted_docs(gold))
    for prf in (s.strict, s.events, s.claims, *s.by_type.values()):
        assert (prf.precision, prf.recall, prf.f1) == (1.0, 1.0, 1.0)
    for share in (s.subtype_accuracy, s.date_accuracy, s.location_accuracy, s.actor_f1, s.fatalities_exact,
                  s.claimant_right, s.modality_right, s.claimant_and_modality_right):
        assert share == 1.0
    assert s.fatalities_mae == 0.0
    assert (s.documents, s.gold_events, s.predicted_events, s.matched, s.strict_matched) == (2, 4, 4, 4, 4)
    assert (s.claims.gold, s.claims.predicted) == (4, 4)
    assert list(s.by_type) == ["Battles", "Displacement", "Explosions/Remote violence"]


def test_gold_scored_against_itself_is_perfect():
    """Gold lines (acceptable-name lists as actors) are valid predictions too."""
    gold = gold_set()
    s = score(gold, gold)
    assert s.strict.f1 == s.events.f1 == s.claims.f1 == 1.0


def test_event_lines_score_as_document_lines():
    gold = gold_set()
    lines = [{"doc_id": d["doc_id"], **e} for d in predicted_docs(gold) for e in d["events"]]
    assert score(gold, lines).as_dict() == score(gold, predicted_docs(gold)).as_dict()


def test_empty_prediction_gives_recall_zero():
    s = score(gold_set(), [])
    for prf in (s.strict, s.events, s.claims):
        assert (prf.recall, prf.f1, prf.precision) == (0.0, 0.0, None)
    assert s.date_accuracy is None and s.fatalities_mae is None
    assert (s.gold_events, s.predicted_events, s.documents) == (4, 0, 2)


def test_a_document_missing_from_predictions_predicts_nothing():
    gold = gold_set()
    s = score(gold, predicted_docs(gold)[:1])  # doc b never predicted
    assert (s.events.tp, s.events.fn, s.events.fp) == (3, 1, 0)
    assert s.by_type["Explosions/Remote violence"].recall == 0.0
    assert s.claims.recall == pytest.approx(3 / 4)


def test_predictions_for_documents_not_in_gold_are_ignored():
    gold = gold_set()
    stray = {"doc_id": "zzz", "events": [as_predicted(battle())]}
    no_id = {"event_type": "Battles"}
    assert score(gold, [*predicted_docs(gold), stray, no_id]).as_dict() == score(gold, predicted_docs(gold)).as_dict()


def test_malformed_gold_is_refused_and_malformed_predictions_are_wrong():
    with pytest.raises(ValueError):
        score([{"doc_id": "a", "events": []}, {"doc_id": "a", "events": []}], [])
    gold, pred = one_doc(battle(), {"event_type": "Battles", "actors": 7, "location": "Ghwayran",
                                    "fatalities": True, "claims": [None, "x"]})
    s = score(gold, pred)
    assert s.events.tp == 1 and s.strict.tp == 0
    assert s.location_accuracy == 0.0 and s.fatalities_missing == 1
    assert (s.claims.predicted, s.claims.tp) == (2, 0)


# --------------------------------------------------------------------------- one rule at a time


def test_wrong_date_kills_strict_match_but_not_detection():
    gold, pred = one_doc(battle(), as_predicted(battle(), event_date="2022-01-25"))
    s = score(gold, pred)
    assert s.events.f1 == 1.0 and s.strict.f1 == 0.0
    assert s.date_accuracy == 0.0 and s.subtype_accuracy == s.location_accuracy == 1.0


def test_date_compares_by_day_and_accepts_gold_alternatives():
    night = battle(event_date="2022-01-21", event_date_alternatives=["2022-01-20"])
    for day, right in [("2022-01-21T23:00:00", True), ("2022-01-20", True), ("2022-01-19", False), (None, False)]:
        s = score(*one_doc(night, as_predicted(night, event_date=day)))
        assert s.strict.tp == int(right), day


@pytest.mark.parametrize("actors, f1, strict", [
    ([{"name": "SDF"}, {"name_ar": "«داعش»"}], 1.0, True),       # any name, normalised
    (["قُوّاتُ سوريا الديمقراطيّة", ["تنظيم الدولة"]], 1.0, True),  # plain strings and name lists
    ([{"name": "SDF"}], 2 / 3, True),
    ([{"name": "SDF"}, {"name": "Turkey"}], 0.5, True),           # exactly 0.5 is enough
    ([{"name": "SDF"}, {"name": "قسد"}], 0.5, True),              # one gold actor counts once
    ([{"name": "SDF"}, {"name": "Turkey"}, {"name": "Hamas"}], 0.4, False),
    ([], 0.0, False),
])
def test_actor_overlap_below_half_kills_strict_match(actors, f1, strict):
    assert actor_f1(actors, [SDF, IS]) == pytest.approx(f1)
    s = score(*one_doc(battle(), as_predicted(battle(), actors=actors)))
    assert s.events.tp == 1 and s.strict.tp == int(strict)
    assert s.actor_f1 == pytest.approx(f1)


def test_no_actors_on_either_side_agree():
    assert actor_f1([], []) == 1.0


def test_wrong_fatalities_kill_strict_match_and_count_in_mae():
    gold = gold_set()
    pred = predicted_docs(gold)
    pred[0]["events"][0]["fatalities"] = 30        # gold 27
    pred[1]["events"][0]["fatalities"] = "5"       # gold 4; a numeric string is read
    pred[0]["events"][1]["fatalities"] = None      # gold 3: missing counts as wrong
    s = score(gold, pred)
    assert s.strict.tp == 1 and s.events.tp == 4
    assert s.fatalities_exact == pytest.approx(1 / 4)
    assert s.fatalities_mae == pytest.approx((3 + 1 + 0) / 3)
    assert (s.fatalities_n, s.fatalities_missing) == (4, 1)


def test_gold_without_a_toll_accepts_any():
    gold = battle(fatalities=None)
    s = score(*one_doc(gold, as_predicted(gold, fatalities=9)))
    assert s.strict.tp == 1 and s.fatalities_n == 0 and s.fatalities_exact is None


def test_location_within_25_km_of_a_point_or_75_km_or_same_admin1_of_a_region():
    near = dict(GHWAYRAN, lat=GHWAYRAN["lat"] + 0.18)    # about 20 km
    far = dict(GHWAYRAN, lat=GHWAYRAN["lat"] + 0.27)     # about 30 km
    assert location_correct(near, GHWAYRAN) and not location_correct(far, GHWAYRAN)
    assert not location_correct(dict(far, admin1="Al-Hasakeh"), GHWAYRAN)  # admin1 is for regions only
    region_50_km = dict(TAIZ, lat=TAIZ["lat"] + 0.45, admin1="Ibb")
    assert location_correct(region_50_km, TAIZ)
    same_province = {"lat": 12.9, "lon": 43.6, "admin1": "Taizz"}
    assert location_correct(same_province, TAIZ)
    assert not location_correct(dict(same_province, admin1="Lahij"), TAIZ)
    assert same_admin1("Al-Hasakeh", "Hasakah Governorate") and not same_admin1("Aleppo", "Idleb")
    assert location_correct({"name_ar": "غويران"}, {"name": "Ghwayran", "name_ar": "غويران"})  # gold has no point
    assert not location_correct(None, GHWAYRAN) and not location_correct({"lat": "x"}, GHWAYRAN)


def test_wrong_location_kills_strict_match():
    s = score(*one_doc(battle(), as_predicted(battle(), location=ALEPPO)))
    assert s.events.tp == 1 and s.strict.tp == 0 and s.location_accuracy == 0.0


def test_events_pair_only_within_their_type_and_greedily_by_similarity():
    second_day = battle(event_date="2022-01-23", location=ALEPPO, actors=[REGIME], fatalities=3)
    gold = [{"doc_id": "d", "events": [battle(), second_day]}]
    # predicted in the other order: pairing by order would get every field wrong
    pred = [{"doc_id": "d", "events": [as_predicted(second_day), as_predicted(battle())]}]
    assert score(gold, pred).strict.tp == 2
    riot = as_predicted(battle(), event_type="Riots")
    s = score(gold, [{"doc_id": "d", "events": [riot]}])
    assert s.events.tp == 0 and s.by_type["Riots"].precision == 0.0 and s.by_type["Battles"].recall == 0.0


def test_claims_match_as_kind_value_subject_triples():
    gold = gold_set()
    pred = predicted_docs(gold)
    first, second, displacement = pred[0]["events"]
    first["claims"][0].update(subject="داعش", claimant="«قسد»")   # aliases of the gold actors: still right
    second["claims"][0]["modality"] = "asserted"                    # gold: alleged
    displacement["claims"][0]["subject"] = "المدنيين"               # Civilians
    pred[1]["events"][0]["claims"][0]["claimant"] = None            # gold: activists
    s = score(gold, pred)
    assert (s.claims.precision, s.claims.recall) == (1.0, 1.0)
    assert s.claimant_right == pytest.approx(3 / 4) and s.modality_right == pytest.approx(3 / 4)
    assert s.claimant_and_modality_right == pytest.approx(2 / 4)

    first["claims"][0]["value"] = 28                                # wrong value: no match
    displacement["claims"][0]["subject"] = "Islamic State"          # wrong subject: no match
    s = score(gold, pred)
    assert (s.claims.tp, s.claims.fp, s.claims.fn) == (2, 2, 2)


def test_a_claim_about_civilians_matches_where_gold_lists_no_civilian_actor():
    gold = battle(claims=[claim("killed", 2, "Civilians", None)])    # actors: SDF and IS only
    for subject, right in [("مدنيين", True), ("civilians", True), ("Islamic State", False)]:
        s = score(*one_doc(gold, as_predicted(gold, claims=[claim("killed", 2, subject, None)])))
        assert s.claims.tp == int(right), subject


def test_claims_are_pooled_per_document_not_per_event():
    gold = gold_set()
    pred = predicted_docs(gold)
    moved = pred[0]["events"][0]["claims"].pop()
    pred[0]["events"][2]["claims"].append(moved)                  # another event, same document
    assert score(gold, pred).claims.f1 == 1.0
    pred[1]["events"][0]["claims"].append(pred[0]["events"][2]["claims"].pop())  # another document
    c = score(gold, pred).claims
    assert (c.tp, c.fp, c.fn) == (3, 1, 1)


def test_table_puts_the_headline_first():
    gold = gold_set()
    pred = predicted_docs(gold)
    pred[0]["events"][0]["event_date"] = "2022-01-25"
    text = table(score(gold, pred))
    first = text.splitlines()[0]
    assert first.startswith("strict F1 0.750") and "3 of 4 gold events" in first
    assert "Displacement" in text and "claims (kind, value, subject)" in text and "date accuracy" in text
    assert "Displacement" not in table(score(gold, pred), by_type=False)
    assert "-" in table(score(gold, []))  # undefined shares show as -


def test_read_lines_reads_json_lines(tmp_path):
    path = tmp_path / "gold.jsonl"
    gold = gold_set()
    path.write_text("\ufeff" + "\n\n".join(json.dumps(d, ensure_ascii=False) for d in gold) + "\n", encoding="utf-8")
    assert read_lines(path) == gold
    path.write_text("[1, 2]\n", encoding="utf-8")
    with pytest.raises(TypeError):
        read_lines(path)


# --------------------------------------------------------------------------- against the external scorer

GOLD_SETS = ("dev", "dev2", "train")  # extraction takes seconds per set, so train is in too


@pytest.fixture(scope="module", params=GOLD_SETS)
def both_scores(request, shared, tmp_path_factory) -> tuple[str, Scores, dict]:
    """rasid's predictions for one gold set's pool, scored by rasid.scoring and by
    score_events.py (its --json report)."""
    name = request.param
    tool = shared / "tools" / "score_events.py"
    if not tool.exists():
        pytest.skip(f"the external scorer is not at {tool}")
    gold, pool = shared / "gold" / f"{name}.gold.jsonl", shared / "gold" / f"{name}.pool.jsonl"
    out = tmp_path_factory.mktemp(f"scoring-{name}")
    pred, report = out / "pred.jsonl", out / "score.json"
    subprocess.run([sys.executable, "-m", "rasid", "extract", str(pool), "--out", str(pred), "--workers", "1"],
                   check=True, capture_output=True, timeout=600)
    subprocess.run([sys.executable, str(tool), str(gold), str(pred), "--json", str(report)],
                   check=True, capture_output=True, timeout=300)
    return name, score(read_lines(gold), read_lines(pred)), json.loads(Path(report).read_text(encoding="utf-8"))


def same(mine: float | None, theirs: float | None) -> bool:
    """Equal to 3 decimals (as the tables show them); None only matches None."""
    return mine == theirs if mine is None or theirs is None else round(mine, 3) == round(theirs, 3)


def test_headline_detection_and_claims_equal_the_external_scorer(both_scores):
    name, mine, theirs = both_scores
    for section, prf in (("strict", mine.strict), ("events", mine.events), ("claims", mine.claims)):
        for metric in ("precision", "recall", "f1"):
            assert same(getattr(prf, metric), theirs[section][metric]), (
                f"{name} {section} {metric}: rasid.scoring {getattr(prf, metric)}, score_events.py "
                f"{theirs[section][metric]}")
        assert (prf.tp, prf.fp, prf.fn) == tuple(theirs[section][k] for k in ("tp", "fp", "fn")), (name, section)


def test_every_other_figure_equals_the_external_scorer(both_scores):
    name, mine, theirs = both_scores
    assert {t: (p.tp, p.fp, p.fn) for t, p in mine.by_type.items()} == {
        t: (p["tp"], p["fp"], p["fn"]) for t, p in theirs["by_type"].items()}, name
    m, c = theirs["matched"], theirs["claims"]
    pairs = [(mine.subtype_accuracy, m["sub_event_type_accuracy"]), (mine.date_accuracy, m["date_accuracy"]),
             (mine.location_accuracy, m["location_accuracy"]), (mine.actor_f1, m["actor_f1"]),
             (mine.fatalities_exact, m["fatalities_exact"]), (mine.fatalities_mae, m["fatalities_mae"]),
             (mine.claimant_right, c["claimant_accuracy"]), (mine.modality_right, c["modality_accuracy"]),
             (mine.claimant_and_modality_right, c["claimant_and_modality_accuracy"])]
    assert all(same(a, b) for a, b in pairs), (name, pairs)
    counts = theirs["counts"]
    assert (mine.documents, mine.gold_events, mine.predicted_events, mine.matched) == (
        counts["docs"], counts["gold_events"], counts["pred_events"], counts["matched_events"]), name
