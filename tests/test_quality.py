"""The evaluation gate (as trafilatura does): extraction quality on the shared dev gold
may not fall below pinned floors. Raise the floors when quality rises."""
from __future__ import annotations

import json
import subprocess
import sys

# Measured 2026-11-25: strict F1 0.131, detection F1 0.639, claims F1 0.24. (Strict was 0.165
# before places gained cue words: "محافظة لحج" now honestly resolves to the governorate at
# precision 3, whose point is farther from two gold events than the town of the same name.)
FLOORS = {
    ("strict", "f1"): 0.12,
    ("events", "f1"): 0.60,
}


def test_dev_gold_scores_stay_above_floors(shared, tmp_path):
    pred, report = tmp_path / "pred.jsonl", tmp_path / "score.json"
    subprocess.run([sys.executable, "-m", "rasid", "extract", str(shared / "gold" / "dev.pool.jsonl"),
                    "--out", str(pred)], check=True, capture_output=True, timeout=300)
    subprocess.run([sys.executable, str(shared / "tools" / "score_events.py"), str(shared / "gold" / "dev.gold.jsonl"),
                    str(pred), "--json", str(report)], check=True, capture_output=True, timeout=300)
    scores = json.loads(report.read_text())
    for (section, metric), floor in FLOORS.items():
        value = scores[section][metric]
        assert value is not None and value >= floor, f"{section} {metric} {value} fell below {floor}"
