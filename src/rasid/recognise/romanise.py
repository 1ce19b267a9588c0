"""Latin spellings for Arabic place names the gazetteer lacks, so that an export's
``location`` column (ACLED's is Latin) never holds Arabic script.

Arabic writes no short vowels, so the result is a readable approximation in the style of
BGN/PCGN without diacritics ("أبو حمام" → "Abu Hmam"), not an exonym; the Arabic name
stays beside it (``name_ar``). The letters are data (``data/romanisation.tsv``).
"""
from __future__ import annotations

from functools import cache

from rasid.lexicon import load_table
from rasid.recognise.matcher import article

@cache
def _letters() -> dict[str, tuple[str, str, bool]]:
    return {r["letter"]: (r["latin"], r["initial"] or r["latin"], r["vowel"] == "yes")
            for r in load_table("romanisation").rows}


def romanise(name: str) -> str:
    """``name`` in Latin letters: al- for the article, words capitalised."""
    words = []
    for word in name.split():
        prefix = ""
        if word.startswith(article()) and len(word) > len(article()) + 1:
            prefix, word = "al-", word[len(article()):]
        words.append(prefix + _romanise_word(word).capitalize())
    out = " ".join(w for w in words if w)
    return out[:1].upper() + out[1:]


def _romanise_word(word: str) -> str:
    letters = _letters()
    out: list[str] = []
    after_vowel = True  # the start of a word behaves as after a vowel: و and ي are consonants there
    for i, ch in enumerate(word):
        latin, initial, vowel = letters.get(ch, ("", "", False))
        if vowel and after_vowel and initial != latin:  # و and ي after a vowel read as at a word's start: w, y
            out.append(initial)
            after_vowel = False
            continue
        out.append(initial if i == 0 else latin)
        after_vowel = vowel
    return "".join(out).strip("'")
