"""Which actor-like phrases in real news does rasid's actor dictionary miss?

    .venv/bin/python benchmarks/actor_coverage.py [--shared ../shared] [--top 40] [--words 3]

Why: ``data/actors.tsv`` is written by hand, and an actor it lacks is an event with a
missing or wrong actor. This script reads the 1,039 SaudiNewsNet conflict articles
(``data/saudinewsnet-conflict-subset/saudinewsnet_conflict_2015.jsonl``, title, blank
line, content), finds *actor-like phrases* and checks each one against rasid's own actor
recogniser, so "covered" means what the extractor sees. It prints the uncovered phrases
most often found, with counts, and the totals: phrases found and the share covered.

An actor-like phrase (all on rasid's normalised text, ``rasid.normalise``):

* starts at a *head* word from ``benchmarks/actor_heads.tsv`` (قوات، ميليشيات، تنظيم،
  جيش، حزب ...), found with rasid's clitic-aware matcher, so وقوات and القوات count; a head
  written there with the article (الأمن) must have it in the text. A head right after a
  ``not-after`` word (مجلس الأمن) opens no phrase, nor does a head followed by a
  ``not-actor`` word (حركة المرور);
* goes on for one to ``--words`` (default 3) words of the same sentence, and stops before
  the first of: punctuation or a line break (quote marks do not count: تنظيم «داعش»); a
  one-letter word; a word with a digit or a Latin letter; a function word (rasid's
  ``function_words.tsv``: في، من، التي ...) or a ``stop`` word of the heads table (verbs,
  adverbs, ranks: قال، أعلنت، أيضا، العميد ...), each also with a proclitic (وقال); a word
  starting with و (the conjunction) unless the table lists it (``keep``: وطني، ولاية) or
  it is a head; a word starting with a conjunction or preposition fused to the article
  (فالجيش، بالقرب; لل is allowed: الموالية للنظام); a head after ف (فقوات); a date or
  number rasid recognises;
* needs at least one word after the head: a bare القوات is not counted.

A phrase is *covered* when it overlaps an ACTOR mention of ``recognise_actors`` (the
extractor would see an actor there); phrases never overlap one another (the scan resumes
after each phrase). Uncovered phrases are counted by their normalised text and shown in
their most frequent original spelling. Numbers, not assertions: compare runs across
commits. Standard library only (plus rasid).
"""
from __future__ import annotations

import argparse
import csv
import json
import re
from bisect import bisect_right
from collections import Counter, defaultdict
from pathlib import Path

from rasid.model import Doc
from rasid.normalise import normalise_key, tokens
from rasid.recognise.actors import recognise_actors
from rasid.recognise.dates import recognise_dates
from rasid.recognise.lexicon_matchers import word_set
from rasid.recognise.matcher import Matcher, article, proclitics, token_prefix
from rasid.recognise.numbers import recognise_numbers
from rasid.recognise.spans import text_doc

HEADS_TSV = Path(__file__).with_name("actor_heads.tsv")
CORPUS = Path("data") / "saudinewsnet-conflict-subset" / "saudinewsnet_conflict_2015.jsonl"
NOT_ARABIC = re.compile(r"[0-9A-Za-z_]")
WAW = "\u0648"  # و, the conjunction
QUOTES = str.maketrans("", "", "\"'\u00ab\u00bb\u2018\u2019\u201c\u201d")  # " ' « » ‘ ’ “ ”


def read_heads(path: Path = HEADS_TSV) -> dict[str, list[str]]:
    """The heads table's forms by role (``# `` lines are provenance, then a header row)."""
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    by_role: dict[str, list[str]] = defaultdict(list)
    for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
        by_role[row["role"].strip()].append(row["form"].strip())
    return by_role


class PhraseFinder:
    """Finds actor-like phrases in a normalised Doc (the rules in the module docstring)."""

    def __init__(self, heads: dict[str, list[str]], max_words: int = 3) -> None:
        al = article()
        self.max_words = max_words
        # payload: does the text need the article (+1), its absence (-1), or either (0)?
        self.heads = Matcher([(form, int(normalise_key(form).startswith(al))) for form in heads["head"]]
                             + [(form, -1) for form in heads["head-bare"]])
        self.head_keys = {self.bare(normalise_key(f)) for f in heads["head"] + heads["head-bare"]}
        self.keep = {normalise_key(f) for f in heads["keep"]} | self.head_keys
        self.stops = word_set("function_words") | {normalise_key(f) for f in heads["stop"]}
        self.not_after = {normalise_key(f) for f in heads["not-after"]}
        self.not_actor = {self._bare_phrase(normalise_key(f)) for f in heads["not-actor"]}
        clitics = proclitics()
        self.clitics = sorted((p for p in clitics if p), key=len, reverse=True)
        # Proclitic strings ending in the article, apart from the article itself and لل.
        self.fused_article = [p for p, parts in clitics.items()
                              if "article" in parts and len(p) > len(al) and p != "ل" + al[1:]]
        self.conjunctions = [p for p, parts in clitics.items() if parts == "conj"]

    @staticmethod
    def bare(word: str) -> str:
        """``word`` without a leading article."""
        al = article()
        return word[len(al):] if word.startswith(al) and len(word) > len(al) + 1 else word

    def _bare_phrase(self, phrase: str) -> str:
        return " ".join(self.bare(w) for w in phrase.split())

    def _in(self, word: str, words: set[str] | frozenset[str]) -> bool:
        """Is ``word`` in ``words``, as it stands or after a proclitic string?"""
        return word in words or any(word.startswith(p) and word[len(p):] in words for p in self.clitics)

    def _ends_phrase(self, word: str) -> bool:
        if len(word) == 1 or NOT_ARABIC.search(word) or self._in(word, self.stops):
            return True
        if word.startswith(WAW) and word not in self.keep:
            return True
        if any(word.startswith(p) and len(word) > len(p) + 1 for p in self.fused_article):
            return True
        return any(word.startswith(c) and self.bare(word[len(c):]) in self.head_keys for c in self.conjunctions)

    def heads_article(self, text: str, start: int) -> bool:
        """Does the word at ``start`` carry the article fused into a proclitic (للقوات)?"""
        prefix = token_prefix(text, start)
        return prefix != article() and "article" in proclitics().get(prefix, "")

    def find(self, doc: Doc) -> list[tuple[int, int, int]]:
        """(start, head end, end) of each phrase, on the normalised text."""
        text = doc.norm.text
        blocked = [(m.norm_start, m.norm_end) for m in recognise_dates(doc) + recognise_numbers(doc)]
        toks = tokens(text)
        token_starts = [s for s, _ in toks]
        phrases: list[tuple[int, int, int]] = []
        resume = 0
        for m in self.heads.find(text):
            if m.start < resume or (m.payloads[0] == 1 and not m.article) or (m.payloads[0] == -1 and m.article):
                continue
            i = bisect_right(token_starts, m.start) - 1  # the token holding the head
            if i < 0 or toks[i][1] != m.end:
                continue
            previous = text[slice(*toks[i - 1])] if i > 0 and blank(text, toks[i - 1][1], toks[i][0]) else ""
            if previous and self._in(previous, self.not_after):
                continue
            end, j = m.end, i + 1
            while j < len(toks) and j - i <= self.max_words:
                s, e = toks[j]
                word = text[s:e]
                if not blank(text, end, s) or self._ends_phrase(word) or any(bs < e and s < be for bs, be in blocked):
                    break
                end, j = e, j + 1
            if end == m.end:
                continue
            two = self._bare_phrase(" ".join(text[slice(*toks[k])] for k in range(i, min(i + 2, j))))
            if two in self.not_actor:
                continue
            phrases.append((m.start, m.end, end))
            resume = end
        return phrases


def blank(text: str, start: int, end: int) -> bool:
    """Only spaces and quote marks between two words (a line break or other punctuation
    ends a phrase; quotes do not, as names are often quoted: تنظيم «داعش»)."""
    gap = text[start:end]
    return start <= end and not gap.translate(QUOTES).strip() and "\n" not in gap


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared",
                        help="the shared data folder (default: ../shared next to the repo)")
    parser.add_argument("--top", type=int, default=40, help="how many uncovered phrases to list (default 40)")
    parser.add_argument("--words", type=int, default=3, help="most words after the head (default 3)")
    parser.add_argument("--heads", type=Path, default=HEADS_TSV,
                        help="the head-word table (default: actor_heads.tsv here)")
    parser.add_argument("--by-head", action="store_true", help="also give the coverage of each head word")
    parser.add_argument("--examples", type=int, default=0, metavar="K",
                        help="show K sentences around each listed phrase")
    parser.add_argument("--limit", type=int, default=0, help="read only the first N articles")
    args = parser.parse_args()

    records = [json.loads(line) for line in (args.shared / CORPUS).open(encoding="utf-8")]
    if args.limit:
        records = records[: args.limit]
    finder = PhraseFinder(read_heads(args.heads), args.words)
    found = covered = 0
    uncovered: Counter[str] = Counter()
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    contexts: dict[str, list[str]] = defaultdict(list)
    per_head: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for r in records:
        doc = text_doc(f"{r['title']}\n\n{r['content']}")
        text = doc.norm.text
        actors = sorted((m.norm_start, m.norm_end) for m in recognise_actors(doc))
        for start, head_end, end in finder.find(doc):
            found += 1
            hit = any(s < end and start < e for s, e in actors)
            head = finder.bare(text[start:head_end])
            per_head[head][0] += 1
            if hit:
                covered += 1
                per_head[head][1] += 1
                continue
            # للقوات: the match leaves out لل, so the article is put back (القوات).
            al = article() if text[start:head_end] == head and finder.heads_article(text, start) else ""
            key = al + text[start:end]
            uncovered[key] += 1
            span = doc.norm.to_original(start, end)
            spellings[key][al + doc.article.text[span.start:span.end]] += 1
            if len(contexts[key]) < args.examples:
                lo, hi = doc.norm.to_original(max(0, start - 60), min(len(text), end + 60)).as_list()
                contexts[key].append(" ".join(doc.article.text[lo:hi].split()))

    share = covered / found if found else 0.0
    print(f"articles {len(records)}; actor-like phrases {found}, covered by actors.tsv {covered} ({share:.1%}), "
          f"uncovered {found - covered} ({len(uncovered)} distinct)")
    print(f"\ntop {args.top} uncovered phrases (count, phrase):")
    for key, n in uncovered.most_common(args.top):
        print(f"{n:6d}  {spellings[key].most_common(1)[0][0]}")
        for c in contexts[key]:
            print(f"          … {c} …")
    if args.by_head:
        print("\nper head word (phrases, covered share):")
        for head, (n, c) in sorted(per_head.items(), key=lambda kv: -kv[1][0]):
            print(f"{n:6d}  {c / n:6.1%}  {head}")


if __name__ == "__main__":
    main()
