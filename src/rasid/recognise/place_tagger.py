"""Statistical place-mention tagger: a CRF over word tokens, the fallback for place names
the gazetteer lacks.

``tag_places(norm_text)`` takes rasid's normalised text (``normalise(text).text``) and
returns the ``(start, end)`` character spans of the place mentions it tags there. The
model (``data/place_tagger.crfsuite``) is trained by ``scripts/train_place_tagger.py`` on
the IDRISI Arabic LMR tweets; ``data/place_tagger.md`` says what it was trained on and
how well it does. The features read their word lists from rasid's data files (clitics,
gazetteer, place cues, function words), so this module holds no vocabulary of its own.

Tokens are runs of letters and digits: ``#`` and ``@`` are not part of a token, and an
underscore splits a hashtag into words (``#انفجار_بيروت`` -> انفجار, بيروت), each marked
as being in a hashtag; a URL is one token. Labels are BIO over these tokens. (Where the
character map turns ``_`` into a space, a hashtag's later words look like plain words;
the ``after#`` feature, how many single-spaced words follow a hashtag, stands in.)

Nothing heavy is imported here: pycrfsuite is imported when the model is first used.
"""
from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import NamedTuple

from rasid.errors import DataFileError
from rasid.lexicon import load_table
from rasid.normalise import normalise_key
from rasid.recognise.gazetteer import gazetteer
from rasid.recognise.lexicon_matchers import word_set
from rasid.recognise.matcher import proclitics

# Bump when the features below change: the model must then be retrained, and the loader
# refuses a model whose provenance file names another version.
FEATURE_VERSION = "1"
MODEL_FILE = "place_tagger.crfsuite"
PROVENANCE_FILE = "place_tagger.md"
RETRAIN = "run `python scripts/train_place_tagger.py` (needs the IDRISI data under ../shared)"

MIN_STEM = 3  # letters a token must keep after its proclitic is stripped

_TOKEN = re.compile(r"(?P<url>(?:https?://|www\.)\S+)|[^\W_]+")
_LATIN = re.compile(r"[A-Za-z]")


class Token(NamedTuple):
    start: int
    end: int
    kind: str  # word, hashtag (first word of a hashtag), hashtag_part, mention, url


def tokenise(text: str) -> list[Token]:
    """Word tokens of normalised text (see the module docstring)."""
    out: list[Token] = []
    for m in _TOKEN.finditer(text):
        start, end = m.span()
        before = text[start - 1] if start else ""
        if m.group("url"):
            kind = "url"
        elif before == "#":
            kind = "hashtag"
        elif before == "@":
            kind = "mention"
        elif before == "_" and out and out[-1].end == start - 1 and out[-1].kind.startswith("hashtag"):
            kind = "hashtag_part"
        else:
            kind = "word"
        out.append(Token(start, end, kind))
    return out


@cache
def _proclitics_longest_first() -> tuple[tuple[str, str], ...]:
    return tuple(sorted(((p, parts) for p, parts in proclitics().items() if p),
                        key=lambda item: (-len(item[0]), item[0])))


def strip_proclitic(word: str) -> tuple[str, str]:
    """``(stem, parts)``: the word without its longest proclitic, e.g. بالكويت -> (كويت, prep+article)."""
    for prefix, parts in _proclitics_longest_first():
        if word.startswith(prefix) and len(word) - len(prefix) >= MIN_STEM:
            return word[len(prefix):], parts
    return word, ""


@cache
def _cues() -> tuple[dict[str, str], int]:
    """Place cue words (normalised form -> kind) and the most words a cue has."""
    cues = {normalise_key(row["form"]): row["kind"] for row in load_table("place_cues").rows}
    return cues, max(len(form.split()) for form in cues)


def _gazetteer_tags(text: str, tokens: list[Token]) -> list[tuple[str, str]]:
    """Per token: ("B"/"I"/"", the gazetteer kinds joined by |) of the gazetteer match it lies in."""
    tags = [("", "")] * len(tokens)
    gaz = gazetteer()
    matches = gaz.matcher.find(text)
    i = 0
    for match in matches:
        while i < len(tokens) and tokens[i].end <= match.start:
            i += 1
        kinds = "|".join(sorted({gaz.places[k].kind for k in match.payloads}))
        j = i
        while j < len(tokens) and tokens[j].start < match.end:
            tags[j] = ("B" if j == i else "I", kinds)
            j += 1
    return tags


def _cue_kinds(words: list[str], stems: list[str]) -> list[str]:
    """Per token: the kind of the place cue that ends at it (a one-word cue is the token
    itself, raw or without its proclitic), or ""."""
    cues, longest = _cues()
    out = []
    for i in range(len(words)):
        kind = cues.get(words[i]) or cues.get(stems[i], "")
        for n in range(2, longest + 1):
            if i + 1 >= n:
                kind = cues.get(" ".join(words[i + 1 - n:i + 1]), kind)
        out.append(kind)
    return out


def _words_after_hashtag(text: str, tokens: list[Token]) -> list[int]:
    """Per token: how many words, each one space after the last, it lies after a hashtag (0: none)."""
    out = []
    count = None
    for i, tok in enumerate(tokens):
        if tok.kind.startswith("hashtag"):
            count = 0
        elif count is not None and text[tokens[i - 1].end:tok.start] == " ":
            count += 1
        else:
            count = None
        out.append(count or 0)
    return out


def features(text: str, tokens: list[Token]) -> list[dict[str, str | float]]:
    """CRF features of each token (pycrfsuite item format: name -> str or weight)."""
    n = len(tokens)
    words = [text[t.start:t.end] for t in tokens]
    stripped = [strip_proclitic(w) for w in words]
    stems = [s for s, _ in stripped]
    gaz = _gazetteer_tags(text, tokens)
    gaz_bi, gaz_kinds = [g[0] for g in gaz], [g[1].split("|") if g[1] else [] for g in gaz]
    kinds = [t.kind for t in tokens]
    after_hashtag = _words_after_hashtag(text, tokens)
    cues = _cue_kinds(words, stems)
    fws = word_set("function_words")
    # A tweet often names a place both in its text and in a hashtag.
    hashtag_stems = {s for s, t in zip(stems, tokens) if t.kind.startswith("hashtag")}
    word_stems = {s for s, t in zip(stems, tokens) if t.kind == "word"}

    def at(seq: list, j: int):
        return seq[j] if 0 <= j < n else ("<s>" if j < 0 else "</s>")

    out = []
    for i, (tok, word, (stem, parts)) in enumerate(zip(tokens, words, stripped)):
        gap_before = text[tokens[i - 1].end if i else 0:tok.start].strip()[-2:]
        gap_after = text[tok.end:tokens[i + 1].start if i + 1 < n else len(text)].strip()[:2]
        f: dict[str, str | float] = {
            "bias": 1.0,
            "w": word, "w-1": at(words, i - 1), "w+1": at(words, i + 1),
            "stem": stem,
            "stem-1": at(stems, i - 1), "stem-2": at(stems, i - 2),
            "stem+1": at(stems, i + 1), "stem+2": at(stems, i + 2),
            "stem-1|stem": at(stems, i - 1) + "|" + stem,
            "stem|stem+1": stem + "|" + at(stems, i + 1),
            "clitic": parts,
            "article": float("article" in parts),
            "wp2": word[:2],
            "p2": stem[:2], "p3": stem[:3], "p4": stem[:4],
            "s1": stem[-1:], "s2": stem[-2:], "s3": stem[-3:], "s4": stem[-4:],
            "kind": tok.kind, "kind-1": at(kinds, i - 1), "kind+1": at(kinds, i + 1),
            "shape": "url" if tok.kind == "url" else "digit" if word.isdigit()
            else "latin" if _LATIN.search(word) else "arabic",
            "len": str(min(len(stem), 8)),
            "gap-": gap_before, "gap+": gap_after,
            "gaz": gaz_bi[i],
            "gaz-1": at(gaz_bi, i - 1), "gaz-2": at(gaz_bi, i - 2),
            "gaz+1": at(gaz_bi, i + 1), "gaz+2": at(gaz_bi, i + 2),
            "cue": cues[i], "cue-1": at(cues, i - 1), "cue-2": at(cues, i - 2), "cue+1": at(cues, i + 1),
            "fw": float(word in fws),
            "also_hashtag": float(tok.kind == "word" and stem in hashtag_stems),
            "also_word": float(tok.kind.startswith("hashtag") and stem in word_stems),
            "after#": str(min(after_hashtag[i], 3)) if after_hashtag[i] else "",
            "first": float(i == 0), "last": float(i == n - 1),
        }
        for offset, name in ((0, "gazkind:"), (-1, "gazkind-1:"), (1, "gazkind+1:")):
            if 0 <= i + offset < n:
                f.update((name + kind, 1.0) for kind in gaz_kinds[i + offset])
        out.append({k: v for k, v in f.items() if v not in ("", 0.0)})
    return out


def spans_from_labels(tokens: list[Token], labels: list[str]) -> list[tuple[int, int]]:
    """Character spans of BIO-labelled tokens (an I without a B starts a span)."""
    spans: list[tuple[int, int]] = []
    open_span = False
    for tok, label in zip(tokens, labels):
        if label.startswith("B") or (label.startswith("I") and not open_span):
            spans.append((tok.start, tok.end))
            open_span = True
        elif label.startswith("I"):
            spans[-1] = (spans[-1][0], tok.end)
        else:
            open_span = False
    return spans


def _data_file(name: str):
    return resources.files("rasid") / "data" / name


@cache
def _tagger():
    """The CRF tagger, loaded once per process."""
    model = _data_file(MODEL_FILE)
    if not model.is_file():
        raise DataFileError(f"place tagger model {MODEL_FILE} is missing from rasid/data; {RETRAIN}")
    try:
        provenance = _data_file(PROVENANCE_FILE).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise DataFileError(f"{PROVENANCE_FILE} (the place tagger's provenance) is missing; {RETRAIN}") from exc
    found = re.search(r"^- feature set: v(\S+)", provenance, re.M)
    if found is None or found.group(1) != FEATURE_VERSION:
        raise DataFileError(f"place tagger model was trained with feature set "
                            f"{found.group(1) if found else '?'}, this code needs v{FEATURE_VERSION}; {RETRAIN}")
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    # CRFsuite reads the whole file into memory. (Not open_inmemory: it keeps no reference
    # to the bytes it is given, which then get freed under it.)
    with resources.as_file(model) as path:
        tagger.open(str(path))
    return tagger


def tag_places(norm_text: str) -> list[tuple[int, int]]:
    """Spans ``(start, end)`` of the place mentions the CRF tags in normalised text."""
    tokens = tokenise(norm_text)
    if not tokens:
        return []
    labels = _tagger().tag(features(norm_text, tokens))
    return spans_from_labels(tokens, labels)
