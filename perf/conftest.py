"""Fixtures for the pytest-benchmark suites: a server, connected clients, the tier.

Benchmarks run against the in-memory test server started here (or the server named by
AEROSPIKE_HOST / AEROSPIKE_PORT). Test names are the benchmark ids the gate reads; the
tier comes from the build under test and labels the result file (scripts/bench).
"""

from __future__ import annotations

import sys
import uuid
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import aerospike_py

import _server

SET = "perf"


@pytest.fixture(scope="session")
def config() -> dict:
    return {"hosts": [_server.server_address()]}


@pytest.fixture(scope="session")
def client(config):
    client = aerospike_py.client(config).connect()
    yield client
    client.close()


@pytest.fixture(scope="session")
def seeded_keys(client) -> list[tuple[str, str, str]]:
    """100 records with a typical shape, written once per session."""
    run = uuid.uuid4().hex[:8]
    keys = [("test", SET, f"{run}-{i}") for i in range(100)]
    for i, key in enumerate(keys):
        client.put(key, {"name": f"user {i}", "age": i, "score": i * 1.5, "tags": ["a", "b"]})
    yield keys
    for key in keys:
        client.remove(key)


def pytest_configure(config):
    # A debug build is ~10x slower per call: its figures would be wrong, not just slow.
    profile = getattr(aerospike_py._native, "_BUILD_PROFILE", "unknown")
    if profile != "release":
        pytest.exit(
            f"perf: refusing to benchmark a {profile} build of aerospike_py; "
            "build a release one (scripts/build-extension otel --release, or a wheel from dist/)",
            returncode=2,
        )


def pytest_benchmark_update_json(config, benchmarks, output_json):
    output_json["instrumentation_tier"] = aerospike_py.INSTRUMENTATION_TIER
