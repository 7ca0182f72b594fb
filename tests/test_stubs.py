"""The stubs match the built module, checked by a machine (mypy's stubtest).

stubtest imports the installed package (whichever tier is built) and compares every
name, signature and class in the .pyi files with the runtime objects.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

pytest.importorskip("mypy")


def test_stubs_match_the_runtime_module():
    done = subprocess.run(
        [sys.executable, "-m", "mypy.stubtest", "aerospike_py"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
