"""Shared by the benchmark scripts: micro-averaged precision, recall and F1, and table printing."""
from __future__ import annotations

from dataclasses import dataclass
from collections.abc import Callable, Iterable
from typing import Any, Protocol


def share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass(slots=True)
class Tally:
    """Micro-averaged precision, recall and F1 counts."""

    tp: int = 0
    n_pred: int = 0
    n_gold: int = 0

    def add(self, tp: int, n_pred: int, n_gold: int) -> None:
        self.tp += tp
        self.n_pred += n_pred
        self.n_gold += n_gold

    @property
    def precision(self) -> float | None:
        return share(self.tp, self.n_pred)

    @property
    def recall(self) -> float | None:
        return share(self.tp, self.n_gold)

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p and r else (0.0 if p is not None and r is not None else None)

    def to_json(self) -> dict[str, Any]:
        return {"tp": self.tp, "predicted": self.n_pred, "gold": self.n_gold,
                "precision": self.precision, "recall": self.recall, "f1": self.f1}


def pct(x: float | None) -> str:
    return "-" if x is None else f"{100 * x:.1f}"


def render_table(header: list[str], rows: Iterable[list[Any]]) -> str:
    """Columns padded to width: the first left-aligned, the rest right-aligned."""
    cells = [header] + [[str(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths)))
             for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def section(title: str) -> None:
    print(f"\n== {title} ==")


class Spanned(Protocol):
    start: int
    end: int


def overlap(a: Spanned, b: Spanned) -> int:
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def match(gold: list[Spanned], preds: list[Spanned], accept: Callable[[Any, Any], bool]) -> dict[int, int]:
    """One-to-one gold index -> prediction index, greedy by overlap then length difference."""
    pairs = [(overlap(g, p), abs((g.end - g.start) - (p.end - p.start)), gi, pi)
             for gi, g in enumerate(gold) for pi, p in enumerate(preds)
             if overlap(g, p) > 0 and accept(g, p)]
    pairs.sort(key=lambda t: (-t[0], t[1], t[2], t[3]))
    matched: dict[int, int] = {}
    used: set[int] = set()
    for _, _, gi, pi in pairs:
        if gi not in matched and pi not in used:
            matched[gi] = pi
            used.add(pi)
    return matched
