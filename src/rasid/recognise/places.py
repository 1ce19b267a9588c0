"""PLACE mentions: gazetteer names, cue phrases (مدينة X، قرية X، سجن X), countryside and
directional phrases (ريف X الشرقي، شمال X) and nested phrases (سجن الصناعة بحي غويران في
مدينة الحسكة), each resolved to one gazetteer place with ACLED and UCDP precision, or
kept unresolved with its span when the gazetteer does not know the name.

Resolution weighs, in order: what the cue word says the place is (مدينة → a city, not the
governorate of the same name); the place it is nested in (the namesake in the same
admin1, then country); the article's other places (country, then admin1); then
inhabited places over admin areas, then population. The deciding rule is recorded.

An unknown name after a cue word in construct (قرية X, not القرية) is located at the place it is nested in, at a
coarser precision, never at invented coordinates. A place in a paragraph's dateline
("رويترز - بنغازي:") says where the report was filed: it becomes a DATELINE mention.

Cue words and connectors are data (``data/place_cues.tsv``, ``data/function_words.tsv``).
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

from rasid.lexicon import load_table
from rasid.model import Doc, Location, Mention, Options, Provenance, RejectReason, Rejection
from rasid.normalise import normalise_key, tokens
from rasid.recognise.actors import actor_by_id
from rasid.recognise.gazetteer import (
    GEO_PRECISION, INHABITED, KIND_PREFERENCE, WHERE_PREC, Place, gazetteer, haversine_km,
)
from rasid.recognise.lexicon_matchers import form_matcher, word_set
from rasid.recognise.matcher import (
    Match, article, blank_between, entry_keys, locative_prefixes, pick_by_article, proclitics, purpose_prefixes,
    token_prefix, token_start,
)
from rasid.recognise.place_tagger import tag_places
from rasid.recognise.romanise import romanise
from rasid.recognise.spans import make_mention, original_text, text_doc

_HASHTAG = re.compile(r"#(\w+)")
MAX_DATELINE_WORDS = 6  # words before the colon that closes a dateline
MIN_NAME_LETTERS = 3  # a tagged word keeps at least this much once its proclitic is set aside
MAX_UNKNOWN_NAME_WORDS = 2  # words taken as the name after a cue word when the gazetteer lacks it
NEAR_PRECISION = 2  # ACLED: "near X" or a part of X's area
COUNTRYSIDE_PRECISION, COUNTRYSIDE_WHERE = 3, 4  # ريف X: the rural part of a province
# What a cue word lets a place be, most likely first.
CUE_KINDS = {
    "city": ("city", "town"), "town": ("town", "village", "city"), "village": ("village", "town"),
    "neighbourhood": ("neighbourhood", "camp"), "facility": ("facility", "base", "camp", "crossing"),
    "admin1": ("admin1",),
    "admin2": ("admin2",), "admin3": ("admin3",), "countryside": ("admin1", "city", "admin2", "town"),
}
# A one-word name of a smaller place needs evidence that it names the place (see _evidenced).
SMALL_KINDS = frozenset({"village", "town", "city", "neighbourhood", "base", "camp", "crossing"})
WELL_KNOWN_POPULATION = 100_000
MIN_PREFIXED_NAME_LETTERS = 4
MIN_OTHER_PLACES_IN_PROVINCE = 1
NO_EVIDENCE = str(RejectReason.NO_PLACE_EVIDENCE)
DISTANCE_BAND_KM = 50  # namesakes this much nearer to the article's unambiguous places win
ANCHOR_WINDOW = 20  # place phrases on each side whose unambiguous places count as nearby (keeps resolution linear)
NOT_PLACE_CUES = frozenset({"outlet", "speaker"})  # cues after which a place's name means something else
NAMED_CUES = frozenset({"city", "town", "village", "neighbourhood", "facility", "admin1", "admin2", "admin3", "area",
                        "street"})


@dataclass(frozen=True, slots=True)
class PlaceRef:
    """What a place mention refers to, and which rule decided it."""

    place: Place | None  # the gazetteer place named; None when the gazetteer lacks the name
    candidates: tuple[Place, ...] = ()  # every namesake that was considered
    cue: str = ""  # what the cue word says it is: city, village, facility, countryside...
    direction: str = ""  # north, east, near, outskirts...: the event is near the place
    parent: Place | None = None  # the larger place it lies in (X في Y)
    surface: str = ""  # the mention as written, for names the gazetteer lacks
    rule: str = ""
    unknown: str = ""  # a name the gazetteer lacks, as written without its cue word (أبو حمام)
    cue_value: str = ""  # what the cue word says more: base (موقع المالكية is the army post), front line...

    @property
    def kind(self) -> str:
        return self.place.kind if self.place else "unresolved"

    @property
    def id(self) -> str:
        return self.location().place_id if self.location() else f"unresolved:{self.surface}"

    def location(self) -> Location | None:
        """The event location this mention gives, or None when nothing locates it."""
        place = self.place
        if place is None:
            if self.parent is None:
                return None
            return self.parent.location(
                geo_precision=max(GEO_PRECISION.get(self.parent.kind, 3), NEAR_PRECISION),
                where_prec=max(WHERE_PREC.get(self.parent.kind, 5), NEAR_PRECISION),
                name=romanise(self.unknown or self.surface), name_ar=self.unknown or self.surface,
                place_id=f"{self.parent.id}#{self.surface}")
        if self.cue == "countryside":
            suffix = f" ({self.direction})" if self.direction else ""
            return place.location(geo_precision=COUNTRYSIDE_PRECISION, where_prec=COUNTRYSIDE_WHERE,
                                  name=f"{place.name} countryside{suffix}", name_ar=self.surface,
                                  place_id=f"{place.id}#countryside{suffix}")
        if self.direction:
            return place.location(geo_precision=max(GEO_PRECISION.get(place.kind, 3), NEAR_PRECISION),
                                  where_prec=max(WHERE_PREC.get(place.kind, 5), NEAR_PRECISION),
                                  place_id=f"{place.id}#{self.direction}")
        return place.location()


@dataclass
class _Phrase:
    """A place phrase being built: its extent, its gazetteer name (if any) and its cues."""

    start: int
    end: int
    name: Match | None = None
    cue: str = ""
    direction: str = ""
    unknown_name: tuple[int, int] | None = None
    tagged: bool = False  # found by the statistical tagger, not by a cue word
    loose: bool = False  # its one-word name is written with the article where the gazetteer's lacks it, or the reverse
    cue_value: str = ""  # what its cue word says more: base (موقع، ثكنة), prison, front line (جبهة)...
    country: str = ""  # the country a nationality adjective right after it names (موقع المالكية الإسرائيلي)
    parent: _Phrase | None = field(default=None, repr=False)
    ref: PlaceRef | None = None


@cache
def _cue_table() -> tuple[dict[str, tuple[str, str]], frozenset[str], frozenset[str]]:
    """Cue rows by normalised form; the nesting words; the nesting proclitics."""
    rows = load_table("place_cues").rows
    cues = {normalise_key(r["form"]): (r["kind"], r["value"]) for r in rows}
    nesting = frozenset(normalise_key(r["form"]) for r in rows if r["kind"] == "nesting")
    prefixes = frozenset(normalise_key(r["form"]) for r in rows if r["kind"] == "nesting_prefix")
    return cues, nesting, prefixes


@cache
def _not_names() -> frozenset[str]:
    """Words that end or refuse an unknown name: function words, and the common words that
    follow cue words without naming a place (منطقة آمنة)."""
    return word_set("function_words") | word_set("not_place_names")


def find_places(text: str, options: Options = Options()) -> list[Mention]:
    """The places of a text, resolved: for ``rasid places`` and evaluations."""
    return recognise_places(text_doc(text, options=options))


def recognise_places(doc: Doc) -> list[Mention]:
    assert doc.norm is not None
    text = doc.norm.text
    gaz = gazetteer()
    names, loose, rejected = [], set(), []
    for m, written_otherwise in map(gaz.written_alike, gaz.matcher.find(text)):
        if _names_outlet(text, m):
            rejected.append((m.start, m.end, RejectReason.OUTLET))
            continue
        names.append(m)
        if written_otherwise:
            loose.add(m.start)
    phrases = _phrases(text, names, tag_places(text) if doc.options.place_tagger else [])
    for p in phrases:
        p.loose = p.name is not None and p.name.start in loose
        p.country = _country_after(text, p.end)
    rejected += [(p.start, p.end, RejectReason(p.cue)) for p in phrases if p.cue in NOT_PLACE_CUES]
    phrases = [p for p in phrases if p.cue not in NOT_PLACE_CUES]
    _resolve(doc, phrases, gaz.places)
    rejected += [(p.start, p.end, RejectReason.NO_PLACE_EVIDENCE) for p in phrases if p.ref.rule == NO_EVIDENCE]
    doc.rejections += [Rejection(doc.norm.to_original(s, e), reason, "place name") for s, e, reason in rejected]
    hashtags = [m.span(1) for m in _HASHTAG.finditer(doc.article.text)]
    out = []
    for p in phrases:
        if p.ref.rule == NO_EVIDENCE:
            continue
        span = doc.norm.to_original(p.start, p.end)
        if any(s <= span.start < e and (span.start, span.end) != (s, e) for s, e in hashtags):
            continue  # a place inside a longer hashtag (#سيول_الكويت) names the event, not a place
        kind = "DATELINE" if _in_dateline(doc, p.start) else "PLACE"
        source = f"{gaz.tag}:{p.ref.place.id}" if p.ref.place else ""
        out.append(make_mention(doc, kind, p.start, p.end, p.ref, Provenance(p.ref.rule, source)))
    return out


def _phrases(text: str, names: list[Match], tagged: list[tuple[int, int]]) -> list[_Phrase]:
    """Group gazetteer names and cue words into place phrases, right to left so that a cue
    wraps what follows it: a name, or a phrase already built (جنوب ريف حلب); then add the
    statistical tagger's spans that overlap none of them, as names the gazetteer lacks."""
    table, matcher = form_matcher("place_cues")
    phrases = [_Phrase(n.start, n.end, name=n) for n in names]  # in text order, never overlapping
    starts = [p.start for p in phrases]
    for cue in reversed(matcher.find(text)):
        i = bisect_left(starts, cue.end)  # phrases[i] is the first one after the cue
        if i > 0 and phrases[i - 1].end > cue.start:
            continue  # inside a name: "سجن الصناعة" is one gazetteer name
        row = pick_by_article(text, cue, table.rows)
        kind, value = row["kind"], row["value"]
        if kind in NOT_PLACE_CUES:  # مراسل الميادين: the channel; أعلنت الرياض: the government
            if i < len(phrases) and _follows(text, cue, phrases[i]):
                phrases[i].cue = kind
            if kind == "speaker" and i > 0 and _is_subject(text, phrases[i - 1], cue):
                phrases[i - 1].cue = kind  # الرياض أعلنت
        elif kind == "direction_after":  # ريف دير الزور الشرقي
            if i > 0 and blank_between(text, phrases[i - 1].end, token_start(text, cue.start)):
                phrases[i - 1].end, phrases[i - 1].direction = cue.end, value
        elif kind == "name_head":  # أبو حمام: حمام is the end of an unknown name, not a place of its own
            if i < len(phrases) and phrases[i].name and blank_between(text, cue.end, phrases[i].start) \
                    and not cue.article:
                phrases[i] = _Phrase(cue.start, phrases[i].end, unknown_name=(cue.start, phrases[i].end))
                starts[i] = cue.start
        elif kind in ("nesting", "nesting_prefix"):
            continue
        elif i < len(phrases) and _follows(text, cue, phrases[i]):
            after = phrases[i]
            after.start = starts[i] = cue.start
            if kind == "street":  # شارع بغداد is a street named after Baghdad, not in it
                after.name, after.cue, after.direction = None, kind, ""
            elif kind == "direction":
                after.direction = after.direction or value
            elif not after.cue or (kind == "countryside" and after.cue in NAMED_CUES):
                after.cue = kind  # the cue nearest the name wins, but ريف wraps مدينة X
                after.cue_value = value
        elif kind in NAMED_CUES and not cue.article:  # قرية X, not القرية
            name = _unknown_name(text, cue.end, phrases[i].start if i < len(phrases) else len(text))
            if name:
                phrases.insert(i, _Phrase(cue.start, name[1], cue=kind, unknown_name=name, cue_value=value))
                starts.insert(i, cue.start)
    for start, end in tagged:
        start = _after_proclitics(text, start, end)
        i = bisect_left(starts, start)
        if (i == 0 or phrases[i - 1].end <= start) and (i == len(phrases) or phrases[i].start >= end):
            phrases.insert(i, _Phrase(start, end, unknown_name=(start, end), tagged=True))
            starts.insert(i, start)
    _nest(text, phrases)
    return phrases


QUOTE_MARKS = "\"'"  # every quote mark, once normalised


@cache
def _outlet_keys() -> frozenset[str]:
    """The matching keys of the outlets' Arabic names (الميادين، الرياض)."""
    return frozenset(entry_keys(r["name_ar"], agreement=False)[0][0] for r in load_table("outlets").rows)


def _names_outlet(text: str, name: Match) -> bool:
    """Is a name that is also an outlet's used as the outlet? Spoken to (للميادين، لـ«الرياض») or
    written as a website (الميادين نت); a media word before it (مراسل الميادين) is a cue of kind outlet."""
    if name.key not in _outlet_keys():
        return False
    quoted = text[:name.start].rstrip(QUOTE_MARKS)
    spoken_to = token_prefix(text, len(quoted)) + text[len(quoted):name.start].strip(QUOTE_MARKS)
    following = tokens(text, name.end, min(len(text), name.end + 12))
    website = bool(following) and _cue_kind(text[slice(*following[0])]) == "website"
    return spoken_to in purpose_prefixes() or website


def _unknown_name(text: str, after: int, limit: int) -> tuple[int, int] | None:
    """The words after a cue word that name a place: up to two, stopping at punctuation,
    function words, cue words (with or without proclitics), digits and the next phrase
    (قرية المسعودية، حي المقبرة)."""
    words: list[tuple[int, int]] = []
    for start, end in tokens(text, after, min(limit, after + 60)):
        between = text[words[-1][1] if words else after:start]
        if (between.strip() if words else between.strip().strip(QUOTE_MARKS)) or _ends_a_name(text[start:end]):
            break
        if not words and _with_preposition_and_article(text[start:end]):
            return None  # موقع للحشد: the post of the Hashd, not a post named so (a name follows its cue bare)
        if words and not (text[start:end].startswith(article()) or _is_name_head(text[slice(*words[0])])):
            break  # a second word when it is the definite half of a compound (عيتا الشعب) or follows أبو، عين...
        words.append((start, end))
        if len(words) == MAX_UNKNOWN_NAME_WORDS:
            break
    return (words[0][0], words[-1][1]) if words else None


def _with_preposition_and_article(word: str) -> bool:
    """Whether ``word`` opens with a preposition and the article (للحشد، بالجيش)."""
    return any(parts.endswith("prep+article") and word.startswith(prefix) and len(word) > len(prefix) + 1
               for prefix, parts in proclitics().items())


def _cue_kind(word: str) -> str:
    """The kind of the cue word ``word`` is (``place_cues.tsv``), or ""."""
    return _cue_table()[0].get(word, ("", ""))[0]


def _is_name_head(word: str) -> bool:
    return _cue_kind(word) == "name_head"


def _ends_a_name(word: str) -> bool:
    if word.isdigit():
        return True
    for prefix in proclitics():
        rest = word[len(prefix):]
        if word.startswith(prefix) and (rest in _not_names() or _cue_kind(rest) not in ("", "name_head")):
            return True
    return False


def _nest(text: str, phrases: list[_Phrase]) -> None:
    """X في Y, X بـY and X جنوب Y: Y is the larger place X lies in, or the one it is near."""
    _, nesting, prefixes = _cue_table()
    for inner, outer in zip(phrases, phrases[1:]):
        outer_token = token_start(text, outer.start)
        gap = text[inner.end:outer_token].split()
        prefix = token_prefix(text, outer.start)
        if (len(gap) == 1 and gap[0] in nesting and not prefix) or (not gap and (prefix[:1] in prefixes
                                                                             or outer.direction)):
            inner.parent = outer


def _resolve(doc: Doc, phrases: list[_Phrase], places: tuple[Place, ...]) -> None:
    """Choose each phrase's place; the larger places first, so nested ones can use them."""
    countries: Counter[str] = Counter()
    admin1s: Counter[str] = Counter()
    for p in phrases:
        candidates = [places[i] for i in p.name.payloads] if p.name else []
        for c in candidates:
            countries[c.country] += 1 / len(candidates)
            if c.admin1:
                admin1s[c.admin1] += 1 / len(candidates)
    points = [_anchor(p, places) for p in phrases]
    for i in reversed(range(len(phrases))):
        p = phrases[i]
        parent = p.parent.ref.place if p.parent and p.parent.ref else None
        surface = original_text(doc, p.start, p.end)
        if p.name is None:
            rule = ("tagger" if p.tagged else "cue-unknown-name") + ("-in-parent" if parent else "")
            name = original_text(doc, *p.unknown_name) if p.unknown_name else surface
            p.ref = PlaceRef(None, (), p.cue, p.direction, parent, surface, rule, name, p.cue_value)
            continue
        candidates = tuple(places[k] for k in p.name.payloads)
        if parent is not None and all(c.country != parent.country and c.kind != "country" for c in candidates):
            # حي الميسر بمدينة حلب: an Israeli village of that name is not what lies in Aleppo; but a
            # country never lies in another (موالية لتركيا في سوريا: loyal to Turkey, in Syria)
            p.ref = PlaceRef(None, candidates, p.cue, p.direction, parent, surface, "namesake-abroad-in-parent",
                             original_text(doc, p.name.start, p.name.end), p.cue_value)
            continue
        national = [c for c in candidates if c.country == p.country]
        anchors = [a for a in points[max(0, i - ANCHOR_WINDOW):i + ANCHOR_WINDOW + 1] if a is not None]
        best, rule = _choose(tuple(national) or candidates, p.cue, parent, countries, admin1s, anchors)
        if national and len(national) < len(candidates):
            rule = "nationality-adjective"
        if not _evidenced(doc.norm.text, p, phrases[i - 1] if i else None, candidates, best, admin1s):
            rule = NO_EVIDENCE
        p.ref = PlaceRef(best, candidates, p.cue, p.direction, parent, surface, rule, cue_value=p.cue_value)


def _evidenced(text: str, phrase: _Phrase, previous: _Phrase | None, candidates: tuple[Place, ...], place: Place,
               admin1s: Counter[str]) -> bool:
    """Is a one-word name that only small places bear used as a place, not as the common word or
    first name it also is (بيان دان فيه، عدة مرات)? Evidence: a cue word, a direction or a larger
    place around it, a locative preposition before it, a place it is listed with, or another place
    of the article in the same province. A name that is also a province's or a large town's
    (السويداء، درعا) is a place as it stands."""
    if phrase.cue or phrase.direction or phrase.parent:
        return True
    if phrase.loose:  # written otherwise than the gazetteer writes it: a preposition or a list, not ب alone
        return after_locative(text, phrase.start) or _listed_after(text, phrase, previous)
    if " " in phrase.name.key or any(c.kind not in SMALL_KINDS or c.population >= WELL_KNOWN_POPULATION
                                     for c in candidates):
        return True
    prefix = token_prefix(text, phrase.start)
    if "prep" in proclitics().get(prefix, "") and len(phrase.name.key) < MIN_PREFIXED_NAME_LETTERS:
        return False  # ب، ل، ك before a short name are as likely its first letter (بلاد، برجال)
    if prefix in locative_prefixes():
        return True  # بحولا، وبالخيام
    if after_locative(text, phrase.start):
        return True
    if _listed_after(text, phrase, previous):
        return True
    own = 1 / len(phrase.name.payloads)
    return bool(place.admin1) and admin1s[place.admin1] - own >= MIN_OTHER_PLACES_IN_PROVINCE


def _choose(candidates: tuple[Place, ...], cue: str, parent: Place | None, countries: Counter[str],
            admin1s: Counter[str], anchors: list[tuple[float, float]]) -> tuple[Place, str]:
    if len(candidates) == 1:
        return candidates[0], "gazetteer-unique"
    allowed = CUE_KINDS.get(cue, ())
    by_cue = [c for c in candidates if c.kind in allowed]
    pool, rule = (by_cue, "cue-kind") if by_cue else (list(candidates), "article-context")
    if parent is not None:
        inside = [c for c in pool if c.admin1 and c.admin1 == parent.admin1 and c.id != parent.id]
        same_country = [c for c in pool if c.country == parent.country]
        if inside or same_country:
            pool, rule = inside or same_country, "nested-in-parent"

    def score(c: Place) -> tuple:
        """A kind the cue allows, then the article's country, the cue's favourite kind, the
        article's province, nearness to the article's unambiguous places, then size."""
        cue_rank = -allowed.index(c.kind) if c.kind in allowed else -len(allowed)
        return (c.kind in allowed, round(countries[c.country], 3), cue_rank, round(admin1s[c.admin1], 3),
                -_distance_band(c, anchors), KIND_PREFERENCE.get(c.kind, 0), c.kind in INHABITED, c.population)

    return max(pool, key=score), rule


def _listed_after(text: str, phrase: _Phrase, previous: _Phrase | None) -> bool:
    """Does the phrase continue a list of places (في حولا وميس الجبل، حولا، ميس الجبل)?"""
    if previous is None:
        return False
    between = text[previous.end:token_start(text, phrase.start)]
    joined = proclitics().get(token_prefix(text, phrase.start), "").startswith("conj")
    return set(between) <= set(" ،,") and (joined or bool(between.strip()))


def _anchor(phrase: _Phrase, places: tuple[Place, ...]) -> tuple[float, float] | None:
    """The point of a phrase whose name only one place bears (below a province), else None."""
    if not phrase.name or len(phrase.name.payloads) != 1:
        return None
    place = places[phrase.name.payloads[0]]
    return (place.lat, place.lon) if place.lat is not None and place.kind not in ("country", "admin1") else None


def _distance_band(place: Place, anchors: list[tuple[float, float]]) -> int:
    """How far the place lies from the nearest anchor, in bands of DISTANCE_BAND_KM (0 without anchors)."""
    if not anchors or place.lat is None or place.lon is None:
        return 0
    return int(min(haversine_km(place.lat, place.lon, lat, lon) for lat, lon in anchors) // DISTANCE_BAND_KM)


def _after_proclitics(text: str, start: int, end: int) -> int:
    """Where a tagged name begins once its conjunction or preposition is set aside (والجهراء →
    الجهراء), keeping a written article as the matcher does."""
    word = text[start:end].split(" ", 1)[0]
    for prefix in sorted(proclitics(), key=len, reverse=True):
        if prefix and word.startswith(prefix) and len(word) - len(prefix) >= MIN_NAME_LETTERS:
            keep = len(article()) if prefix.endswith(article()) else 0
            return start + len(prefix) - keep
    return start


def _follows(text: str, cue: Match, phrase: _Phrase) -> bool:
    """Does the phrase name what the cue introduces? It must come next, with no preposition
    of its own (حي بمدينة حلب is a neighbourhood *in* Aleppo, not one called Aleppo)."""
    return (_quoted_or_blank(text, cue.end, token_start(text, phrase.start))
            and token_prefix(text, phrase.start) in ("", article()))


def _quoted_or_blank(text: str, start: int, end: int) -> bool:
    """Only white space and quote marks from ``start`` to ``end``: news quotes the names of
    posts and bases after their cue word (ثكنة "زرعيت"، قاعدة «حرير»)."""
    return start <= end and not text[start:end].strip().strip(QUOTE_MARKS)


@cache
def _demonym_countries() -> dict[str, str]:
    """Nationality adjectives (الإسرائيلي، السورية) and the country of the state they name."""
    table = load_table("demonyms")
    return {normalise_key(r["form"]): actor_by_id(r["actor"]).country for r in table.rows}


def _country_after(text: str, end: int) -> str:
    """The country a nationality adjective right after a place names, or ""."""
    following = tokens(text, end, min(len(text), end + 24))
    if not following or not _quoted_or_blank(text, end, following[0][0]):
        return ""
    word = text[slice(*following[0])]
    countries = _demonym_countries()
    return countries.get(word, countries.get(word[len(article()):], "") if word.startswith(article()) else "")


def _is_subject(text: str, phrase: _Phrase, verb: Match) -> bool:
    """Does a bare place name stand right before a verb as its subject (الرياض أعلنت), with no
    preposition before it (في الرياض أعلنت الشرطة)?"""
    return (blank_between(text, phrase.end, token_start(text, verb.start))
            and token_prefix(text, phrase.start) in ("", article()) and not phrase.cue
            and not after_locative(text, phrase.start))


def after_locative(text: str, start: int) -> bool:
    """Is the word before the one at ``start`` a locative preposition (في حلب، وفي حلب، إلى حلب)?"""
    before = tokens(text, max(0, start - 30), token_start(text, start))
    previous = text[slice(*before[-1])] if before else ""
    return any(previous.startswith(c) and previous[len(c):] in _locatives() for c in proclitics())


@cache
def _locatives() -> frozenset[str]:
    return frozenset(normalise_key(r["form"]) for r in load_table("function_words").rows if r["role"] == "locative")


def _in_dateline(doc: Doc, position: int) -> bool:
    """Is ``position`` in the opening words of a paragraph that end with a colon?"""
    text = doc.norm.text
    paragraph_start = text.rfind("\n", 0, position) + 1
    colon = text.find(":", position, position + 80)
    return (colon != -1 and "\n" not in text[position:colon] and ":" not in text[paragraph_start:position]
            and len(tokens(text, paragraph_start, colon)) <= MAX_DATELINE_WORDS)
