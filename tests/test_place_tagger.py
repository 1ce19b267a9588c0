"""The statistical place tagger (rasid.recognise.place_tagger) and its shipped model."""
from __future__ import annotations

import json

import pytest

from rasid.errors import DataFileError
from rasid.normalise import normalise
from rasid.recognise import place_tagger
from rasid.recognise.place_tagger import tag_places

# Measured exact-span F1 on the IDRISI-R dev split: 0.822 (see src/rasid/data/place_tagger.md).
DEV_EXACT_F1_FLOOR = 0.77
IDRISI_LMR = "data/idrisi-arabic/LMR-gold-random-json"


def tagged(text: str) -> list[str]:
    """The original-text strings of the spans tagged in ``text``."""
    norm = normalise(text)
    out = []
    for start, end in tag_places(norm.text):
        span = norm.to_original(start, end)
        out.append(text[span.start:span.end])
    return out


def test_finds_a_city_in_a_simple_sentence():
    found = tagged("غرقت شوارع مدينة الكويت بعد الأمطار")
    assert any("الكويت" in s for s in found), found


@pytest.mark.parametrize("text", [
    "غرقت شوارع مدينة الكويت بعد الأمطار",
    "اشتباكات عنيفة في حي الشيخ مقصود بمدينة حلب",
    "#عاجل انفجار في #مرفأ_بيروت https://t.co/XLwXCp76GA",
    "وصل الوفد إلى بيروت قادماً من دمشق",
])
def test_spans_lie_within_the_text_in_order(text):
    norm = normalise(text).text
    spans = tag_places(norm)
    assert spans == sorted(spans)
    for (start, end), following in zip(spans, spans[1:] + [(len(norm), len(norm))]):
        assert 0 <= start < end <= following[0] <= len(norm)
        assert norm[start:end] == norm[start:end].strip()


@pytest.mark.parametrize("text", ["", "   ", "... !! ؟", "\n"])
def test_no_words_no_places(text):
    assert tag_places(normalise(text).text) == []


def test_spans_map_back_through_normalisation():
    # diacritics and tatweel are dropped by normalisation, kept in the original span
    text = "قصفت الطائرات مدينةَ حلـب صباح اليوم"
    found = tagged(text)
    assert any(s.endswith("حلـب") for s in found), found
    assert all(s in text for s in found)


def test_hashtag_sign_is_outside_the_span():
    found = tagged("غرق عدد من الشوارع في #الكويت")
    assert "الكويت" in found, found


def test_missing_model_says_how_to_retrain(monkeypatch, tmp_path):
    monkeypatch.setattr(place_tagger, "_data_file", lambda name: tmp_path / name)
    place_tagger._tagger.cache_clear()
    try:
        with pytest.raises(DataFileError, match="train_place_tagger.py"):
            tag_places("مدينة الكويت")
    finally:
        monkeypatch.undo()
        place_tagger._tagger.cache_clear()


def test_shipped_model_on_idrisi_dev(shared):
    """Exact-span F1 of the shipped model on the IDRISI-R dev split (all 7 events, micro)."""
    lmr = shared / IDRISI_LMR
    files = sorted(lmr.glob("*/dev.jsonl"))
    if not files:
        pytest.skip(f"IDRISI LMR data not found under {lmr}")
    n_exact = n_pred = n_gold = 0
    for path in files:
        for line in path.read_text(encoding="utf-8").splitlines():
            tweet = json.loads(line)
            gold = {(m["startIdx"], m["endIdx"]) for m in tweet["location_mentions"]}
            norm = normalise(tweet["text"])
            pred = {tuple(norm.to_original(s, e).as_list()) for s, e in tag_places(norm.text)}
            n_exact += len(pred & gold)
            n_pred += len(pred)
            n_gold += len(gold)
    precision, recall = n_exact / n_pred, n_exact / n_gold
    f1 = 2 * precision * recall / (precision + recall)
    assert f1 >= DEV_EXACT_F1_FLOOR, f"dev exact F1 {f1:.3f} (P {precision:.3f}, R {recall:.3f})"


def test_model_of_another_feature_set_is_refused(monkeypatch, tmp_path):
    (tmp_path / place_tagger.MODEL_FILE).write_bytes(b"")
    (tmp_path / place_tagger.PROVENANCE_FILE).write_text("- feature set: v0\n", encoding="utf-8")
    monkeypatch.setattr(place_tagger, "_data_file", lambda name: tmp_path / name)
    place_tagger._tagger.cache_clear()
    try:
        with pytest.raises(DataFileError, match="feature set"):
            tag_places("مدينة الكويت")
    finally:
        monkeypatch.undo()
        place_tagger._tagger.cache_clear()
