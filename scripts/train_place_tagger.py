#!/usr/bin/env python3
"""Train rasid's statistical place tagger (a CRF, python-crfsuite) on IDRISI Arabic LMR.

Usage (from the repository root, with the dev virtualenv and python-crfsuite installed)::

    .venv/bin/python scripts/train_place_tagger.py --shared ../shared

Data: ``<shared>/data/idrisi-arabic/LMR-gold-random-json/<event>/{train,dev}.jsonl``
(IDRISI-R, Suwaileh, Elsayed & Imran; CC BY 4.0). Each line is a tweet with ``text`` and
``location_mentions`` whose ``startIdx``/``endIdx`` are a half-open range of ``text``.
The model is trained on the train split only; c1/c2 are chosen on a held-out fifth of
train (by tweet id), then the model is retrained on all of train and scored once on dev.

Writes ``src/rasid/data/place_tagger.crfsuite`` and its provenance,
``src/rasid/data/place_tagger.md``. The same data gives the same model: tweets are read
in (event, tweet id) order and CRFsuite's L-BFGS training has no randomness.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
import zlib
from collections import defaultdict
from datetime import date
from importlib.metadata import version
from pathlib import Path

import pycrfsuite

from rasid.lexicon import load_table
from rasid.normalise import normalise
from rasid.recognise import place_tagger as pt

REPO = Path(__file__).resolve().parent.parent
DATA_DIR = REPO / "src" / "rasid" / "data"
LMR = Path("data") / "idrisi-arabic" / "LMR-gold-random-json"
MAX_ITERATIONS = 150
GRID = [(c1, c2) for c1 in (0.02, 0.05, 0.1, 0.2) for c2 in (0.005, 0.02, 0.05)]
HOLDOUT_BUCKETS = 5  # tweets with crc32(tweet_id) % 5 == 0 are the tuning slice of train


def load_split(lmr: Path, split: str) -> list[dict]:
    """Tweets of one split, each with its event, in (event, tweet id) order."""
    tweets = []
    for path in sorted(lmr.glob(f"*/{split}.jsonl")):
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                tweet = json.loads(line)
                tweet["event"] = path.parent.name
                tweets.append(tweet)
    if not tweets:
        sys.exit(f"no {split}.jsonl files under {lmr}")
    return sorted(tweets, key=lambda t: (t["event"], t["tweet_id"]))


def gold_spans(tweet: dict) -> list[tuple[int, int]]:
    return sorted({(m["startIdx"], m["endIdx"]) for m in tweet["location_mentions"]})


def to_normalised(norm, start: int, end: int) -> tuple[int, int]:
    """The normalised range whose original span is ``[start, end)`` (characters that
    normalisation deleted at either edge are left out)."""
    i = next((k for k, s in enumerate(norm.starts) if s >= start), len(norm.text))
    j = i
    while j < len(norm.text) and norm.ends[j] <= end:
        j += 1
    return i, j


def labels_for(tokens: list[pt.Token], spans: list[tuple[int, int]]) -> list[str]:
    """BIO labels: a token is in a mention that covers its end. A mention that ends
    inside a token (لبنان in اللبناني) is not a token-level mention and labels nothing."""
    labels = ["O"] * len(tokens)
    for start, end in spans:
        inside = [k for k, t in enumerate(tokens) if start < t.end <= end]
        for n, k in enumerate(inside):
            labels[k] = "B" if n == 0 else "I"
    return labels


def example(tweet: dict) -> tuple[list[dict], list[str]]:
    norm = normalise(tweet["text"])
    tokens = pt.tokenise(norm.text)
    spans = [to_normalised(norm, s, e) for s, e in gold_spans(tweet)]
    return pt.features(norm.text, tokens), labels_for(tokens, spans)


def train(examples: list[tuple[list[dict], list[str]]], c1: float, c2: float, path: Path) -> None:
    trainer = pycrfsuite.Trainer(verbose=False)
    for xseq, yseq in examples:
        if xseq:
            trainer.append(xseq, yseq)
    trainer.set_params({"c1": c1, "c2": c2, "max_iterations": MAX_ITERATIONS,
                        "feature.possible_transitions": True})
    trainer.train(str(path))


def predict(tagger: pycrfsuite.Tagger, tweet: dict) -> list[tuple[int, int]]:
    """Predicted spans of a tweet, in original-text offsets."""
    norm = normalise(tweet["text"])
    tokens = pt.tokenise(norm.text)
    if not tokens:
        return []
    spans = pt.spans_from_labels(tokens, tagger.tag(pt.features(norm.text, tokens)))
    return [tuple(norm.to_original(s, e).as_list()) for s, e in spans]


def prf(tp_p: int, n_pred: int, tp_g: int, n_gold: int) -> dict[str, float]:
    p = tp_p / n_pred if n_pred else 0.0
    r = tp_g / n_gold if n_gold else 0.0
    return {"p": p, "r": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def evaluate(tagger: pycrfsuite.Tagger, tweets: list[dict]) -> dict[str, dict]:
    """Exact-span and partial-overlap P/R/F1, micro over all tweets and per event."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])  # exact, pred, gold, ov_p, ov_g
    for tweet in tweets:
        pred, gold = set(predict(tagger, tweet)), set(gold_spans(tweet))
        overlaps = lambda a, b: a[0] < b[1] and b[0] < a[1]  # noqa: E731
        row = [len(pred & gold), len(pred), len(gold),
               sum(any(overlaps(p, g) for g in gold) for p in pred),
               sum(any(overlaps(g, p) for p in pred) for g in gold)]
        for key in ("all", tweet["event"]):
            counts[key] = [a + b for a, b in zip(counts[key], row)]
    return {key: {"exact": prf(c[0], c[1], c[0], c[2]), "partial": prf(c[3], c[1], c[4], c[2]),
                  "pred": c[1], "gold": c[2]}
            for key, c in sorted(counts.items(), key=lambda kv: (kv[0] != "all", kv[0]))}


def open_tagger(path: Path) -> pycrfsuite.Tagger:
    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    return tagger


def tune(train_tweets: list[dict], work: Path) -> tuple[float, float, list[str]]:
    """Pick c1/c2 by exact-span F1 on the held-out fifth of train."""
    held = [t for t in train_tweets if zlib.crc32(t["tweet_id"].encode()) % HOLDOUT_BUCKETS == 0]
    rest = [example(t) for t in train_tweets if zlib.crc32(t["tweet_id"].encode()) % HOLDOUT_BUCKETS != 0]
    best, log = None, []
    for c1, c2 in GRID:
        path = work / f"tune-{c1}-{c2}.crfsuite"
        train(rest, c1, c2, path)
        f1 = evaluate(open_tagger(path), held)["all"]["exact"]["f1"]
        path.unlink()
        log.append(f"c1={c1} c2={c2}: exact F1 {f1:.4f}")
        print(log[-1], flush=True)
        if best is None or f1 > best[0]:
            best = (f1, c1, c2)
    return best[1], best[2], log


def tagging_speed(path: Path, tweets: list[dict]) -> float:
    """Tokens per second of tag_places-equivalent work (normalise, features, tag)."""
    tagger = open_tagger(path)
    n_tokens = 0
    start = time.perf_counter()
    for tweet in tweets:
        norm = normalise(tweet["text"])
        tokens = pt.tokenise(norm.text)
        n_tokens += len(tokens)
        if tokens:
            pt.spans_from_labels(tokens, tagger.tag(pt.features(norm.text, tokens)))
    return n_tokens / (time.perf_counter() - start)


def reachable(tweets: list[dict]) -> float:
    """Share of gold spans that BIO over our tokens can express at all (exact recall ceiling)."""
    hit = total = 0
    for tweet in tweets:
        norm = normalise(tweet["text"])
        tokens = pt.tokenise(norm.text)
        gold = gold_spans(tweet)
        labels = labels_for(tokens, [to_normalised(norm, s, e) for s, e in gold])
        spans = {tuple(norm.to_original(s, e).as_list()) for s, e in pt.spans_from_labels(tokens, labels)}
        hit += len(spans & set(gold))
        total += len(gold)
    return hit / total


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def score_table(scores: dict[str, dict]) -> list[str]:
    lines = ["| events | gold | predicted | exact P | exact R | exact F1 | overlap P | overlap R | overlap F1 |",
             "|---|---|---|---|---|---|---|---|---|"]
    for key, s in scores.items():
        e, o = s["exact"], s["partial"]
        lines.append(f"| {'all 7 (micro)' if key == 'all' else key} | {s['gold']} | {s['pred']} | "
                     f"{e['p']:.3f} | {e['r']:.3f} | {e['f1']:.3f} | {o['p']:.3f} | {o['r']:.3f} | {o['f1']:.3f} |")
    return lines


def write_provenance(path: Path, *, lmr_rel: str, n_train: int, dev: list[dict], c1: float, c2: float,
                     tuning: list[str], scores: dict, seconds: float, final_seconds: float, speed: float,
                     model: Path) -> None:
    tables = map(load_table, ("charmap", "clitics", "gazetteer", "place_cues", "function_words"))
    data_tables = ", ".join(f"{t.name}.tsv {t.tag} (sha256 {sha256(DATA_DIR / (t.name + '.tsv'))[:12]})"
                            for t in tables)
    lines = [
        "# rasid place tagger (place_tagger.crfsuite)",
        "",
        "A CRF (CRFsuite via python-crfsuite " + version("python-crfsuite") + ") that tags place mentions, BIO over",
        "word tokens of rasid's normalised text; used by `rasid.recognise.place_tagger.tag_places`.",
        "",
        f"- feature set: v{pt.FEATURE_VERSION}",
        f"- trained: {date.today().isoformat()}; {seconds:.0f} s in all, of which {final_seconds:.0f} s "
        "for the final model (the rest is the tuning grid)",
        "- command: `.venv/bin/python scripts/train_place_tagger.py --shared ../shared`",
        f"- data: IDRISI-R Arabic LMR, `{lmr_rel}/<event>/train.jsonl` of all 7 events "
        f"({n_train} tweets); dev.jsonl only for the scores below",
        "- licence of the data: CC BY 4.0. Attribution: IDRISI (github.com/rsuwaileh/IDRISI), "
        "R. Suwaileh, M. Imran, T. Elsayed, \"IDRISI-RA: The First Arabic Location Mention Recognition "
        "Dataset of Disaster Tweets\", ACL 2023; R. Suwaileh, T. Elsayed, M. Imran, \"IDRISI-RE\", IP&M 60(3), 2023.",
        f"- features read from: {data_tables}; a change to these files (or to rasid's normaliser or "
        "matcher) shifts the features, so retrain after one",
        f"- training: L-BFGS, c1={c1}, c2={c2}, at most {MAX_ITERATIONS} iterations; c1/c2 chosen by exact-span F1 "
        f"on the fifth of train with crc32(tweet_id) % {HOLDOUT_BUCKETS} == 0, trained on the rest:",
        *[f"  - {line}" for line in tuning],
        f"- model: {model.stat().st_size} bytes, sha256 {sha256(model)}",
        f"- tagging speed: about {speed:,.0f} tokens/s (normalise + features + tag, one core)",
        "",
        "## Dev scores (IDRISI-R dev split; spans in original-text offsets)",
        "",
        "Exact: the predicted span equals a gold span. Overlap: a predicted span overlaps a gold",
        "span (precision) / a gold span is overlapped by a prediction (recall). A span annotated",
        f"twice in one tweet counts once ({sum(len(t['location_mentions']) for t in dev)} mentions listed, "
        f"{scores['all']['gold']} distinct spans). Exact recall cannot exceed {reachable(dev):.3f}: the",
        "other gold spans start or end inside a token (لبنان in اللبناني) or include the # of a hashtag.",
        "",
        *score_table(scores),
        "",
    ]
    path.write_text("\n".join(lines), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared",
                        help="the shared data folder (default ../shared)")
    parser.add_argument("--c1", type=float, help="skip tuning: use this c1 (needs --c2)")
    parser.add_argument("--c2", type=float)
    args = parser.parse_args(argv)
    lmr = args.shared / LMR
    train_tweets, dev_tweets = load_split(lmr, "train"), load_split(lmr, "dev")
    model = DATA_DIR / pt.MODEL_FILE
    work = DATA_DIR / ".place_tagger.tmp"
    work.mkdir(exist_ok=True)
    started = time.perf_counter()
    try:
        if args.c1 is not None and args.c2 is not None:
            c1, c2, tuning = args.c1, args.c2, [f"c1={args.c1} c2={args.c2} given on the command line"]
        else:
            c1, c2, tuning = tune(train_tweets, work)
        tmp = work / pt.MODEL_FILE
        final_started = time.perf_counter()
        train([example(t) for t in train_tweets], c1, c2, tmp)
        final_seconds = time.perf_counter() - final_started
        seconds = time.perf_counter() - started
        os.replace(tmp, model)
    finally:
        for leftover in work.iterdir():
            leftover.unlink()
        work.rmdir()
    scores = evaluate(open_tagger(model), dev_tweets)
    speed = tagging_speed(model, dev_tweets)
    write_provenance(DATA_DIR / pt.PROVENANCE_FILE, lmr_rel=f"../shared/{LMR}", n_train=len(train_tweets),
                     dev=dev_tweets, c1=c1, c2=c2, tuning=tuning, scores=scores, seconds=seconds,
                     final_seconds=final_seconds, speed=speed, model=model)
    print("\n".join(score_table(scores)))
    print(f"model {model} ({model.stat().st_size} bytes, sha256 {sha256(model)[:12]}), "
          f"{seconds:.0f} s in all, final model {final_seconds:.0f} s, {speed:,.0f} tokens/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
