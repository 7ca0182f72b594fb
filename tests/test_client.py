"""Client lifecycle and configuration validation."""

from __future__ import annotations

import asyncio
import socket
import time
import uuid

import pytest

import aerospike_py
from aerospike_py import exception as ex


def _free_port() -> int:
    """A loopback port that nothing listens on (bound then released)."""
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


# --------------------------------------------------------------------------
# sync lifecycle
# --------------------------------------------------------------------------


def test_client_factory_returns_client(make_config):
    c = aerospike_py.client(make_config())
    assert isinstance(c, aerospike_py.Client)
    assert c.is_connected() is False


def test_connect_returns_self_and_is_connected(make_config):
    c = aerospike_py.client(make_config())
    assert c.is_connected() is False
    try:
        assert c.connect() is c
        assert c.is_connected() is True
    finally:
        c.close()
    assert c.is_connected() is False


def test_client_class_constructor(make_config):
    c = aerospike_py.Client(make_config())
    try:
        assert c.connect() is c
        assert c.is_connected() is True
    finally:
        c.close()


def test_connect_accepts_username_password_none(make_config):
    c = aerospike_py.client(make_config())
    try:
        assert c.connect(None, None) is c
        assert c.is_connected() is True
    finally:
        c.close()


def test_client_fixture_kinds(client, client_kind):
    """The parametrised fixture really drives both front ends."""
    if client_kind == "async":
        assert isinstance(client.wrapped, aerospike_py.AsyncClient)
    else:
        assert isinstance(client, aerospike_py.Client)
    assert client.is_connected() is True


def test_close_twice_is_safe(make_config):
    c = aerospike_py.client(make_config()).connect()
    c.close()
    c.close()
    assert c.is_connected() is False


def test_close_never_connected_is_safe(make_config):
    c = aerospike_py.client(make_config())
    c.close()
    assert c.is_connected() is False


def test_context_manager_closes(make_config, key):
    with aerospike_py.client(make_config()).connect() as c:
        assert isinstance(c, aerospike_py.Client)
        assert c.is_connected() is True
        c.put(key, {"a": 1})
        assert c.get(key)[2] == {"a": 1}
    assert c.is_connected() is False


def test_context_manager_connects_if_needed(make_config):
    cm = aerospike_py.client(make_config())
    with cm as c:
        assert c is cm
        assert c.is_connected() is True
    assert cm.is_connected() is False


def test_context_manager_closes_on_exception(make_config):
    c = aerospike_py.client(make_config()).connect()
    with pytest.raises(RuntimeError):
        with c:
            raise RuntimeError("boom")
    assert c.is_connected() is False


def test_reconnect_after_close(make_config, key):
    c = aerospike_py.client(make_config()).connect()
    c.close()
    try:
        c.connect()
    except ex.ClientError:
        pytest.skip("reconnecting a closed client is not supported")
    try:
        assert c.is_connected() is True
        c.put(key, {"a": 1})
        assert c.get(key)[2] == {"a": 1}
    finally:
        c.close()


def test_ops_on_unconnected_client_raise_client_error(make_config, key):
    c = aerospike_py.client(make_config())
    with pytest.raises(ex.ClientError):
        c.get(key)
    with pytest.raises(ex.ClientError):
        c.put(key, {"a": 1})


def test_ops_on_closed_client_raise_client_error(make_config, key):
    c = aerospike_py.client(make_config()).connect()
    c.close()
    for call in (
        lambda: c.put(key, {"a": 1}),
        lambda: c.get(key),
        lambda: c.exists(key),
        lambda: c.remove(key),
        lambda: c.increment(key, "n", 1),
    ):
        with pytest.raises(ex.ClientError):
            call()


# --------------------------------------------------------------------------
# async lifecycle
# --------------------------------------------------------------------------


def test_async_connect_returns_self(make_config):
    async def main():
        c = aerospike_py.AsyncClient(make_config())
        assert c.is_connected() is False
        assert (await c.connect()) is c
        assert c.is_connected() is True
        await c.close()
        assert c.is_connected() is False
        await c.close()  # twice is safe
        assert c.is_connected() is False

    asyncio.run(main())


def test_async_context_manager_connects_and_closes(make_config, key):
    async def main():
        async with aerospike_py.AsyncClient(make_config()) as c:
            assert isinstance(c, aerospike_py.AsyncClient)
            assert c.is_connected() is True
            await c.put(key, {"a": 1})
            _, _, bins = await c.get(key)
            assert bins == {"a": 1}
        assert c.is_connected() is False

    asyncio.run(main())


def test_async_context_manager_on_connected_client(make_config):
    async def main():
        c = await aerospike_py.AsyncClient(make_config()).connect()
        async with c as inner:
            assert inner is c
            assert c.is_connected() is True
        assert c.is_connected() is False

    asyncio.run(main())


def test_async_ops_on_unconnected_client_raise_client_error(make_config, key):
    async def main():
        c = aerospike_py.AsyncClient(make_config())
        with pytest.raises(ex.ClientError):
            await c.get(key)

    asyncio.run(main())


def test_async_ops_on_closed_client_raise_client_error(make_config, key):
    async def main():
        c = await aerospike_py.AsyncClient(make_config()).connect()
        await c.close()
        with pytest.raises(ex.ClientError):
            await c.put(key, {"a": 1})
        with pytest.raises(ex.ClientError):
            await c.get(key)

    asyncio.run(main())


# --------------------------------------------------------------------------
# connection failures
# --------------------------------------------------------------------------


def _dead_config(port):
    return {
        "hosts": [("127.0.0.1", port)],
        "timeout": 300,
        "policies": {"read": {"total_timeout": 300}, "write": {"total_timeout": 300}},
    }


def test_connect_nothing_listening_raises_client_error():
    cfg = _dead_config(_free_port())
    t0 = time.monotonic()
    with pytest.raises(ex.ClientError) as info:
        aerospike_py.client(cfg).connect()
    elapsed = time.monotonic() - t0
    assert elapsed < 10, f"connect to a dead port took {elapsed:.1f}s"
    assert isinstance(info.value.code, int)
    assert info.value.code < 0  # client-side error codes are negative


def test_async_connect_nothing_listening_raises_client_error():
    cfg = _dead_config(_free_port())

    async def main():
        await aerospike_py.AsyncClient(cfg).connect()

    t0 = time.monotonic()
    with pytest.raises(ex.ClientError):
        asyncio.run(main())
    assert time.monotonic() - t0 < 10


def test_connect_silent_server_fails_within_timeout():
    """A peer that accepts TCP but never answers must not hang connect()."""
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.bind(("127.0.0.1", 0))
    srv.listen(64)
    try:
        cfg = {"hosts": [("127.0.0.1", srv.getsockname()[1])], "timeout": 500}
        t0 = time.monotonic()
        with pytest.raises(ex.AerospikeError):
            aerospike_py.client(cfg).connect()
        assert time.monotonic() - t0 < 15
    finally:
        srv.close()


# --------------------------------------------------------------------------
# valid configuration with policies
# --------------------------------------------------------------------------


def test_full_valid_config_connects(make_config, key):
    cfg = make_config(
        timeout=2000,
        max_conns_per_node=16,
        tend_interval=1000,
        policies={
            "read": {"total_timeout": 2000, "socket_timeout": 1000, "max_retries": 2},
            "write": {
                "total_timeout": 2000,
                "socket_timeout": 1000,
                "max_retries": 0,
                "key": aerospike_py.POLICY_KEY_SEND,
                "exists": aerospike_py.POLICY_EXISTS_IGNORE,
                "gen": aerospike_py.POLICY_GEN_IGNORE,
                "durable_delete": False,
            },
            "remove": {"total_timeout": 2000, "gen": aerospike_py.POLICY_GEN_IGNORE},
            "operate": {"total_timeout": 2000},
        },
    )
    with aerospike_py.client(cfg).connect() as c:
        c.put(key, {"a": 1})
        assert c.get(key)[2] == {"a": 1}


def test_config_write_policy_default_is_applied(make_config, key):
    """A default write policy from the config is used when the call passes none."""
    cfg = make_config(policies={"write": {"exists": aerospike_py.POLICY_EXISTS_CREATE}})
    with aerospike_py.client(cfg).connect() as c:
        c.put(key, {"a": 1})
        with pytest.raises(ex.RecordExistsError):
            c.put(key, {"a": 2})
        # an explicit per-call policy overrides the default
        c.put(key, {"a": 3}, policy={"exists": aerospike_py.POLICY_EXISTS_UPDATE})
        assert c.get(key)[2] == {"a": 3}


# --------------------------------------------------------------------------
# configuration validation
# --------------------------------------------------------------------------

BAD_CONFIGS = [
    pytest.param({"bogus_option": 1}, ("bogus_option",), id="unknown-top-level-key"),
    pytest.param({"policies": {"bogus_kind": {}}}, ("bogus_kind",), id="unknown-policy-kind"),
    pytest.param({"policies": {"read": {"bogus_key": 1}}}, ("bogus_key",), id="unknown-policy-key"),
    pytest.param({"policies": {"write": {"total_timeout": "1000"}}}, ("total_timeout",), id="policy-timeout-str"),
    pytest.param({"policies": {"read": {"total_timeout": -5}}}, ("total_timeout",), id="policy-timeout-negative"),
    pytest.param({"policies": "fast"}, ("policies",), id="policies-not-dict"),
    pytest.param({"policies": {"read": 5}}, ("read",), id="policy-kind-not-dict"),
    pytest.param({"hosts": "127.0.0.1:3000"}, ("hosts",), id="hosts-not-list"),
    pytest.param({"hosts": [("127.0.0.1", "3000")]}, ("port", "hosts"), id="port-str"),
    pytest.param({"hosts": [(3000, 3000)]}, ("host",), id="host-not-str"),
    pytest.param({"timeout": -1}, ("timeout",), id="timeout-negative"),
    pytest.param({"timeout": "1000"}, ("timeout",), id="timeout-str"),
    pytest.param({"max_conns_per_node": "many"}, ("max_conns_per_node",), id="max-conns-str"),
    pytest.param({"tend_interval": -1}, ("tend_interval",), id="tend-interval-negative"),
    pytest.param({"cluster_name": 5}, ("cluster_name",), id="cluster-name-int"),
]


def _bad_config(make_config, override):
    cfg = make_config()
    cfg.update(override)
    return cfg


def _assert_names(exc, names):
    text = str(exc)
    assert any(n in text for n in names), f"message {text!r} does not name any of {names}"


@pytest.mark.parametrize("override,names", BAD_CONFIGS)
def test_bad_config_sync_raises_param_error(make_config, override, names):
    cfg = _bad_config(make_config, override)
    with pytest.raises(ex.ParamError) as info:
        c = aerospike_py.client(cfg)
        try:
            c.connect()
        finally:
            c.close()
    _assert_names(info.value, names)


@pytest.mark.parametrize("override,names", BAD_CONFIGS)
def test_bad_config_async_raises_param_error(make_config, override, names):
    cfg = _bad_config(make_config, override)

    async def main():
        c = aerospike_py.AsyncClient(cfg)
        try:
            await c.connect()
        finally:
            await c.close()

    with pytest.raises(ex.ParamError) as info:
        asyncio.run(main())
    _assert_names(info.value, names)


def test_config_not_a_dict_raises_param_error(server_address):
    with pytest.raises(ex.ParamError):
        aerospike_py.client([server_address]).connect()


def test_config_missing_hosts_raises_param_error():
    with pytest.raises(ex.ParamError) as info:
        aerospike_py.client({}).connect()
    assert "hosts" in str(info.value)


def test_bad_config_does_not_mutate_input(make_config):
    cfg = make_config(bogus_option=1)
    snapshot = repr(cfg)
    with pytest.raises(ex.ParamError):
        aerospike_py.client(cfg).connect()
    assert repr(cfg) == snapshot


def test_unique_keys_helper_sanity(key):
    # guards the fixtures the rest of the suite relies on
    ns, set_name, user_key = key
    assert isinstance(ns, str) and isinstance(set_name, str)
    assert uuid.UUID(hex=user_key)
