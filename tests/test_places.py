"""Place recognition and resolution: cue words, countryside and directions, nesting,
namesakes, unknown names, datelines."""
from __future__ import annotations

from datetime import date

import pytest

from rasid import Article, process
from rasid.cli import main
from rasid.recognise.places import find_places


def places(text: str) -> list[tuple[str, object]]:
    return [(m.surface, m.value) for m in find_places(text)]


def test_nested_prison_neighbourhood_city():
    (prison, ref_p), (hood, ref_h), (city, ref_c) = places("سجن الصناعة بحي غويران في مدينة الحسكة")
    assert (prison, hood, city) == ("سجن الصناعة", "حي غويران", "مدينة الحسكة")
    assert ref_p.location().geo_precision == 1 and ref_p.location().admin1 == "Al-Hasakeh"
    assert ref_h.place.name == "Ghwayran" and ref_h.parent.kind == "city"
    assert ref_c.place.kind == "city" and ref_c.location().pcode.startswith("SY08")
    assert ref_p.location().where_prec == 1


def test_countryside_with_direction_is_province_level():
    ((surface, ref),) = places("قصف على ريف دير الزور الشرقي")
    loc = ref.location()
    assert surface == "ريف دير الزور الشرقي"
    assert (ref.cue, ref.direction) == ("countryside", "east")
    assert loc.geo_precision == 3 and loc.where_prec == 4
    assert loc.admin1 == "Deir-ez-Zor" and loc.pcode == "SY09"


def test_town_in_its_governorate():
    ((_, ref),) = places("اشتباكات في الشدادي")
    assert ref.place.kind == "town" and ref.location().admin1 == "Al-Hasakeh"
    assert ref.location().geo_precision == 1


@pytest.mark.parametrize("text, kind, precision", [
    ("محافظة الحسكة", "admin1", 3),   # the cue picks the governorate over the city of the same name
    ("مدينة الحسكة", "city", 1),
    ("شمال مدينة الرقة", "city", 2),  # near a place: ACLED precision 2
])
def test_cue_words_decide_the_kind(text, kind, precision):
    ((_, ref),) = places(text)
    assert ref.place.kind == kind and ref.location().geo_precision == precision


def test_namesakes_follow_the_article_context():
    tripoli = [ref for surface, ref in places("انفجار في بيروت ثم اشتباكات في طرابلس") if "طرابلس" in surface]
    assert tripoli[0].place.country == "LB" and tripoli[0].rule == "article-context"
    assert len(tripoli[0].candidates) >= 2


def test_unknown_name_after_a_cue_is_kept_unresolved_or_located_at_its_parent():
    (village, ref), (_, countryside) = places("غارات على قرية المسعودية في ريف حلب")
    assert village == "قرية المسعودية" and ref.place is None
    assert ref.parent is countryside.place and ref.location().geo_precision == 3
    ((alone, lone_ref),) = places("غارات على قرية المسعودية")
    assert alone == "قرية المسعودية" and lone_ref.location() is None  # never invented coordinates


@pytest.mark.parametrize("text", ["هجوم على موقع للحشد في محيط الصقلاوية", "قصف موقع للجيش في محيط الصقلاوية",
                                  "سقطت قذيفة على مقر بالقرب من الصقلاوية"])
def test_a_word_with_a_preposition_and_the_article_after_a_cue_is_not_a_name(text):
    found = places(text)
    assert [ref.place.name_ar if ref.place else surface for surface, ref in found] == ["الصقلاوية"], found


def test_a_country_named_before_another_is_not_a_namesake_inside_it():
    (turkey, ref), (_, syria) = places("جماعات موالية لتركيا في سوريا")
    assert ref.place is not None and ref.place.country == "TR" and ref.place.kind == "country", ref.rule
    assert syria.place.country == "SY"


def test_cue_with_the_article_is_a_common_noun():
    assert places("دخلت القوات القرية") == []


def test_function_word_is_not_part_of_a_place():
    found = places("قصف على شرقي حلب")
    assert [s for s, _ in found] == ["شرقي حلب"] and found[0][1].direction == "east"


def test_dateline_and_names_inside_actors_do_not_locate_events():
    doc = process(Article(doc_id="t", published=date(2022, 1, 22),
                          text="عنوان\n\nرويترز - بنغازي: اشتبكت قوات سوريا الديمقراطية مع داعش في مدينة الحسكة."))
    kinds = {(m.kind, m.surface) for m in doc.mentions if m.kind in ("PLACE", "DATELINE")}
    assert ("DATELINE", "بنغازي") in kinds and ("PLACE", "مدينة الحسكة") in kinds
    assert not any(surface == "سوريا" for _, surface in kinds)
    assert doc.events[0].location.admin1 == "Al-Hasakeh"


def test_places_command_prints_table_and_json(capsys):
    assert main(["places", "سجن الصناعة بحي غويران في مدينة الحسكة"]) == 0
    out = capsys.readouterr().out
    assert "Ghwayran" in out and "SY080000" in out
    assert main(["places", "--json", "ريف دير الزور الشرقي"]) == 0
    assert '"geo_precision": 3' in capsys.readouterr().out


def test_the_tagger_adds_names_the_gazetteer_lacks_only_when_asked():
    from rasid.model import Options

    text = "أمطار غزيرة على الأحمدي والجهراء اليوم"
    assert places(text) == []
    tagged = {m.surface: m.value for m in find_places(text, Options(place_tagger=True))}
    assert {"الأحمدي", "الجهراء"} <= set(tagged)  # the conjunction و is set aside
    assert all(ref.place is None and ref.rule == "tagger" for ref in tagged.values())


def rejected(text: str) -> list[tuple[str, str]]:
    from rasid.recognise.places import recognise_places
    from rasid.recognise.spans import text_doc

    doc = text_doc(text)
    recognise_places(doc)
    return [(text[r.span.start:r.span.end], str(r.reason)) for r in doc.rejections]


@pytest.mark.parametrize("text, word, reason", [
    ("وأفاد مراسل الميادين بسقوط صواريخ", "الميادين", "outlet"),  # a media word before the name
    ("وقال مصدر للميادين إن الغارة", "ميادين", "outlet"),  # spoken to: ل before an outlet's name
    ("وقال لـ«الرياض» إن الهجوم", "الرياض", "outlet"),
    ("وأعلنت الرياض أن الهجوم فشل", "الرياض", "speaker"),  # a government by metonymy
    ("وقال إن الرياض أعلنت وقف الهجوم", "الرياض", "speaker"),
])
def test_outlets_and_speakers_are_not_places(text, word, reason):
    assert (word, reason) in rejected(text)
    assert not any(surface.endswith(word) for surface, _ in places(text))


def test_a_place_after_a_locative_preposition_is_not_a_speaker():
    assert [s for s, _ in places("وفي حلب قال مصدر إن")] == ["حلب"]


def test_one_word_names_follow_the_article_as_the_gazetteer_writes_it():
    """الوقف is an Egyptian town, وقف the noun (بوقف إطلاق النار); written otherwise it is no place."""
    assert places("طالب الطرفين بوقف إطلاق النار") == []
    assert [s for s, _ in places("اشتباكات في حلب")] == ["حلب"]


def test_a_small_place_named_like_a_common_word_needs_evidence():
    assert places("أصدر الحزب بيانا مقيبلة فيه") == []  # no preposition, cue, list or nearby place
    found = places("اقتحمت القوات بلدة مقيبلة")
    assert found and found[0][1].place is not None and found[0][1].place.country == "IL"
    assert ("مقيبلة", "no-place-evidence") in rejected("أصدر الحزب بيانا مقيبلة فيه")


def test_a_namesake_abroad_is_not_the_place_nested_in_a_parent():
    """A neighbourhood of Aleppo named like a camp in Gaza is not that camp."""
    (hood, ref), (city, _) = places("قصف على حي البريج بمدينة حلب")
    assert hood == "حي البريج" and ref.place is None and ref.rule == "namesake-abroad-in-parent"
    assert any(c.country == "PS" for c in ref.candidates)
    assert ref.location().admin1 == "Aleppo"


def test_a_word_after_a_name_head_ends_an_unknown_name():
    """أم الزنابق is a village the gazetteer lacks, not a place called الزنابق; عيتا الزنابق is two words."""
    (village, ref), _ = places("حاجز في قرية أم الزنابق بريف حلب")
    assert village == "قرية أم الزنابق" and ref.place is None and ref.location().admin1 == "Aleppo"
    (name, _), = places("قصف على قرية عيتا الزنابق")
    assert name == "قرية عيتا الزنابق"


def test_compound_names_match_joined_or_apart():
    joined, apart = places("قصف على كفركلا"), places("قصف على كفر كلا")
    assert [ref.place.name for _, ref in joined] == [ref.place.name for _, ref in apart] == ["Kfar Kila"]


def test_places_command_lists_what_it_rejected(capsys):
    assert main(["places", "وأفاد مراسل الميادين بقصف في حلب"]) == 0
    out = capsys.readouterr().out
    assert "not places here" in out and "outlet" in out and "Aleppo" in out


def test_a_name_the_gazetteer_lacks_gets_a_latin_spelling_for_exports():
    from rasid.recognise.romanise import romanise

    assert [romanise(n) for n in ("أبو حمام", "حولا", "عيتا الشعب")] == ["Abu Hmam", "Hula", "Aita al-Sh'b"]
    (_, ref), _ = places("قصف على قرية عيتا الزنابق في ريف حلب")
    assert (ref.location().name, ref.location().name_ar) == ("Aita al-Znabq", "عيتا الزنابق")


def test_a_cue_word_reaches_a_quoted_name():
    """Statements quote the names of posts and bases: ثكنة "زرعيت" is the barracks, قرية "X" an unknown village."""
    (_, base), (_, village) = places('استهداف ثكنة "زرعيت" وقرية "عيتا الزنابق" في جنوب لبنان')[:2]
    assert base.place.country == "IL" and base.cue == "facility"
    assert village.place is None and village.unknown == "عيتا الزنابق"


def test_a_province_or_large_town_needs_no_evidence():
    assert [ref.place.country for _, ref in places("شهدت السويداء احتجاجات")] == ["SY"]
