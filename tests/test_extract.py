"""Extraction rules on short made-up sentences (the dev gold is only used for the score gate)."""
from __future__ import annotations

from datetime import date

import pytest

import rasid
from rasid import Article, process
from rasid.errors import BadDate, EmptyInput, NotArabic

TUESDAY = date(2015, 7, 21)


def events(body: str, published: date = TUESDAY, title: str = "عنوان الخبر"):
    return process(Article(doc_id="t", text=f"{title}\n\n{body}", published=published)).events


def test_clash_with_actors_place_date_and_figures():
    (event,) = events("اندلعت اشتباكات عنيفة أمس بين قوات النظام وجبهة النصرة في مدينة حلب، "
                      "ما أسفر عن مقتل 12 عنصرا من جبهة النصرة.")
    assert (event.event_type, event.sub_event_type) == ("Battles", "Armed clash")
    assert {a.name for a in event.actors} == {"Military Forces of Syria", "Jabhat al-Nusra"}
    assert event.location.name_ar == "حلب" and event.location.country == "SY"
    assert event.event_date == date(2015, 7, 20) and event.time_precision == 1
    assert event.fatalities == 12
    (claim,) = event.claims
    assert (claim.kind, claim.value, claim.subject) == ("killed", 12, "Jabhat al-Nusra")


def test_undated_event_takes_publication_day_at_week_precision():
    (event,) = events("شن طيران التحالف العربي غارات على مواقع الحوثيين في مدينة صعدة.")
    assert event.sub_event_type == "Air/drone strike"
    assert event.event_date == TUESDAY and event.time_precision == 2


@pytest.mark.parametrize("body", [
    "لم تشن قوات النظام أي غارات على مدينة حلب.",              # negation
    "توعد تنظيم داعش بشن هجمات انتحارية في مدينة بنغازي.",      # threat
    "طالب المسؤول تركيا بوقف غاراتها على مدينة أربيل.",          # demand
    "دوت صفارات الإنذار في مستوطنة المطلة خشية تسلل طائرة مسيرة لحزب الله.",  # fear
])
def test_irrealis_statements_are_not_events(body):
    assert events(body) == []


def test_weak_word_without_an_actor_is_not_an_event():
    assert events("استهدفت المدينة في حلب.") == []


def test_headline_is_not_coded_twice():
    found = events("شن طيران التحالف العربي غارات على مدينة صعدة.", title="غارات على صعدة")
    assert len(found) == 1 and found[0].evidence[0].start > len("غارات على صعدة")


def test_repeated_mentions_merge_with_all_evidence():
    (event,) = events("اندلعت اشتباكات بين قوات النظام وجبهة النصرة في حلب. "
                      "وتواصلت الاشتباكات في حلب حتى المساء.")
    assert len(event.evidence) == 2


def test_dateline_place_does_not_locate_the_event():
    (event,) = events("رويترز - بنغازي: شن طيران التحالف العربي غارات على مدينة صعدة.")
    assert event.location.name_ar == "صعدة"


@pytest.mark.parametrize("body, sub_type", [
    ("سيطرت قوات النظام على مدينة تدمر.", "Government regains territory"),
    ("سيطر تنظيم داعش على مدينة تدمر.", "Non-state actor overtakes territory"),
])
def test_territory_sub_type_follows_the_agent(body, sub_type):
    (event,) = events(body)
    assert event.sub_event_type == sub_type


def test_displacement_counts_households_and_people():
    (event,) = events("نزحت 1200 عائلة تضم 4000 شخص من مدينة الحسكة جراء المعارك بين قسد وداعش.")
    kinds = {(c.kind, c.value) for c in event.claims if c.kind.startswith("displaced")}
    assert event.event_type == "Displacement" or kinds  # the figures attach to the displacement
    displacement = [e for e in events("نزحت 1200 عائلة من مدينة الحسكة.") if e.event_type == "Displacement"]
    assert displacement and displacement[0].displaced_households == 1200


def test_claims_keep_claimant_and_modality():
    (event,) = events("أعلن تنظيم داعش سيطرته على حاجز في مدينة الشدادي، ما أدى إلى مقتل 5 من قسد، حسب زعمه.")
    (claim,) = [c for c in event.claims if c.kind == "killed"]
    assert claim.value == 5 and claim.subject == "Syrian Democratic Forces"
    assert claim.claimant == "Islamic State" and claim.claimant_type == "party"
    assert claim.modality == "alleged"


def test_every_value_is_traceable_to_the_text():
    text_body = "اندلعت اشتباكات عنيفة أمس بين قوات النظام وجبهة النصرة في مدينة حلب."
    doc = process(Article(doc_id="t", text="عنوان\n\n" + text_body, published=TUESDAY))
    for mention in doc.mentions:
        assert doc.article.text[mention.span.start:mention.span.end] == mention.surface
        assert mention.provenance.rule
    for event in doc.events:
        assert event.provenance and all(str(p) for p in event.provenance)


def test_implausible_figures_do_not_count_as_fatalities():
    (event,) = events("اندلعت اشتباكات بين قوات النظام وجبهة النصرة في حلب أسفرت عن مقتل 10 ملايين شخص.")
    (claim,) = event.claims
    assert claim.value == 10_000_000 and "implausible" in claim.provenance.rule
    assert event.fatalities == 3  # deaths reported, the figure not believable: ACLED's "several"


def test_responsibility_claims_are_recorded_on_the_event():
    (event,) = events("تنظيم داعش أعلن تبنيه الهجوم الانتحاري الذي استهدف حاجزا في مدينة الحسكة.")
    assert event.sub_event_type == "Suicide bomb" and event.claimed_by == ["Islamic State"]
    assert any(f.field == "claimed_by" and f.span for f in event.field_evidence)


@pytest.mark.parametrize("body", [
    "وكانت تركيا قد هاجمت مرارا معسكرات حزب العمال الكردستاني في أربيل.",        # habitual
    "وأطلقت القوات العراقية عملية عسكرية في مدينة الرمادي لاستعادتها من داعش.",    # purpose
    "ويتخوف مختصون أن يشن تنظيم داعش هجمات انتحارية في مدينة بغداد.",            # fear
    "وقتل تنظيم داعش 3042 مدنيا في مدينة الموصل منذ بداية العام.",               # running total
])
def test_habitual_and_purpose_wording_are_not_events(body):
    assert events(body) == []


def test_event_word_after_a_verb_taking_l_is_an_event():
    (event,) = events("تعرضت أحياء مدينة تعز لقصف مدفعي من ميليشيات الحوثي.")
    assert event.sub_event_type == "Shelling/artillery/missile attack"


def test_undated_follow_up_continues_the_dated_event():
    (event,) = events("شن طيران التحالف العربي غارات على مواقع الحوثيين في محافظة مأرب مساء الجمعة. "
                      "وبحسب المصدر فإن 3 حوثيين قتلوا بغارة في جبهة الجفينة.")
    assert event.event_date == date(2015, 7, 17) and event.time_precision == 1
    assert event.location.name_ar == "الجفينة"  # the more specific place wins over the region
    assert len(event.evidence) == 2 and event.fatalities == 3


def test_two_undated_strikes_in_two_towns_stay_two_events():
    found = events("شن طيران التحالف العربي غارة على مدينة إب. "
                   "وشن طيران التحالف العربي غارة على قاعدة العند.")
    assert len(found) == 2


def test_battle_sides_are_armed_and_backers_come_last():
    found = events("تتواصل الاشتباكات بين قوات سوريا الديمقراطية بدعم من قوات التحالف الدولي من جهة، "
                   "وبين عناصر تنظيم داعش من جهة أخرى في مدينة الحسكة، وسط نزوح المدنيين.")
    (event,) = [e for e in found if e.event_type == "Battles"]
    assert [a.name for a in event.actors] == ["Syrian Democratic Forces", "Islamic State"]


def test_figures_take_the_casualty_word_of_their_own_conjunct_and_their_group():
    (event,) = events("قتل مدنيان اثنان وأصيب أربعة آخرون جراء قصف ميليشيات الحوثي على مدينة تعز. "
                      "وقتل 3 حوثيين في قصف على مدينة تعز.")
    kinds = sorted((c.kind, c.value, c.subject) for c in event.claims)
    assert ("killed", 3, "Houthi Movement") in kinds
    assert ("injured", 4, "Civilians") in kinds  # the Houthis shelled; they are not the injured: a strike's victims are civilians


def test_pronoun_after_a_figure_stands_for_the_group_named_before():
    (event,) = events("استهدفت غارة للتحالف العربي تجمعا للحوثيين في مدينة صعدة أمس وقتل 8 منهم.")
    assert [(c.kind, c.value, c.subject) for c in event.claims] == [("killed", 8, "Houthi Movement")]


def test_source_inside_a_party_is_that_party_and_sources_get_their_english_name():
    (event,) = events("قال مصدر في المقاومة الشعبية إن 25 من ميليشيات الحوثي قتلوا في مدينة مأرب أمس بغارات التحالف.")
    (claim,) = event.claims
    assert (claim.claimant, claim.claimant_type) == ("Popular Resistance", "party")
    (event,) = events("وقال مصدر محلي إن 5 مدنيين قتلوا في غارة على مدينة صعدة أمس.")
    assert (event.claims[0].claimant, event.claims[0].claimant_type) == ("local source", "informed_sources")


def test_exact_figures_win_over_vague_words():
    (event,) = events("قتل عشرات المسلحين من ميليشيات الحوثي في معارك مع المقاومة الشعبية في مدينة تعز أمس، "
                      "وقتل 42 مسلحا من ميليشيات الحوثي.")
    assert event.fatalities == 42


def test_a_mention_that_refers_to_an_event_makes_none_alone_but_joins_the_report():
    assert events("وأدانت الحكومة اليمنية القصف الذي استهدف مدينة تعز.") == []
    (event,) = events("قصفت ميليشيات الحوثي مدينة تعز أمس. وأدانت الحكومة اليمنية القصف الذي استهدف مدينة تعز.")
    assert event.event_date == date(2015, 7, 20) and len(event.evidence) == 2


def test_generic_police_is_the_police_of_the_event_country_and_arrests_count_no_deaths():
    (event,) = [e for e in events("اعتقلت الشرطة في مدينة إسطنبول أمس رجلا متهما بقتل ضابط.")
                if e.sub_event_type == "Arrests"]
    assert [a.name for a in event.actors][:1] == ["Police Forces of Turkey"]
    assert event.fatalities == 0


def test_a_wished_death_is_no_death():
    (event,) = events("ردد المحتجون في مظاهرة في مدينة اللاذقية أمس هتافات تقول الشعب يريد اعدام سليمان.")
    assert event.sub_event_type == "Peaceful protest" and event.fatalities == 0


def test_a_source_named_after_the_figure_is_the_claimant_and_civilians_never_speak():
    (event,) = events("قتل 5 مدنيين في غارة لطيران النظام على مدينة إدلب أمس، بحسب المرصد السوري لحقوق الإنسان.")
    (claim,) = event.claims
    assert (claim.claimant, claim.claimant_type, claim.subject) == (
        "Syrian Observatory for Human Rights", "activists", "Civilians")
    (event,) = events("قالت قوات النظام إن 5 من مقاتلي المعارضة قتلوا في اشتباكات في مدينة درعا أمس.")
    assert (event.claims[0].claimant, event.claims[0].claimant_type) == ("Military Forces of Syria", "party")


def test_one_event_per_place_of_a_list_with_the_figure_on_the_first():
    found = events("مقتل 23 عنصرا من تنظيم داعش بقصف لطيران التحالف الدولي في قضاء بيجي ومدينة الرمادي أمس.")
    assert [(e.location.name_ar, e.fatalities) for e in found] == [("بيجي", 23), ("الرمادي", 0)]


def test_a_reference_needs_a_date_of_its_own_clause_to_be_an_event():
    # the date belongs to the first clause; the second only refers to the attack it answers
    found = events("وكانت تركيا قد قصفت معسكرات حزب العمال الكردستاني في أربيل الأسبوع الماضي، "
                   "فيما قالت إن قصفها رد على سلسلة من عمليات الاغتيال في مدينة أربيل.")
    assert all(e.sub_event_type != "Attack" for e in found)


def test_laying_mines_is_not_an_explosion():
    assert events("وأكد سكان أن الحوثيين يزرعون الألغام الأرضية في مدينة عدن.") == []


def test_barrel_bombs_are_air_strikes():
    (event,) = events("قتل 4 مدنيين جراء قصف ببرميلين متفجرين على مدينة حلب أمس.")
    assert event.sub_event_type == "Air/drone strike"


def test_a_toll_over_months_is_a_running_total_not_an_event():
    assert events("وقال المرصد إن طائرات التحالف الدولي قتلت 3042 من تنظيم داعش في محافظات حماه وحلب وحمص.") == []
    assert events("قتلت طائرات التحالف 300 من عناصر داعش في مدينة الرقة خلال 10 أشهر.") == []


def test_extract_events_reads_a_text_and_refuses_what_it_cannot_read():
    text = "عنوان الخبر\n\nقتل 4 مدنيين في غارة جوية على مدينة إدلب أمس."
    [event] = rasid.extract_events(text, published="2015-07-21")
    assert event.to_json() == rasid.extract_events(text, published=TUESDAY)[0].to_json()
    assert (event.sub_event_type, event.event_date, event.fatalities) == ("Air/drone strike", date(2015, 7, 20), 4)
    with pytest.raises(EmptyInput):
        rasid.extract_events("  \n ")
    with pytest.raises(NotArabic, match="rasid reads Arabic articles"):
        rasid.extract_events("Four civilians were killed in an air strike on Idlib.")
    with pytest.raises(BadDate, match="YYYY-MM-DD"):
        rasid.extract_events(text, published="21/07/2015")


def test_an_attacker_named_by_a_nationality_adjective_is_that_states_forces():
    [event] = events("شنت طائرات حربية غارات إسرائيلية على مدينة حمص أمس.")
    assert [a.name for a in event.actors] == ["Military Forces of Israel"]
    assert event.sub_event_type == "Air/drone strike"


def test_a_blast_whose_author_is_not_named_is_the_unidentified_armed_groups():
    [event] = events("انفجرت عبوة ناسفة في مدينة حلب أمس.")
    assert event.sub_event_type == "Remote explosive/landmine/IED"
    assert [a.name for a in event.actors] == ["Unidentified Armed Group"]


@pytest.mark.parametrize("country_place, party", [("مدينة صور جنوبي لبنان", "Hezbollah"),
                                                  ("مدينة الرقة شمالي سوريا", "Popular Resistance")])
def test_a_generic_name_stands_for_the_party_of_the_articles_country(country_place, party):
    found = events(f"استهدفت المقاومة بالصواريخ موقعا عسكريا في {country_place} أمس.")
    assert found and party in [a.name for a in found[0].actors]


def test_a_toll_counted_since_an_earlier_day_is_no_events_toll():
    body = ("قتل 3 مدنيين في قصف لقوات النظام على مدينة حلب اليوم، "
            "وارتفع عدد القتلى في المدينة إلى 512 قتيلا منذ 1 حزيران الماضي.")
    [event] = events(body, published=date(2015, 7, 21))
    assert event.fatalities == 3
    assert [c.value for c in event.claims if c.kind == "killed"] == [3]


def test_a_war_total_is_not_an_event():
    doc = process(Article(doc_id="t", text="عنوان الخبر\n\nأعلنت الوزارة ارتفاع حصيلة ضحايا القصف على مدينة حلب "
                                            "إلى 2400 قتيل.", published=TUESDAY))
    assert doc.events == []
    assert [r.reason for r in doc.rejections] == ["running-total"]


def test_an_event_weeks_before_publication_is_background():
    doc = process(Article(doc_id="t", text="عنوان الخبر\n\nوكانت قوات النظام قد قصفت مدينة حلب في 2 أيار 2015.",
                          published=TUESDAY))
    assert doc.events == []
    assert {r.reason for r in doc.rejections} == {"background"}


def test_a_place_list_runs_on_past_a_comma_and_the_country_of_a_part():
    found = events("استهدفت غارات التحالف الدولي مواقع داعش في الرقة ودير الزور في سوريا، وقرب الموصل وتكريت.")
    assert [(e.location.country, e.location.name_ar) for e in found] == [
        ("SY", "الرقة"), ("SY", "دير الزور"), ("IQ", "الموصل"), ("IQ", "تكريت")]


def test_a_raid_is_coded_by_what_happens_in_it():
    assert events("اقتحمت قوات النظام بلدة في ريف حلب أمس.") == []
    [arrest] = events("اقتحمت قوات النظام مدينة حلب أمس واعتقلت 5 شبان.")
    assert arrest.sub_event_type == "Arrests"


def test_every_event_word_not_coded_says_why():
    doc = process(Article(doc_id="t", text="قصف على حلب\n\nهددت قوات النظام بقصف مدينة حلب. "
                                            "وقصفت قوات النظام مدينة حمص أمس.", published=TUESDAY))
    assert [e.location.name for e in doc.events] == ["Homs"]
    assert {(doc.article.text[r.span.start:r.span.end], r.reason) for r in doc.rejections} == {
        ("قصف", "headline"), ("قصف", "irrealis")}


def test_killed_and_wounded_together_is_no_death_toll():
    [event] = events("أسفر قصف قوات النظام على مدينة حلب أمس عن سقوط 50 بين قتيل وجريح.")
    assert [c.kind for c in event.claims] == []
    [event] = events("أسفر قصف قوات النظام على مدينة حلب أمس عن مقتل 5 أشخاص وإصابة 10 آخرين.")
    assert sorted((c.kind, c.value) for c in event.claims) == [("injured", 10), ("killed", 5)]


def test_the_victims_of_a_strike_on_no_named_side_are_civilians():
    [event] = events("قصفت قوات النظام مدينة حلب أمس ما أدى إلى مقتل 4 أشخاص.")
    assert [(c.kind, c.value, c.subject) for c in event.claims] == [("killed", 4, "Civilians")]


def test_figures_over_a_count_of_massacres_or_two_months_are_totals():
    assert events("قالت الوزارة إن قوات النظام ارتكبت 12 مجزرة في مدينة حلب أمس راح ضحيتها 150 قتيلا.") == []
    assert events("قصفت قوات النظام مدينة حلب ما أدى إلى مقتل 90 مدنيا خلال شهرين.") == []


def test_settlers_are_an_actor_and_a_groups_name_holds_no_casualty():
    [event] = events("هاجم مستوطنون مدنيين في مدينة الخليل أمس.")
    assert "Settlers (Israel)" in [a.name for a in event.actors]
    [event] = events("استهدفت كتائب شهداء الأقصى قوات الاحتلال في مدينة جنين أمس بعبوة ناسفة.")
    assert event.fatalities == 0 and not event.claims


def test_an_event_dated_after_publication_is_not_yet_one():
    doc = process(Article(doc_id="t", text="عنوان الخبر\n\nستقصف قوات النظام مدينة حلب يوم غد الأربعاء.",
                          published=TUESDAY))
    assert doc.events == []


def test_a_figure_that_counts_strikes_or_hours_counts_no_people():
    [event] = events("شنت طائرات التحالف الدولي 15 غارة على مدينة الرقة أمس أسفرت عن مقتل 4 من عناصر داعش.")
    assert [(c.kind, c.value) for c in event.claims] == [("killed", 4)]
    [event] = events("أصيب 3 مدنيين خلال 24 ساعة في قصف لقوات النظام على مدينة حلب أمس.")
    assert [(c.kind, c.value) for c in event.claims] == [("injured", 3)]


def test_aircraft_that_land_make_no_air_strike():
    assert events("هبطت طائرات سعودية محملة بالمساعدات في مطار مدينة عدن أمس.") == []


def test_ongoing_wording_without_a_place_is_a_campaign():
    assert events("ويواصل النظام السوري استهداف المدنيين بالبراميل المتفجرة.") == []
    assert events("وتتواصل الاشتباكات بين قوات النظام وتنظيم داعش في مدينة دير الزور.")


def test_a_toll_told_in_the_next_sentence_is_the_events():
    [event] = events("شنت طائرات التحالف الدولي غارات على مواقع داعش في مدينة الرقة أمس. "
                     "وأفاد مصدر محلي بأن 12 من عناصر التنظيم قتلوا.")
    assert event.fatalities == 12
    assert [(c.kind, c.value, c.claimant_type) for c in event.claims] == [("killed", 12, "informed_sources")]


def test_a_months_toll_is_a_running_total():
    doc = process(Article(doc_id="t", text="عنوان الخبر\n\nشهد شهر تموز الجاري مقتل 300 مدني في هجمات تنظيم داعش في مدينة "
                                            "الموصل.", published=date(2015, 7, 20)))
    assert doc.events == [] and {str(r.reason) for r in doc.rejections} == {"running-total"}


def test_a_partys_own_country_keeps_it_whatever_else_the_article_names():
    found = events("سيطرت المقاومة على مدينة عدن أمس. وفي العراق، قصفت طائرات التحالف الدولي مدينة الموصل "
                   "ومدينة تكريت ومدينة الرمادي.")
    assert "Popular Resistance" in [a.name for e in found for a in e.actors]


def test_a_casualty_noun_another_figure_counts_is_not_this_ones():
    [event] = events("أوقع الهجوم الانتحاري لتنظيم داعش في مدينة حلب أمس 32 قتيلا و100جريح.")
    assert [(c.kind, c.value) for c in event.claims if c.kind == "killed"] == [("killed", 32)]


def test_a_percentage_counts_no_people():
    [event] = events("قصفت قوات النظام مدينة حلب أمس ما أدى إلى مقتل 5 مدنيين، وقال المرصد إن 30 بالمئة "
                     "من القتلى و40 في المئة من الجرحى أطفال.")
    assert sorted((c.kind, c.value) for c in event.claims) == [("killed", 5)]


def test_an_anniversary_is_no_event():
    assert events("أحيا أهالي مدينة حلب أمس ذكرى مجزرة قوات النظام في المدينة.") == []


def test_the_place_where_a_statement_was_made_does_not_locate_the_event_it_tells():
    text = ("هجوم في تركيا\n\nقتل 30 شخصا في تفجير انتحاري في مدينة سروج يوم الاثنين. وقال رئيس الوزراء التركي "
            "في مؤتمر صحافي في أنقرة إن قوات الأمن اعتقلت خمسة مشتبه بهم في الهجوم.")
    events = rasid.extract_events(text, published="2015-07-21")
    assert {e.sub_event_type: e.location.name for e in events} == {"Suicide bomb": "Suruç", "Arrests": "Suruç"}


def test_the_putschists_are_the_houthis_in_yemen_and_the_army_in_sudan():
    yemen = rasid.extract_events("اشتباكات في تعز\n\nاندلعت اشتباكات عنيفة بين المقاومة الشعبية والانقلابيين "
                                 "في مدينة تعز.", published="2015-08-01")
    sudan = rasid.extract_events("اشتباكات في الفاشر\n\nاندلعت اشتباكات عنيفة بين قوات الدعم السريع والانقلابيين "
                                 "في مدينة الفاشر.", published="2024-05-01")
    assert "Houthi Movement" in {a.name for e in yemen for a in e.actors}
    assert "Military Forces of Sudan" in {a.name for e in sudan for a in e.actors}


def test_strikes_on_two_named_places_near_each_other_stay_two_events():
    text = ("هجمات على الحدود\n\nاستهدف حزب الله موقع المطلة بمسيرة انقضاضية اليوم السبت. كذلك، استهدف مجاهدو "
            "حزب الله كفار بلوم بمسيرة انقضاضية.")
    events = rasid.extract_events(text, published="2024-03-23")
    assert sorted(e.location.name for e in events) == ["Kfar Blum", "Metula"]


def test_people_counted_in_the_dual_are_two():
    [event] = rasid.extract_events("خبر\n\nأصيب فلسطينيان برصاص قوات الاحتلال في جنين اليوم.", published="2024-03-23")
    assert [(c.kind, c.value) for c in event.claims] == [("injured", 2)]


@pytest.mark.parametrize("text", ["استشهد شاب برصاص قوات الاحتلال في مدينة جنين.",
                                  "اغتال جيش الاحتلال الشاب محمد النونو في مدينة جنين."])
def test_dying_and_assassination_as_2023_outlets_write_them_count_the_dead(text):
    [event] = rasid.extract_events("خبر\n\n" + text, published="2024-03-23")
    assert event.fatalities == 1 and [(c.kind, c.value) for c in event.claims] == [("killed", 1)]


def test_targeting_an_army_post_is_an_attack_from_afar():
    """استهداف of a town stays a clash; of an army post (موقع X) it is shelling, and the
    nationality adjective after the post picks the Israeli Malkia over Syria's al-Malikiyah."""
    text = "خبر\n\nاستهدف حزب الله موقع المالكية الإسرائيلي وحقق فيه إصابة مباشرة، واستهدف حزب الله بلدة الخيام."
    events = {e.location.name: e.sub_event_type for e in rasid.extract_events(text, published="2024-03-23")}
    assert events == {"Malkia": "Shelling/artillery/missile attack", "Khiam": "Armed clash"}


def test_a_list_of_targets_runs_past_a_name_the_gazetteer_lacks():
    text = ("خبر\n\nوأفاد البيان أن طيران التحالف الدولي شن غارات جوية قرب كركوك والمخمورة وسنجار وتل عفر "
            "في العراق أمس الخميس.")
    events = rasid.extract_events(text, published="2015-07-31")
    assert {"Kirkuk", "Sinjār", "Tall ‘Afar"} <= {e.location.name for e in events}


def test_a_massacre_told_by_its_toll_is_the_strike_that_committed_it():
    text = ("غارة على بيت لاهيا\n\nقصفت طائرات الاحتلال منزلا في بلدة بيت لاهيا شمال قطاع غزة اليوم الأحد. "
            "وارتكب الاحتلال مجزرة في بيت لاهيا ذهب ضحيتها 11 شهيدا.")
    [event] = rasid.extract_events(text, published="2024-07-28")
    assert (event.sub_event_type, event.fatalities) == ("Air/drone strike", 11)


def test_a_drone_across_a_comma_makes_the_missile_it_fires_an_air_strike():
    text = ("خبر\n\nاستهدفت مسيرة إسرائيلية، منزل قيادي في حركة حماس بصاروخ في مخيم الشاطئ غربي مدينة غزة، "
            "صباح اليوم السبت.")
    [event] = rasid.extract_events(text, published="2023-11-04")
    assert event.sub_event_type == "Air/drone strike"


def test_an_accusative_attack_word_and_its_state_and_every_place_listed():
    """قصفاً مدفعياً إسرائيلياً: the object form of the attack word and of its nationality
    adjective; the four villages it hit are four events, however near each other."""
    text = ("خبر\n\nوأضاف مراسلنا أنّ \"قصفاً مدفعياً إسرائيلياً استهدف أطراف بلدات كفرحمام وكفرشوبا وشبعا "
            "والخيام جنوب لبنان\".")
    events = rasid.extract_events(text, published="2024-06-21")
    assert {e.location.name for e in events} == {"Kfar Hamam", "Kfar Shouba", "Shebaa", "Khiam"}
    assert {a.name for e in events for a in e.actors} == {"Military Forces of Israel"}


def test_an_attack_on_soldiers_by_fighters_is_a_clash():
    text = ("خبر\n\nنفذ مقاومون من كتائب شهداء الأقصى عملية إطلاق نار باتجاه جنود الاحتلال قرب بلدة عزون "
            "شرق قلقيلية اليوم.")
    events = rasid.extract_events(text, published="2024-07-25")
    assert events and all((e.event_type, e.sub_event_type) == ("Battles", "Armed clash") for e in events)


@pytest.mark.parametrize("text", ["وأن العفو يستثنى منه جرائم الإرهاب وجرائم الاغتصاب في مدينة طرابلس.",
                                  "أصدرت وزارة الداخلية أمس بيانا بشأن تنفيذ حكم القتل قصاصا في أحد الجناة بمنطقة جازان."])
def test_a_category_of_crime_and_a_sentence_carried_out_are_no_events(text):
    assert rasid.extract_events("خبر\n\n" + text, published="2015-08-01") == []


def test_a_truce_violation_is_no_agreement():
    text = ("خبر\n\nوقالت قوات الدعم السريع إنها تصدت في معسكر الصالحة لهجوم من الجيش، في اعتداء سافر على شروط "
            "الهدنة، وسط تبادل للاتهامات بشأن خرق الهدنة في مدينة أم درمان.")
    assert not any(e.sub_event_type == "Agreement" for e in rasid.extract_events(text, published="2023-04-29"))


def test_strikes_on_two_neighbourhoods_a_kilometre_apart_stay_two_events():
    text = ("خبر\n\nقصفت طائرات الاحتلال منزلا في حي الزيتون بمدينة غزة اليوم الأحد. كما قصفت طائرات الاحتلال "
            "منزلا في حي الصبرة.")
    events = rasid.extract_events(text, published="2023-11-05")
    assert sorted(e.location.name for e in events) == ["As Sabra", "Az Zeitoun"]


def test_a_clause_that_opens_with_its_event_word_continues_the_subject_named_before():
    """Arabic drops a subject the text has just named: كما استهدفت ... is Hezbollah's too."""
    text = ("خبر\n\nاستهدف حزب الله موقع المالكية بالصواريخ اليوم السبت. كما استهدفت موقع المطلة بنيران مباشرة.")
    events = rasid.extract_events(text, published="2024-03-23")
    assert {e.location.name: e.actors[0].name for e in events} == {"Malkia": "Hezbollah", "Metula": "Hezbollah"}
    carried = next(e for e in events if e.location.name == "Metula")
    assert any(f.provenance.rule == "subject-of-the-event-before" for f in carried.field_evidence)


def test_a_generic_targeting_word_that_continues_strikes_is_more_of_them():
    text = "خبر\n\nشن الطيران الحربي الإسرائيلي غارات على بلدة عيتا الشعب اليوم السبت. كما استهدف بلدة الخيام."
    events = rasid.extract_events(text, published="2024-03-23")
    assert {(e.location.name, e.sub_event_type, e.actors[0].name) for e in events} == {
        ("Aita ash Shaab", "Air/drone strike", "Military Forces of Israel"),
        ("Khiam", "Air/drone strike", "Military Forces of Israel")}
