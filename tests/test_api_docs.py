"""The API reference builds from the docstrings and stubs without a warning, and
documents every public name."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

import aerospike_py

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.once


def test_api_reference_builds_without_warnings_and_covers_the_public_api(tmp_path):
    out = tmp_path / "api"
    done = subprocess.run([ROOT / "scripts" / "build-docs", out], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Warning" not in done.stderr, done.stderr
    page = (out / "aerospike_py.html").read_text()
    missing = [name for name in aerospike_py.__all__ if f'id="{name}"' not in page and f">{name}<" not in page]
    assert not missing, f"not in the API reference: {missing}"
    client = (out / "aerospike_py.html").read_text()
    for method in ("put", "get", "batch_read", "operate", "query", "truncate"):
        assert f'id="Client.{method}"' in client, method
