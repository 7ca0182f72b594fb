"""Draw perf/overhead.png from perf/results: instrumentation overhead per tier
(criterion, ns over the bare call) and the peer clients' latency relative to ours.

    python perf/chart.py [--results perf/results] [--out perf/overhead.png]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

HERE = Path(__file__).resolve().parent
OVERHEADS = [  # (label, tier, id)
    ("none", "none", "none/traced"),
    ("metrics-only", "metrics-only", "metrics-only/traced"),
    ("otel, tracing off", "otel", "otel/disabled"),
    ("otel, span", "otel", "otel/span"),
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--results", type=Path, default=HERE / "results")
    parser.add_argument("--out", type=Path, default=HERE / "overhead.png")
    args = parser.parse_args()

    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.5))
    labels, values = [], []
    for label, tier, bench_id in OVERHEADS:
        path = args.results / f"criterion-{tier}.json"
        if path.exists():
            medians = json.loads(path.read_text())
            labels.append(label)
            values.append(medians[bench_id] - medians["baseline/bare"])
    bars = left.barh(labels, values, color=["#999999", "#4c72b0", "#55a868", "#c44e52"][: len(values)])
    left.bar_label(bars, labels=[f"{v:,.1f} ns" for v in values], padding=3)
    left.set_xscale("symlog", linthresh=10)
    left.set_xlabel("added per operation (ns, median, log scale)")
    left.set_title("traced_op! overhead by tier")

    peers = json.loads((args.results / "peers.json").read_text())
    ratios = peers["ratio_to_ours"]
    ops = [op for op in ("get", "put", "batch_read_100", "async_1000_gets_ms") if op in ratios.get("ours", {})]
    width = 0.8 / max(len(ratios), 1)
    for i, (client, by_op) in enumerate(sorted(ratios.items())):
        xs = [j + i * width for j in range(len(ops))]
        right.bar(xs, [by_op.get(op, 0) for op in ops], width, label=client)
    names = {"get": "get", "put": "put", "batch_read_100": "batch_read\n100 keys", "async_1000_gets_ms": "asyncio\n1000 gets"}
    right.set_xticks([j + width * (len(ratios) - 1) / 2 for j in range(len(ops))], [names[op] for op in ops])
    right.axhline(1.0, color="black", linewidth=0.8)
    right.set_ylabel("median latency ÷ ours (higher = slower than ours)")
    right.set_title("same workload, same server")
    right.legend()
    fig.tight_layout()
    fig.savefig(args.out, dpi=110)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
