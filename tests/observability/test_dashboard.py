"""The Grafana dashboard's PromQL, run by a real Prometheus scraping a real workload.

Debian's ``prometheus`` (``.ci/run`` installs it) is started on loopback with a
1 s scrape of a child process that serves ``/metrics`` and runs a mix of
successful and failing operations. Every query of every panel and variable in
``dashboards/aerospike-py.json`` must parse and return data; ``promtool check
metrics`` must accept the exposition. Without the binaries the tests skip,
except in CI (``CI`` set), where they fail.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

import aerospike_py

pytestmark = pytest.mark.tiers("otel", "metrics-only")

DASHBOARD = Path(__file__).resolve().parents[2] / "dashboards" / "aerospike-py.json"
# What Grafana substitutes before it sends a query; a test has no Grafana.
GRAFANA_VARIABLES = {"$__rate_interval": "1m", "$namespace": ".*", "$set": ".*"}


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is not installed (.ci/run installs Debian's prometheus)")
        pytest.skip(f"{name} is not installed (apt-get install prometheus)")
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str, timeout: float = 5.0) -> bytes:
    with urllib.request.urlopen(url, timeout=timeout) as resp:
        return resp.read()


WORKLOAD = textwrap.dedent(
    """
    import sys, time, uuid
    import aerospike_py
    from aerospike_py import exception as ex
    host, port, metrics_port, namespace = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    if aerospike_py.INSTRUMENTATION_TIER == "otel":
        # Spans go to a closed port (OTEL_EXPORTER_OTLP_ENDPOINT, set by the test): exported
        # nowhere, and the dropped-spans counter exists.
        aerospike_py.init_tracing()
    aerospike_py.start_metrics_server(port=metrics_port, host="127.0.0.1")
    client = aerospike_py.client({"hosts": [(host, port)]}).connect()
    set_name = "dash_" + uuid.uuid4().hex[:8]
    print("READY", flush=True)
    deadline = time.monotonic() + float(sys.argv[5])
    i = 0
    while time.monotonic() < deadline:
        key = (namespace, set_name, i % 50)
        client.put(key, {"n": i})
        client.get(key)
        try:
            client.get((namespace, set_name, "missing"))
        except ex.RecordNotFound:
            pass
        i += 1
        time.sleep(0.002)
    client.close()
    print("DONE", flush=True)
    time.sleep(3600)
    """
)


@pytest.fixture(scope="module")
def prometheus(server_address, namespace):
    """A Prometheus that has scraped a finished workload: yields its query function and the exposition."""
    binary = tool("prometheus")
    metrics_port, web_port = free_port(), free_port()
    workdir = Path(tempfile.mkdtemp(prefix="aspy-prom-"))
    (workdir / "prometheus.yml").write_text(
        textwrap.dedent(
            f"""
            global: {{scrape_interval: 1s, evaluation_interval: 1s}}
            scrape_configs:
              - job_name: aerospike-py
                static_configs: [{{targets: ["127.0.0.1:{metrics_port}"]}}]
            """
        )
    )
    host, port = server_address
    workload = subprocess.Popen(
        [sys.executable, "-c", WORKLOAD, host, str(port), str(metrics_port), namespace, "6"],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "OTEL_EXPORTER_OTLP_ENDPOINT": f"http://127.0.0.1:{free_port()}"},
    )
    prom = subprocess.Popen(
        [
            binary,
            f"--config.file={workdir / 'prometheus.yml'}",
            f"--storage.tsdb.path={workdir / 'data'}",
            f"--web.listen-address=127.0.0.1:{web_port}",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{web_port}"

    def query(expr: str) -> dict:
        body = get(f"{base}/api/v1/query?" + urllib.parse.urlencode({"query": expr}))
        return json.loads(body)

    try:
        assert workload.stdout.readline().strip() == "READY"
        assert workload.stdout.readline().strip() == "DONE"
        exposition = get(f"http://127.0.0.1:{metrics_port}/metrics").decode()
        # Wait until Prometheus holds a few scrapes of the whole workload.
        deadline = time.monotonic() + 30
        while True:
            try:
                up = query('up{job="aerospike-py"}')["data"]["result"]
                if up and up[0]["value"][1] == "1":
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, "Prometheus never scraped the workload"
            time.sleep(0.5)
        time.sleep(3)
        yield query, exposition
    finally:
        for proc in (prom, workload):
            proc.kill()
            proc.wait()
        shutil.rmtree(workdir, ignore_errors=True)


def dashboard_queries() -> list[tuple[str, str]]:
    dash = json.loads(DASHBOARD.read_text())
    found = [(panel["title"], t["expr"]) for panel in dash["panels"] for t in panel["targets"]]
    for var in dash["templating"]["list"]:
        if var["type"] == "query":
            # label_values(metric, label) is Grafana's; Prometheus answers the metric part.
            inner = var["query"]["query"].removeprefix("label_values(").rsplit(",", 1)[0]
            found.append((f"variable {var['name']}", inner))
    return found


def substitute(expr: str) -> str:
    for name, value in GRAFANA_VARIABLES.items():
        expr = expr.replace(name, value)
    assert "$" not in expr, f"unsubstituted Grafana variable in {expr!r}"
    return expr


def test_the_dashboard_covers_what_the_issue_names():
    titles = " | ".join(title for title, _ in dashboard_queries()).lower()
    for needed in ("operation rate", "error rate", "p50", "p99", "dropped spans"):
        assert needed in titles


@pytest.mark.parametrize("title,expr", dashboard_queries(), ids=[t for t, _ in dashboard_queries()])
def test_every_dashboard_query_returns_data(prometheus, title, expr):
    if "spans_dropped" in expr and aerospike_py.INSTRUMENTATION_TIER != "otel":
        pytest.skip("the dropped-spans counter exists in the otel build only")
    query, _ = prometheus
    answer = query(substitute(expr))
    assert answer["status"] == "success", answer
    result = answer["data"]["result"]
    assert result, f"{title}: no data for {substitute(expr)}"
    values = [float(series["value"][1]) for series in result]
    assert all(v == v for v in values), f"{title}: NaN in {values}"  # NaN: no samples in the window


def test_error_rate_is_labelled_by_the_error_class(prometheus):
    query, _ = prometheus
    expr = 'sum by (error_type) (rate(db_client_operation_duration_seconds_count{error_type!=""}[1m]))'
    types = {series["metric"]["error_type"] for series in query(expr)["data"]["result"]}
    assert "RecordNotFound" in types or "KeyNotFoundError" in types, types


def test_promtool_accepts_the_exposition(prometheus):
    promtool = tool("promtool")
    _, exposition = prometheus
    checked = subprocess.run([promtool, "check", "metrics"], input=exposition, capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr
