"""The Python examples in README.md and the docs/ guides run as written.

Each document's blocks run in order in one namespace (later blocks may use names from
earlier ones), against the server under test: the documented ``("127.0.0.1", 3000)`` is
replaced by its address. Blocks that need a web framework or an application around them
are listed in SKIP with the reason.
"""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BLOCK = re.compile(r"```python\n(.*?)```", re.DOTALL)
SKIP = {
    "from fastapi": "runs in test_fastapi_example_serves_a_record, with a test client",
    "from django": "needs a Django project",
    "tracer.start_as_current_span": "a fragment inside an application (user_id, client)",
}


def blocks(document: str) -> list[str]:
    return BLOCK.findall((ROOT / document).read_text())


def runnable(code: str) -> str:
    """Top-level ``await`` / ``async with`` (as docs show them) wrapped in a coroutine."""
    if re.search(r"^(await |async with )", code, re.MULTILINE):
        return "import asyncio\nasync def _example():\n" + textwrap.indent(code, "    ") + "\nasyncio.run(_example())\n"
    return code


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize(
    "document", ["README.md", "docs/observability.md", "docs/udf.md", "docs/expressions.md", "docs/datatypes.md"]
)
def test_examples_run(document, server_address, tmp_path):
    host, port = server_address
    program = []
    for code in blocks(document):
        reason = next((why for marker, why in SKIP.items() if marker in code), None)
        if reason:
            continue
        code = code.replace('("127.0.0.1", 3000)', f'("{host}", {port})')
        code = code.replace("port=9464", f"port={free_port()}")
        program.append(runnable(code))
    assert program, f"no runnable example in {document}"
    script = tmp_path / "examples.py"
    script.write_text("\n".join(program))
    # A fresh interpreter: tracing and the metrics server are process-wide; the OTLP
    # endpoint points at a closed port, so tracing only warns.
    env = {"PATH": "/usr/bin:/bin", "OTEL_EXPORTER_OTLP_ENDPOINT": f"http://127.0.0.1:{free_port()}"}
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr[-3000:]


def test_fastapi_example_serves_a_record(server_address, namespace, tmp_path):
    pytest.importorskip("fastapi")
    pytest.importorskip("httpx")
    host, port = server_address
    (app_code,) = [code for code in blocks("docs/observability.md") if "from fastapi" in code]
    app_code = app_code.replace('("127.0.0.1", 3000)', f'("{host}", {port})')
    script = tmp_path / "fastapi_example.py"
    script.write_text(
        app_code
        + textwrap.dedent(
            f"""
            from fastapi.testclient import TestClient

            writer = aerospike_py.client({{"hosts": [("{host}", {port})]}}).connect()
            writer.put(("{namespace}", "users", "doc-example"), {{"name": "Ada"}})
            with TestClient(app) as http:  # runs the lifespan: connect, then close
                response = http.get("/users/doc-example")
            writer.remove(("{namespace}", "users", "doc-example"))
            writer.close()
            assert response.status_code == 200, response.text
            assert response.json() == {{"name": "Ada"}}, response.json()
            """
        )
    )
    env = {"PATH": "/usr/bin:/bin", "OTEL_EXPORTER_OTLP_ENDPOINT": f"http://127.0.0.1:{free_port()}"}
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr[-3000:]
