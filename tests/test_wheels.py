"""The three wheels carry exactly the instrumentation their tier promises.

Needs the wheels from ``scripts/build-wheels`` (``scripts/test`` builds them first).
Without them the test skips, unless ``AEROSPIKE_PY_REQUIRE_WHEELS=1`` (as in CI).
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

DIST = Path(__file__).resolve().parent.parent / "dist"
TIERS = ("otel", "metrics-only", "none")
# Crate names survive stripping: they are in panic locations and type names.
OTEL_MARK = b"opentelemetry"
PROMETHEUS_MARK = b"prometheus"


def native_library(tier: str) -> bytes:
    wheels = sorted((DIST / tier).glob("*.whl"))
    if not wheels:
        if os.environ.get("AEROSPIKE_PY_REQUIRE_WHEELS") == "1":
            pytest.fail(f"no wheel in {DIST / tier}: run scripts/build-wheels")
        pytest.skip(f"no wheel in {DIST / tier}: run scripts/build-wheels")
    with zipfile.ZipFile(wheels[-1]) as wheel:
        (name,) = [n for n in wheel.namelist() if n.startswith("aerospike_py/_native") and n.endswith((".so", ".pyd"))]
        return wheel.read(name)


@pytest.fixture(scope="module")
def libraries() -> dict[str, bytes]:
    return {tier: native_library(tier) for tier in TIERS}


def test_production_wheel_has_tracing_and_metrics(libraries):
    assert OTEL_MARK in libraries["otel"]
    assert PROMETHEUS_MARK in libraries["otel"]


def test_slim_wheel_has_metrics_but_no_opentelemetry(libraries):
    assert OTEL_MARK not in libraries["metrics-only"]
    assert PROMETHEUS_MARK in libraries["metrics-only"]


def test_none_wheel_has_neither(libraries):
    assert OTEL_MARK not in libraries["none"]
    assert PROMETHEUS_MARK not in libraries["none"]


def test_each_tier_is_smaller_than_the_one_above(libraries):
    sizes = {tier: len(lib) for tier, lib in libraries.items()}
    assert sizes["otel"] > sizes["metrics-only"] > sizes["none"], sizes
