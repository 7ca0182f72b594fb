"""Collect criterion's medians (and the bench's own paired figures, paired.json) into
one JSON file: {bench id: median ns}.

    python perf/criterion_summary.py target/criterion > perf/results/criterion-<tier>.json

Each tier's bench run reuses the same ids for the baseline, so scripts/bench calls this
right after each tier's run.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def summarize(root: Path) -> dict[str, float]:
    medians = {}
    for benchmark in root.glob("*/new/benchmark.json"):
        full_id = json.loads(benchmark.read_text())["full_id"]
        estimates = json.loads((benchmark.parent / "estimates.json").read_text())
        medians[full_id] = estimates["median"]["point_estimate"]
    # Paired figures the traced_op bench measures itself, outside criterion (median ns).
    paired = root / "paired.json"
    if paired.exists():
        medians.update(json.loads(paired.read_text()))
    return dict(sorted(medians.items()))


if __name__ == "__main__":
    json.dump(summarize(Path(sys.argv[1])), sys.stdout, indent=2)
    print()
