"""The Prometheus histogram ``db_client_operation_duration_seconds`` and the
``/metrics`` endpoint, checked in-process against both clients.

Every test works on a set of its own, so counts from other tests (this
process records metrics for the whole suite) never mix in.
"""

from __future__ import annotations

import socket
import time
import urllib.error
import urllib.request
import uuid

import pytest
from prometheus_client.parser import text_string_to_metric_families

import aerospike_py
from aerospike_py import exception as ex

pytestmark = pytest.mark.tiers("otel", "metrics-only")

HISTOGRAM = "db_client_operation_duration_seconds"
LABELS = {"db_system_name", "db_namespace", "db_collection_name", "db_operation_name", "error_type"}
OPERATIONS = {"PUT", "GET", "SELECT", "EXISTS", "REMOVE", "TOUCH", "APPEND", "PREPEND", "INCREMENT", "REMOVE_BIN"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def scrape(url: str) -> tuple[str, str]:
    with urllib.request.urlopen(url, timeout=5) as resp:
        assert resp.status == 200
        return resp.read().decode(), resp.headers.get("Content-Type", "")


def family(text: str):
    found = [f for f in text_string_to_metric_families(text) if f.name == HISTOGRAM]
    assert len(found) == 1, f"no single {HISTOGRAM} family in:\n{text[:2000]}"
    return found[0]


def ours(text: str, namespace: str, set_name: str) -> list:
    return [
        s
        for s in family(text).samples
        if s.labels.get("db_namespace") == namespace and s.labels.get("db_collection_name") == set_name
    ]


@pytest.fixture
def metrics_url():
    """A running metrics server on a free local port; stopped afterwards."""
    port = free_port()
    aerospike_py.start_metrics_server(port=port, host="127.0.0.1")
    yield f"http://127.0.0.1:{port}/metrics"
    aerospike_py.stop_metrics_server()


@pytest.fixture
def set_name():
    return "metrics_" + uuid.uuid4().hex[:10]


@pytest.fixture
def run_ops(client, new_key, set_name):
    """Perform a fixed mix of operations on a fresh set; returns {(op, error_type): n}."""

    def run() -> dict:
        key = new_key(set_name=set_name)
        missing = new_key(set_name=set_name)
        for i in range(3):
            client.put(key, {"n": i, "s": "x"})
        client.get(key)
        client.get(key)
        client.select(key, ["n"])
        for _ in range(4):
            client.exists(key)
        client.exists(missing)  # a miss is not an error
        client.touch(key)
        client.append(key, "s", "y")
        client.prepend(key, "s", "w")
        client.increment(key, "n", 1)
        client.increment(key, "n", 1)
        client.remove_bin(key, ["s"])
        with pytest.raises(ex.RecordNotFound):
            client.get(missing)
        with pytest.raises(ex.RecordExistsError):
            client.put(key, {"n": 0}, policy={"exists": aerospike_py.POLICY_EXISTS_CREATE})
        client.remove(key)
        return {
            ("PUT", ""): 3,
            ("GET", ""): 2,
            ("SELECT", ""): 1,
            ("EXISTS", ""): 5,
            ("TOUCH", ""): 1,
            ("APPEND", ""): 1,
            ("PREPEND", ""): 1,
            ("INCREMENT", ""): 2,
            ("REMOVE_BIN", ""): 1,
            ("GET", "KeyNotFoundError"): 1,
            ("PUT", "KeyExistsError"): 1,
            ("REMOVE", ""): 1,
        }

    return run


def test_counts_match_operations_exactly(metrics_url, run_ops, op_counts, namespace, set_name):
    before, _ = scrape(metrics_url)
    assert op_counts(before, namespace, set_name) == {}
    expected = run_ops()
    after, _ = scrape(metrics_url)
    assert op_counts(after, namespace, set_name) == expected


def test_counts_add_up_over_rounds(metrics_url, run_ops, op_counts, namespace, set_name):
    first = run_ops()
    run_ops()
    text, _ = scrape(metrics_url)
    assert op_counts(text, namespace, set_name) == {k: 2 * v for k, v in first.items()}


def test_histogram_family_and_labels(metrics_url, run_ops, namespace, set_name):
    run_ops()
    text, _ = scrape(metrics_url)
    fam = family(text)
    assert fam.type == "histogram"
    samples = ours(text, namespace, set_name)
    assert {s.name for s in samples} == {f"{HISTOGRAM}_bucket", f"{HISTOGRAM}_sum", f"{HISTOGRAM}_count"}
    for s in samples:
        names = set(s.labels) - {"le"}
        assert names == LABELS, s
        assert s.labels["db_system_name"] == "aerospike"
        assert s.labels["db_operation_name"] in OPERATIONS
    assert {s.labels["db_operation_name"] for s in samples} == OPERATIONS
    errors = {s.labels["error_type"] for s in samples}
    assert errors == {"", "KeyNotFoundError", "KeyExistsError"}


def test_only_data_operations_are_measured(metrics_url, config):
    # connect/close of a fresh client adds no series and changes no count
    def series(text):
        return {(s.name, tuple(sorted(s.labels.items()))): s.value for s in family(text).samples}

    warm = aerospike_py.client(dict(config)).connect()
    warm.exists(("test", "aspy_metrics", "absent"))  # at least one series exists
    before = series(scrape(metrics_url)[0])
    c = aerospike_py.client(dict(config)).connect()
    c.close()
    assert series(scrape(metrics_url)[0]) == before
    warm.close()


def test_histogram_is_consistent(metrics_url, run_ops, namespace, set_name):
    run_ops()
    text, _ = scrape(metrics_url)
    series: dict = {}
    for s in ours(text, namespace, set_name):
        key = tuple(sorted((k, v) for k, v in s.labels.items() if k != "le"))
        series.setdefault(key, {"buckets": []})
        if s.name.endswith("_bucket"):
            series[key]["buckets"].append((float(s.labels["le"]), s.value))
        else:
            series[key][s.name.rsplit("_", 1)[1]] = s.value
    assert series
    for key, data in series.items():
        buckets = sorted(data["buckets"])
        counts = [c for _, c in buckets]
        assert counts == sorted(counts), f"buckets of {key} are not cumulative"
        assert buckets[-1][0] == float("inf")
        assert buckets[-1][1] == data["count"] >= 1
        assert 0 < data["sum"] < 10 * data["count"], f"implausible durations for {key}"


def test_buckets_resolve_sub_millisecond(metrics_url, run_ops, namespace, set_name):
    run_ops()
    text, _ = scrape(metrics_url)
    bounds = sorted({float(s.labels["le"]) for s in ours(text, namespace, set_name) if "le" in s.labels})
    assert bounds[0] <= 0.0001, bounds
    assert len([b for b in bounds if b < 0.001]) >= 3, bounds


def test_content_type(metrics_url):
    _, content_type = scrape(metrics_url)
    assert content_type.startswith("text/plain; version=0.0.4"), content_type


def test_get_metrics_matches_endpoint(metrics_url, run_ops, namespace, set_name):
    run_ops()
    served, _ = scrape(metrics_url)
    direct = aerospike_py.get_metrics()
    assert isinstance(direct, str)
    assert ours(direct, namespace, set_name) == ours(served, namespace, set_name)


def test_get_metrics_without_server(run_ops, op_counts, namespace, set_name):
    expected = run_ops()
    assert op_counts(aerospike_py.get_metrics(), namespace, set_name) == expected


def test_port_in_use_raises_oserror():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(OSError) as info:
            aerospike_py.start_metrics_server(port=port, host="127.0.0.1")
        message = str(info.value)
        assert str(port) in message or "in use" in message.lower(), message
    # the failure left nothing half-started: a free port works
    port = free_port()
    aerospike_py.start_metrics_server(port=port, host="127.0.0.1")
    try:
        scrape(f"http://127.0.0.1:{port}/metrics")
    finally:
        aerospike_py.stop_metrics_server()


def _refused(url: str, timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            scrape(url)
        except (urllib.error.URLError, ConnectionError):
            return True
        time.sleep(0.05)
    return False


def test_stop_then_start_again_on_the_same_port():
    port = free_port()
    url = f"http://127.0.0.1:{port}/metrics"
    aerospike_py.start_metrics_server(port=port, host="127.0.0.1")
    try:
        scrape(url)
    finally:
        aerospike_py.stop_metrics_server()
    assert _refused(url), "the metrics server still answers after stop_metrics_server()"
    aerospike_py.start_metrics_server(port=port, host="127.0.0.1")
    try:
        text, _ = scrape(url)
        assert text == "" or HISTOGRAM in text
    finally:
        aerospike_py.stop_metrics_server()


def test_default_port_and_host():
    with socket.socket() as probe:
        try:
            probe.bind(("0.0.0.0", 9464))
        except OSError:
            pytest.skip("port 9464 is taken on this machine")
    aerospike_py.start_metrics_server()
    try:
        _, content_type = scrape("http://127.0.0.1:9464/metrics")
        assert content_type.startswith("text/plain")
    finally:
        aerospike_py.stop_metrics_server()


def test_counts_from_many_threads_add_up_in_one_series(config, new_key, set_name, op_counts, namespace):
    # Each thread records into its own shard of the histogram; shards of exited threads
    # are handed to new ones. The exposition must still show one series per label set
    # whose count is every operation made, whichever threads made them. (Sync client:
    # its calls finish on the calling threads' runtime workers and callers alike.)
    import threading

    client = aerospike_py.client(config).connect()
    key = new_key(set_name=set_name)
    client.put(key, {"n": 0})

    def work():
        for _ in range(25):
            client.get(key)

    for _ in range(3):  # three waves: later threads reuse the shards of exited ones
        threads = [threading.Thread(target=work) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    text = aerospike_py.get_metrics()
    assert op_counts(text, namespace, set_name) == {("PUT", ""): 1, ("GET", ""): 300}
    gets = [
        s
        for s in ours(text, namespace, set_name)
        if s.name.endswith("_count") and s.labels.get("db_operation_name") == "GET"
    ]
    assert len(gets) == 1, gets
    client.remove(key)
    client.close()
