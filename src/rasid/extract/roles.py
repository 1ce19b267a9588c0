"""Roles: who acts in a clause, who is acted on, whose side a backer is on, and who
took or lost ground, from word order (VSO, SVO), verbal nouns and cue words."""
from __future__ import annotations

from rasid.extract.clauses import Clause, by_distance, near, opens_conjunct
from rasid.model import Actor, Doc, Event, Mention
from rasid.normalise import tokens
from rasid.recognise.lexicon_matchers import word_set
from rasid.recognise.matcher import article, proclitics, token_prefix
from rasid.recognise.triggers import sub_type_says

POLITICAL_MILITIA = 3  # ACLED inter code
SUPPORT_WINDOW_TOKENS = 2  # words allowed between بدعم and the backer (بدعم من قوات التحالف)
ALLY_WINDOW_TOKENS = 2  # جماعة الحوثي والقوات الموالية: a side named with و right after another


def agent(doc: Doc, clause: Clause, trigger: Mention) -> Mention | None:
    """Who acts: an actor right after a verb (VSO: سيطرت قوات النظام), else the nearest
    one before the event word (SVO: المقاومة ... دحرت), else one after the event word that
    is not its object (after a take-over noun, طرد، تحرير, the next actor loses the ground)
    nor a side something is taken from (من قبضة داعش)."""
    taken_from = losers(doc, clause)
    actors = [a for a in clause.of_kind("ACTOR", whole_sentence=True) if a not in taken_from]
    after = [a for a in actors if a.norm_start >= trigger.norm_end]
    verb = verb_like(doc, trigger)
    if after and near(doc, trigger, after[0], 0) and verb:
        return after[0]
    before = [a for a in actors if a.norm_end <= trigger.norm_start]
    if before:
        return before[-1]
    if after and not verb and trigger.value.territorial and near(doc, trigger, after[0], 0):
        after = after[1:]  # the object of a take-over noun (طرد الحوثيين), unlike قصف الحوثيين: their shelling
    return after[0] if after else None


def verb_like(doc: Doc, word: Mention) -> bool:
    """A word that can be a finite verb: no article, no preposition, not after a preposition."""
    text = doc.norm.text
    prefix = token_prefix(text, word.norm_start)
    if text.startswith(article(), word.norm_start) or proclitics().get(prefix, "prep") not in ("", "conj"):
        return False
    before = tokens(text, max(0, word.norm_start - 20), word.norm_start - len(prefix))
    return not before or text[before[-1][0]:before[-1][1]] not in word_set("function_words")


def with_government(actor: Actor) -> bool:
    """State forces, the coalitions that fight beside them, or a political militia (ACLED
    inter 3), which in these wars mostly fights for a government."""
    return actor.kind in ("state", "external") or actor.inter == POLITICAL_MILITIA


def losers(doc: Doc, clause: Clause) -> set[Mention]:
    """Actors right after a word naming the side something is taken from (من قبضة داعش)."""
    return {a for c in clause.of_kind("CUE", whole_sentence=True) if c.value.kind == "from"
            for a in clause.of_kind("ACTOR", whole_sentence=True) if near(doc, c, a, 0)}


def loser(doc: Doc, clause: Clause, trigger: Mention) -> Mention | None:
    """The side ground is taken from: one after من (من قبضة داعش), else the object right
    after a verbal noun (طرد الحوثيين)."""
    taken_from = by_distance(list(losers(doc, clause)), trigger)
    if taken_from:
        return taken_from[0]
    after = [a for a in clause.of_kind("ACTOR", whole_sentence=True) if a.norm_start >= trigger.norm_end]
    return after[0] if after and near(doc, trigger, after[0], 0) else None


def territory_sub_type(doc: Doc, clause: Clause, trigger: Mention) -> tuple[str, Mention | None]:
    """Who took the ground decides: the government side regains it, anyone else overtakes it;
    with only the side it was taken from named (بعد طرد الحوثيين منها), the other side took it."""
    doer = agent(doc, clause, trigger)
    lost_by = loser(doc, clause, trigger) if doer is None else None
    government = with_government(doer.value) if doer else bool(lost_by) and not with_government(lost_by.value)
    return ("Government regains territory" if government else "Non-state actor overtakes territory"), doer or lost_by


def backers(doc: Doc, clause: Clause) -> set[Mention]:
    """Actors named right after a support word (بدعم من قوات التحالف) in the sentence."""
    actors = clause.of_kind("ACTOR", whole_sentence=True)
    return {a for c in clause.of_kind("CUE", whole_sentence=True) if c.value.kind == "support"
            for a in actors if near(doc, c, a, SUPPORT_WINDOW_TOKENS)}


def target(doc: Doc, clause: Clause, trigger: Mention, event: Event) -> str | None:
    """The side an attack (not a battle, where either side bleeds) is aimed at: an actor named
    right after what was hit (تجمعا للحوثيين، مواقع داعش), else the event's one actor that is
    not the attacker."""
    if sub_type_says(event.sub_event_type, "armed_sides"):
        return None
    actors = clause.of_kind("ACTOR", whole_sentence=True)
    hit = [a for c in clause.of_kind("CUE", whole_sentence=True) if c.value.kind == "target"
           for a in actors if near(doc, c, a, 1)]
    if hit:
        return by_distance(hit, trigger)[0].value.name
    doer = agent(doc, clause, trigger)
    if doer is None:
        return None
    allies = {a.value.id for a in actors if opens_conjunct(doc, a) and near(doc, doer, a, ALLY_WINDOW_TOKENS)}
    others = [a for a in event.actors if a.id != doer.value.id and a.id not in allies]
    return others[0].name if len(others) == 1 else None
