"""The `aerospike-py-testserver` pytest plugin, as a user's suite meets it: the session
fixture, its ini and command-line options, and the factory for servers with options."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest

import aerospike_py
import aerospike_py_testserver
from aerospike_py import exception as ex

pytest_plugins = ["pytester"]

# pytester gives the child run a temporary HOME; in this checkout the server binary
# is (re)built by scripts/test-server through rustup, which looks under the real one.
TOOLCHAIN_ENV = {
    "RUSTUP_HOME": os.environ.get("RUSTUP_HOME", os.path.expanduser("~/.rustup")),
    "CARGO_HOME": os.environ.get("CARGO_HOME", os.path.expanduser("~/.cargo")),
}


@pytest.fixture
def plugin_suite(pytester, monkeypatch):
    """A user's project whose tests use the plugin's fixtures (in a child pytest run)."""
    # The child finds the plugin's package as an installed one would be found.
    package_dir = str(Path(aerospike_py_testserver.__file__).resolve().parent.parent)
    for name, value in TOOLCHAIN_ENV.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [package_dir, os.environ.get("PYTHONPATH")])))
    pytester.makeconftest("pytest_plugins = ['aerospike_py_testserver.plugin']")
    pytester.makepyfile(
        test_user=textwrap.dedent(
            """
            import aerospike_py

            def test_put_get(aerospike_server):
                client = aerospike_py.client(aerospike_server.config).connect()
                key = (aerospike_server.namespaces[0], "s", 1)
                client.put(key, {"a": 1})
                assert client.get(key)[2] == {"a": 1}
                client.close()

            def test_namespaces(aerospike_server):
                assert aerospike_server.namespaces == ["shop", "audit"]
                info = aerospike_py.client(aerospike_server.config).connect().info_random_node("namespaces")
                assert "shop" in info and "audit" in info
            """
        )
    )
    return pytester


def test_session_fixture_with_ini_namespaces(plugin_suite):
    plugin_suite.makeini("[pytest]\naerospike_namespaces = shop audit\n")
    result = plugin_suite.runpytest_subprocess("-q", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)


def test_command_line_namespaces(plugin_suite):
    result = plugin_suite.runpytest_subprocess(
        "-q", "-p", "no:cacheprovider", "--aerospike-namespace=shop", "--aerospike-namespace=audit"
    )
    result.assert_outcomes(passed=2)


def test_factory_passes_options_to_the_server(aerospike_server_factory):
    server = aerospike_server_factory(namespaces=["ttl"], default_ttl=100)
    client = aerospike_py.client(server.config).connect()
    try:
        key = ("ttl", "s", 1)
        client.put(key, {"a": 1})
        _, meta, _ = client.get(key)
        assert 90 <= meta["ttl"] <= 100
        with pytest.raises(ex.NamespaceNotFound):
            client.put(("test", "s", 1), {"a": 1})
    finally:
        client.close()


def test_a_bad_option_is_a_clear_error(aerospike_server_factory):
    from aerospike_py_testserver import ServerNotReady

    with pytest.raises(ServerNotReady, match="unknown argument"):
        aerospike_server_factory(no_such_flag=1)
