"""The overhead gate: compare one run's benchmark results with perf/budgets.toml.

    python perf/gate.py [--results perf/results] [--quick] [--strict]

Reads what scripts/bench wrote into the results folder — ``criterion-<tier>.json``,
``pytest-<tier>.json``, ``invivo.json`` (perf/invivo.py) and ``peers.json`` — evaluates
every check, prints a table, and exits 1 naming each budget missed (and, with
--strict, each target missed) with its measured value.

A check is either a same-run difference (``measure`` − ``minus`` ≤ ``limit_ns``) or one
value against a bound (``value`` ≤ ``max`` or ≥ ``min``). A value key containing ``*``
is evaluated once per in-vivo run found (``st0``, ``st50``: the test server's service
time; ``external``: a real server). ``--quick`` (what CI runs) loosens every bound by the
``[quick] tolerance`` stated in budgets.toml, so a short noisy run rarely fails by
chance; the full run is strict. A budget whose measurement is missing fails too: a gate
that cannot see is not green (a missing target is reported; it fails with --strict).
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import sys
from pathlib import Path

import tomllib

HERE = Path(__file__).resolve().parent


def load_results(folder: Path) -> dict[str, float]:
    """Every measurement in the folder keyed "source:...": criterion and pytest medians in
    ns; in-vivo medians over alternations; peer ratios (peer ÷ ours)."""
    values: dict[str, float] = {}
    for path in sorted(folder.glob("criterion-*.json")):
        tier = path.stem.removeprefix("criterion-")
        for bench_id, median_ns in json.loads(path.read_text()).items():
            values[f"criterion:{tier}:{bench_id}"] = float(median_ns)
    for path in sorted(folder.glob("pytest-*.json")):
        tier = path.stem.removeprefix("pytest-")
        for bench in json.loads(path.read_text())["benchmarks"]:
            values[f"pytest:{tier}:{bench['name']}"] = bench["stats"]["median"] * 1e9
    invivo = folder / "invivo.json"
    if invivo.exists():
        for run, scenarios in json.loads(invivo.read_text())["runs"].items():
            for scenario, result in scenarios.items():
                if not isinstance(result, dict):
                    values[f"invivo:{run}:{scenario}"] = float(result)
                    continue
                for metric, stats in result.items():
                    if isinstance(stats, dict) and "median" in stats:
                        values[f"invivo:{run}:{scenario}:{metric}"] = float(stats["median"])
    peers = folder / "peers.json"
    if peers.exists():
        for peer, ratios in json.loads(peers.read_text())["ratio_to_ours"].items():
            for op, ratio in ratios.items():
                values[f"peers:{peer}:{op}"] = float(ratio)
    return values


def expand(check: dict, values: dict[str, float]) -> list[tuple[str, dict]]:
    """A check per in-vivo run for a ``*`` key; the check itself otherwise."""
    key = check.get("value", "")
    if "*" not in key:
        return [(check["name"], check)]
    matches = sorted(k for k in values if fnmatch.fnmatchcase(k, key))
    if not matches:
        return [(check["name"], check)]
    prefix, _, _ = key.partition("*")
    return [(f"{check['name']} [{k[len(prefix):].split(':')[0]}]", {**check, "value": k}) for k in matches]


def evaluate(checks: list[dict], values: dict[str, float], strict: bool, tolerance: float) -> tuple[list, list]:
    failures, lines = [], []
    for raw in checks:
        for name, check in expand(raw, values):
            keys = [check[k] for k in ("measure", "minus", "value") if k in check]
            missing = [k for k in keys if k not in values]
            label = f"{check['kind']:<6} {name}"
            if missing:
                lines.append(f"MISSING {label}: no result for {', '.join(missing)}")
                if check["kind"] == "budget" or strict:
                    failures.append(f"{name} ({check['kind']}): not measured ({', '.join(missing)})")
                continue
            ok, shown = judge(check, values, tolerance)
            lines.append(f"{'ok  ' if ok else 'MISS'} {label}: {shown}")
            if not ok and (check["kind"] == "budget" or strict):
                failures.append(f"{name} ({check['kind']}): {shown}")
    return failures, lines


def judge(check: dict, values: dict[str, float], tolerance: float) -> tuple[bool, str]:
    loosen = 1 + tolerance
    if "limit_ns" in check:
        value = values[check["measure"]] - values[check["minus"]]
        limit = check["limit_ns"] * loosen
        return value <= limit, f"{value:,.1f} ns (limit {limit:,.1f} ns)"
    value = values[check["value"]]
    if "max" in check:
        limit = check["max"] * loosen
        return value <= limit, f"{value:,.3f} (max {limit:,.3f})"
    limit = check["min"] / loosen
    return value >= limit, f"{value:,.3f} (min {limit:,.3f})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--results", type=Path, default=HERE / "results")
    parser.add_argument("--budgets", type=Path, default=HERE / "budgets.toml")
    parser.add_argument("--quick", action="store_true", help="the CI run: bounds loosened by [quick] tolerance")
    parser.add_argument("--strict", action="store_true", help="fail on missed targets too")
    args = parser.parse_args()
    budgets = tomllib.loads(args.budgets.read_text())
    tolerance = budgets["quick"]["tolerance"] if args.quick else 0.0
    failures, lines = evaluate(budgets["check"], load_results(args.results), args.strict, tolerance)
    print("\n".join(lines))
    if tolerance:
        print(f"(quick run: every bound loosened by {tolerance:.0%})")
    if failures:
        print("\ngate: FAILED\n  " + "\n  ".join(failures))
        return 1
    print("\ngate: passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
