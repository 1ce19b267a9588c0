"""Whether an event word reports an event: the wording around it may cancel it (negated,
future, threatened, habitual, a purpose, another sense of the word), make it a weak word
that needs company, or make it only refer to an event told elsewhere."""
from __future__ import annotations

from rasid.extract.clauses import Clause, governing, irrealis_before, near, same_part
from rasid.extract.locations import locating
from rasid.model import Doc, Mention, RejectReason, Sentence
from rasid.recognise.dates import AFTER_PUBLICATION
from rasid.recognise.matcher import purpose_prefixes, token_prefix
from rasid.recognise.triggers import sub_type_says

MAX_HEADLINE_CHARS = 300
EXPOSURE_WINDOW_TOKENS = 4  # تعرضت أحياء المدينة القديمة لقصف
WEAK_TRIGGER = 3  # trigger priority at or below which a word is too generic to stand alone


def cancelled(doc: Doc, clause: Clause, trigger: Mention) -> RejectReason | None:
    """Why the wording cancels the event word, if it does. Negation and the future govern
    the rest of their clause; threats, demands, plans, fears and aims the rest of their
    sentence part (توعد ...، ... بعمليات ذبح); habitual or undated wording (مرارا، مؤخرا)
    its whole clause, and ongoing wording (يواصل الاحتلال استهداف المنازل) a clause whose
    sentence names no place; and an event word written with the preposition ل states a purpose
    (عملية لتحرير المدينة) when it names violence (not in لتبادل الأسرى), unless it is the
    object of a verb that takes ل (تعرضت لقصف)."""
    cues = clause.of_kind("CUE")
    if any(c.value.kind == "not_event" and c.norm_start <= trigger.norm_start < c.norm_end
           or c.value.kind == "contradicts" and c.value.value == trigger.value.sub_event_type for c in cues):
        return RejectReason.ANOTHER_SENSE  # ساحة التحرير; طائرة تهبط
    if irrealis_before(clause, trigger) or any(d.value is not None and d.value.flag.startswith(AFTER_PUBLICATION)
                                               for d in clause.of_kind("DATE")):
        return RejectReason.IRREALIS  # negated, threatened ... or dated after publication (غدا الخميس)
    if any(c.value.kind == "generic" and (c.value.value != "ongoing" or not _placed(clause)) for c in cues) \
            or _over_a_period(doc, clause):
        return RejectReason.HABITUAL_OR_TOTAL
    if not (sub_type_says(trigger.value.sub_event_type, "violent") and _purpose(doc, trigger)):
        return None
    if any(c.value.kind == "exposure" and near(doc, c, trigger, EXPOSURE_WINDOW_TOKENS) for c in cues):
        return None
    return RejectReason.PURPOSE


def _placed(clause: Clause) -> bool:
    """Whether the sentence names a place below country level: ongoing fighting there is news."""
    return bool(locating(clause.of_kind("PLACE", whole_sentence=True)))


def _over_a_period(doc: Doc, clause: Clause) -> bool:
    """A count of months or years in the clause (خلال 10 أشهر، منذ ثلاث سنوات، خلال شهرين):
    a running total."""
    numbers = clause.of_kind("NUMBER")
    return any(c.value.kind == "period" and (c.value.value == "dual" or any(near(doc, n, c, 0) for n in numbers))
               for c in clause.of_kind("CUE"))


def _purpose(doc: Doc, word: Mention) -> bool:
    """Written with the preposition ل in front (لتحرير، للسيطرة)."""
    return token_prefix(doc.norm.text, word.norm_start) in purpose_prefixes()


def outranked(trigger: Mention, clause: Clause, candidates: list[tuple[Mention, Clause]],
              implied_subject: bool = False) -> bool:
    """A weak word (استهدف، هجوم) opens an event only with an actor in its clause, or one its
    clause continues from the event before (``implied_subject``), and no stronger word in
    its sentence part."""
    if trigger.value.priority > WEAK_TRIGGER:
        return False
    return not (clause.of_kind("ACTOR") or implied_subject) or any(
        other.value.priority > WEAK_TRIGGER and same_part(clause, clause.start, home.start) for other, home in candidates)


def is_headline(doc: Doc, sentence: Sentence) -> bool:
    """The title paragraph of an article that has a body: it only summarises the body."""
    return sentence.paragraph == 0 and doc.sentences[-1].paragraph > 0 and sentence.span.end <= MAX_HEADLINE_CHARS


def refers(doc: Doc, clause: Clause, trigger: Mention) -> bool:
    """Whether the event word refers to an event rather than reports it: inside a relative
    clause (الهجوم الذي استهدف)، the object of a statement (أدان القصف), told as background
    (وكانت تركيا قد هاجمت، بعد تحريرها، منذ هجوم), pointed at by a demonstrative (هذه
    الغارات) or owned by its doer (هجومها)."""
    if any(c.value.kind == "reference" and c.value.value in ("relative", "verbal", "pluperfect", "response")
           for c in governing(clause, trigger, breaks=("clause", "complementizer"))):
        return True
    return any(c.value.kind == "reference" and (
        c.value.value == "demonstrative" and (near(doc, c, trigger, 0) or near(doc, trigger, c, 0))
        or c.value.value in ("background", "since") and near(doc, c, trigger, 0)
        or c.value.value == "possessive" and c.norm_start <= trigger.norm_start < c.norm_end
        and not any(a.norm_end <= trigger.norm_start for a in clause.of_kind("ACTOR"))) for c in clause.of_kind("CUE"))
