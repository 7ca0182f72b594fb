"""From the built artifacts alone: each distribution installs into fresh venvs of every
Python the machine has (3.10-3.13), passes a smoke test, and a user's own test suite
(examples/inventory) runs against the pytest plugin's server.

Needs ``scripts/build-wheels`` (``scripts/test`` runs it first). Without the artifacts
the tests skip, unless ``AEROSPIKE_PY_REQUIRE_WHEELS=1`` (as in CI). A Python version
the machine lacks is skipped with a message. Installs are offline (``--no-index``):
pytest and its dependencies come from a wheelhouse downloaded once per session.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
import tarfile
import textwrap
import zipfile
from pathlib import Path

import pytest

from aerospike_py._distribution import DISTRIBUTIONS as TIERS

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "dist"
PYTHONS = ("3.10", "3.11", "3.12", "3.13")

pytestmark = pytest.mark.once


def artifacts(folder: str, pattern: str) -> list[Path]:
    found = sorted((DIST / folder).glob(pattern))
    if not found:
        message = f"no {pattern} in {DIST / folder}: run scripts/build-wheels"
        if os.environ.get("AEROSPIKE_PY_REQUIRE_WHEELS") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return found


def find_python(version: str) -> str | None:
    candidates = sorted(glob.glob(f"{os.path.expanduser('~')}/.pyenv/versions/{version}.*/bin/python{version}"))
    candidates.append(shutil.which(f"python{version}"))
    for candidate in candidates:
        # pyenv's shims answer for every version but run only the selected ones.
        if candidate and "/shims/" not in candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def run(*cmd, cwd=None, env=None, timeout=600) -> str:
    done = subprocess.run(
        [str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )
    assert done.returncode == 0, f"{' '.join(map(str, cmd))} -> {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="session")
def wheelhouse(tmp_path_factory) -> Path:
    """pytest and its dependencies for every Python in range (downloaded once)."""
    house = tmp_path_factory.mktemp("wheelhouse")
    for version in PYTHONS:
        run(
            sys.executable, "-m", "pip", "download", "--quiet", "--only-binary=:all:",
            "--python-version", version, "--dest", house, "pytest>=7",
            # Markers are evaluated for this interpreter, not the target: name 3.10's extras.
            "tomli>=1", "exceptiongroup>=1",
        )
    return house


def fresh_venv(python: str, where: Path) -> Path:
    run(python, "-m", "venv", where)
    return where / "bin" / "python"


SMOKE = textwrap.dedent(
    """
    import sys, warnings
    warnings.simplefilter("error")  # a conflicting-distributions warning fails the smoke test
    import aerospike_py
    from aerospike_py_testserver import TestServer
    tier = sys.argv[1]
    assert aerospike_py.INSTRUMENTATION_TIER == tier, aerospike_py.INSTRUMENTATION_TIER
    with TestServer(namespaces=["test"]) as server:
        client = aerospike_py.client(server.config).connect()
        key = ("test", "smoke", 1)
        client.put(key, {"n": 1, "s": "x"})
        assert client.get(key)[2] == {"n": 1, "s": "x"}
        client.close()
    metrics = aerospike_py.get_metrics()
    assert ("db_client_operation_duration_seconds" in metrics) == (tier != "none"), metrics[:200]
    print("SMOKE OK", tier, sys.version_info[:2])
    """
)


@pytest.mark.parametrize("version", PYTHONS)
@pytest.mark.parametrize("tier", list(TIERS))
def test_wheel_installs_and_runs_a_user_suite(tier, version, wheelhouse, tmp_path):
    python = find_python(version)
    if python is None:
        pytest.skip(f"Python {version} is not on this machine")
    (wheel,) = artifacts(tier, "*.whl")
    (server_wheel,) = artifacts("testserver", "*.whl")
    venv_python = fresh_venv(python, tmp_path / "venv")
    dist = TIERS[tier]
    run(
        venv_python, "-m", "pip", "install", "--quiet", "--no-index",
        "--find-links", wheel.parent, "--find-links", server_wheel.parent, "--find-links", wheelhouse,
        f"{dist}[testing]",
    )
    assert f"SMOKE OK {tier}" in run(venv_python, "-c", SMOKE, tier, cwd=tmp_path)
    project = tmp_path / "inventory"
    shutil.copytree(ROOT / "examples" / "inventory", project)
    out = run(venv_python, "-m", "pytest", "-q", "-p", "no:cacheprovider", cwd=project)
    assert "4 passed" in out, out


def test_two_tiers_installed_together_are_reported_at_import(wheelhouse, tmp_path):
    venv_python = fresh_venv(find_python("3.11") or sys.executable, tmp_path / "venv")
    for tier in ("metrics-only", "none"):
        (wheel,) = artifacts(tier, "*.whl")
        run(venv_python, "-m", "pip", "install", "--quiet", "--no-index", "--no-deps", wheel)
    probe = "import warnings; warnings.simplefilter('error'); import aerospike_py"
    done = subprocess.run([venv_python, "-c", probe], capture_output=True, text=True)
    assert done.returncode != 0
    assert "ConflictingDistributionsWarning" in done.stderr
    assert "aerospike-py-slim" in done.stderr and "aerospike-py-bare" in done.stderr


@pytest.mark.parametrize("tier", list(TIERS))
def test_wheel_is_portable_and_says_its_tier(tier):
    (wheel,) = artifacts(tier, "*.whl")
    dist = TIERS[tier].replace("-", "_")
    assert wheel.name.startswith(f"{dist}-"), wheel.name
    assert "manylinux_2_17_x86_64" in wheel.name and "abi3" in wheel.name, wheel.name
    with zipfile.ZipFile(wheel) as zf:
        (meta,) = [n for n in zf.namelist() if n.endswith(".dist-info/METADATA")]
        text = zf.read(meta).decode()
        names = zf.namelist()
    assert f"\nName: {TIERS[tier]}\n" in text
    assert f"instrumentation-tier-{tier}" in text
    assert any(n.startswith("aerospike_py/_native") for n in names)


def test_glibc_symbols_stay_within_manylinux2014():
    """No versioned glibc symbol newer than 2.17 in any native library."""
    for tier in TIERS:
        (wheel,) = artifacts(tier, "*.whl")
        with zipfile.ZipFile(wheel) as zf:
            (lib,) = [n for n in zf.namelist() if n.startswith("aerospike_py/_native") and n.endswith(".so")]
            data = zf.read(lib)
        versions = {tuple(int(p) for p in v.split(b".")) for v in _glibc_versions(data)}
        assert versions and max(versions) <= (2, 17), (tier, sorted(versions)[-3:])


def _glibc_versions(data: bytes) -> set[bytes]:
    import re

    return set(re.findall(rb"GLIBC_(\d+\.\d+(?:\.\d+)?)", data))


def test_sdist_carries_what_a_pip_build_needs():
    """scripts/build-wheels builds every wheel with `pip wheel` from this sdist; here its
    contents are checked: the Rust crate, its lock file, the Python package and stubs."""
    (sdist,) = artifacts("sdist", "*.tar.gz")
    with tarfile.open(sdist) as tf:
        names = {n.split("/", 1)[1] for n in tf.getnames() if "/" in n}
    for needed in ("Cargo.toml", "Cargo.lock", "pyproject.toml", "src/lib.rs", "python/aerospike_py/__init__.py",
                   "python/aerospike_py/_native.pyi", "python/aerospike_py/py.typed"):
        assert needed in names, f"{needed} missing from {sdist.name}"
    assert not any(n.startswith(("tests/", "target/", "dist/")) for n in names), "tests or build output in the sdist"
