"""The overhead gate: compare one run's benchmark results with perf/budgets.toml.

    python perf/gate.py [--results perf/results] [--strict]

Reads ``criterion-<tier>.json`` and ``pytest-<tier>.json`` from the results folder
(written by scripts/bench), evaluates every check, prints a table, and exits 1 naming
each budget missed (and, with --strict, each target missed) with its measured value.
A check whose measurements are missing fails too: a gate that cannot see is not green.
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent


def load_results(folder: Path) -> dict[str, float]:
    """Every median in the folder, in nanoseconds, keyed "source:tier:id"."""
    medians: dict[str, float] = {}
    for path in sorted(folder.glob("criterion-*.json")):
        tier = path.stem.removeprefix("criterion-")
        for bench_id, median_ns in json.loads(path.read_text()).items():
            medians[f"criterion:{tier}:{bench_id}"] = float(median_ns)
    for path in sorted(folder.glob("pytest-*.json")):
        tier = path.stem.removeprefix("pytest-")
        for bench in json.loads(path.read_text())["benchmarks"]:
            medians[f"pytest:{tier}:{bench['name']}"] = bench["stats"]["median"] * 1e9
    return medians


def evaluate(checks: list[dict], medians: dict[str, float], strict: bool) -> tuple[list[str], list[str]]:
    failures, lines = [], []
    for check in checks:
        missing = [k for k in (check["measure"], check["minus"]) if k not in medians]
        label = f"{check['kind']:<6} {check['name']}"
        if missing:
            lines.append(f"MISSING {label}: no result for {', '.join(missing)}")
            failures.append(f"{check['name']} ({check['kind']}): not measured ({', '.join(missing)})")
            continue
        value = medians[check["measure"]] - medians[check["minus"]]
        ok = value <= check["limit_ns"]
        verdict = "ok  " if ok else "MISS"
        lines.append(f"{verdict} {label}: {value:,.1f} ns (limit {check['limit_ns']:,} ns)")
        if not ok and (check["kind"] == "budget" or strict):
            failures.append(f"{check['name']} ({check['kind']}): {value:,.1f} ns > {check['limit_ns']:,} ns")
    return failures, lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--results", type=Path, default=HERE / "results")
    parser.add_argument("--budgets", type=Path, default=HERE / "budgets.toml")
    parser.add_argument("--strict", action="store_true", help="fail on missed targets too")
    args = parser.parse_args()
    checks = tomllib.loads(args.budgets.read_text())["check"]
    failures, lines = evaluate(checks, load_results(args.results), args.strict)
    print("\n".join(lines))
    if failures:
        print("\ngate: FAILED\n  " + "\n  ".join(failures))
        return 1
    print("\ngate: passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
