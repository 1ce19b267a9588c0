"""Where an event happened: the most specific place of its clause (with every place of a
list it is in), else of its sentence, else the article's most named place; and the
countries the article names."""
from __future__ import annotations

from collections import Counter
from dataclasses import replace

from rasid.extract.clauses import Clause, by_distance, opens_conjunct
from rasid.model import Doc, Location, Mention
from rasid.normalise import tokens
from rasid.recognise.lexicon_matchers import word_set
from rasid.recognise.matcher import token_prefix
from rasid.recognise.places import after_locative


def locating(mentions: list[Mention]) -> list[Mention]:
    """Place mentions that give an event a location below country level."""
    return [m for m in mentions if m.value.kind != "country" and m.value.location() is not None]


def dominant_location(doc: Doc) -> Location | None:
    """The article's most often named place below country level, at precision 2 or coarser."""
    places = locating(doc.of_kind("PLACE"))
    if not places:
        return None
    counts = Counter(m.value.id for m in places)
    location = max(places, key=lambda m: counts[m.value.id]).value.location()
    return replace(location, geo_precision=max(location.geo_precision, 2),
                   where_prec=max(location.where_prec, 2))


def countries(doc: Doc) -> tuple[str, ...]:
    """The countries the article's places lie in, the most often named first."""
    counts = Counter(m.value.location().country for m in doc.of_kind("PLACE") if m.value.location() is not None)
    return tuple(country for country, _ in counts.most_common())


def locations(doc: Doc, clause: Clause, trigger: Mention,
              dominant: Location | None) -> list[tuple[Location | None, Mention | None]]:
    """The most specific place in the clause, with every place of a list it is in (الموصل
    وتلعفر والرمادي، الحسكة، وقرب الحديثة: ACLED codes one event per place), else the most
    specific one in the sentence, else the article's dominant place."""
    for whole_sentence in (False, True):
        places = [p for p in locating(clause.of_kind("PLACE", whole_sentence))
                  if not _where_said(doc, clause, p, trigger)]
        if places:
            best = min(by_distance(places, trigger), key=lambda m: m.value.location().geo_precision)
            listed = [best] if whole_sentence else _listed_with(doc, clause, best)
            return [(m.value.location(), m) for m in listed]
    return [(dominant, None)]


def _where_said(doc: Doc, clause: Clause, place: Mention, trigger: Mention) -> bool:
    """Is the place where a statement about the event was made (وقال في أنقرة «إن التفجير...»)?
    It then follows a locative preposition between a verb of saying and the complementizer that
    opens what was said, with the event word inside that."""
    cues = clause.of_kind("CUE", whole_sentence=True)
    said = any(c.value.kind == "statement" and c.norm_end <= place.norm_start for c in cues)
    opened = any(c.value.kind == "complementizer" and place.norm_end <= c.norm_start < trigger.norm_start
                 for c in cues)
    return said and opened and after_locative(doc.norm.text, place.norm_start)


def _listed_with(doc: Doc, clause: Clause, place: Mention) -> list[Mention]:
    """``place`` and the places listed with it, in text order: a list may run on past a
    comma (الحسكة والرقة في سوريا، وقرب الحديثة وكركوك) but not past another word of
    the sentence."""
    mentions = clause.of_kind("PLACE", whole_sentence=True)
    places = locating(mentions)
    first = last = places.index(place)
    while first > 0 and _joined(doc, clause, mentions, places[first - 1], places[first]):
        first -= 1
    while last + 1 < len(places) and _joined(doc, clause, mentions, places[last], places[last + 1]):
        last += 1
    return places[first:last + 1]


def _joined(doc: Doc, clause: Clause, mentions: list[Mention], left: Mention, right: Mention) -> bool:
    """Two different places with only list words between them: و, commas, words such as
    قرب or مناطق (``list_words.tsv``), the country a list part lies in (في سوريا), and one
    unknown name joined by و that nothing else recognised (وكركوك والمخمورة وسنجار)."""
    if left.value.id == right.value.id or not opens_conjunct(doc, right) and "," not in doc.norm.text[
            left.norm_end:right.norm_start]:
        return False
    text = doc.norm.text
    words, pos = [], left.norm_end
    for country in (m for m in mentions if left.norm_end <= m.norm_start and m.norm_end <= right.norm_start):
        before = [text[s:e] for s, e in tokens(text, pos, country.norm_start)]
        words += before[:-1] if before[-1:] == ["في"] else before  # في before the country of a list part
        pos = country.norm_end
    words += [text[s:e] for s, e in tokens(text, pos, right.norm_start)]
    conjunction = token_prefix(text, right.norm_start)
    listing = word_set("list_words")
    unknown = [w for w in words if not (w in listing or _bare(w) in listing or w == conjunction)]
    recognised = any(left.norm_end <= m.norm_start < right.norm_start for m in clause.sentence_mentions)
    one_unknown_name = len(unknown) == 1 and _bare(unknown[0]) != unknown[0] and not recognised and conjunction
    return (not unknown or one_unknown_name) and not any(ch in text[left.norm_end:right.norm_start] for ch in ".;:?!()")


def _bare(word: str) -> str:
    """A word without the conjunction و in front."""
    return word[1:] if word.startswith("و") and len(word) > 2 else word
