"""The stubs match the built module, checked by a machine (mypy's stubtest).

stubtest imports the installed package (whichever tier is built) and compares every
name, signature and class in the .pyi files with the runtime objects.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("mypy")

# Each entry with its reason; stubtest also fails on an entry that no longer matches.
ALLOWLIST = Path(__file__).with_name("stubtest-allowlist.txt")


def test_stubs_match_the_runtime_module():
    done = subprocess.run(
        [sys.executable, "-m", "mypy.stubtest", "aerospike_py", "--allowlist", str(ALLOWLIST)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
