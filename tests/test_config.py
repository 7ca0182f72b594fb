"""Client config keys: one table (src/policy/config.rs), every key honoured through
the crate's client policy, accepted as a documented no-op, or refused with a reason;
docs/config.md and docs/policies.md are generated from the tables."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import aerospike_py
from aerospike_py import _native
from aerospike_py import exception as ex

ROOT = Path(__file__).resolve().parent.parent
KEYS = {name: status for name, status, _ in _native._config_keys()}

# The official client's config keys (19.3, checked with `validate_keys` below).
OFFICIAL_CONFIG_KEYS = {
    "rack_aware", "rack_id", "rack_ids", "min_conns_per_node", "max_conns_per_node", "max_socket_idle",
    "use_services_alternate", "tend_interval", "cluster_name", "user", "password", "shm", "lua", "thread_pool_size",
    "tls", "hosts", "connect_timeout", "max_error_rate", "error_rate_window", "fail_if_not_connected",
    "force_single_node", "app_id", "max_threads", "serialization", "strict_types", "send_bool_as",
    "use_shared_connection", "compression_threshold", "config_provider", "validate_keys", "policies",
}  # fmt: skip

# A valid value for every honoured or no-op key that still lets the client connect.
SAMPLE = {
    "cluster_name": None, "timeout": 2000, "connect_timeout": 2000, "login_timeout": 2000, "login_timeout_ms": 2000,
    "idle_timeout": 30000, "max_socket_idle": 30, "tend_interval": 500, "max_conns_per_node": 50,
    "min_conns_per_node": 0, "conn_pools_per_node": 1, "max_error_rate": 100, "error_rate_window": 1,
    "use_services_alternate": False, "rack_aware": True, "rack_id": 0, "rack_ids": [0, 1],
    "fail_if_not_connected": True, "force_single_node": False, "app_id": "aspy-tests", "auth_mode": 0,
    "lua": {"system_path": "/x", "user_path": "/y"}, "shm": {"shm_max_nodes": 16}, "thread_pool_size": 16,
    "max_threads": 16, "use_shared_connection": False, "validate_keys": True, "strict_types": True,
    "send_bool_as": 1, "compression_threshold": 0, "policies": {},
}  # fmt: skip


def test_every_official_key_is_in_the_table():
    # login_timeout_ms: the official client takes it in `policies`; the issue asks for it here too.
    assert not (OFFICIAL_CONFIG_KEYS | {"login_timeout_ms"}) - set(KEYS)


@pytest.mark.interop
def test_official_config_keys_are_what_the_official_client_accepts(official_aerospike, server_address):
    from aerospike import exception as oex

    def refuses(name):
        try:
            official_aerospike.client({"hosts": [server_address], "validate_keys": True, name: 0})
        except oex.ParamError as e:
            return "invalid" in str(e.msg).lower() and name in str(e.msg) and "value" not in str(e.msg).lower()
        except Exception:
            pass
        return False

    assert refuses("no_such_config_key")
    assert not [name for name in sorted(OFFICIAL_CONFIG_KEYS) if refuses(name)]


def test_every_accepted_key_has_a_sample():
    accepted = {n for n, s in KEYS.items() if s != "refused"} - {"hosts", "user", "password", "tls"}
    assert not accepted - set(SAMPLE)


@pytest.mark.parametrize("name", sorted(set(SAMPLE) - {"cluster_name"}))
def test_each_key_is_accepted_and_the_client_connects(make_config, name):
    extra = {name: SAMPLE[name]}
    if name in ("rack_id", "rack_ids"):
        extra["rack_aware"] = True
    c = aerospike_py.client(make_config(**extra)).connect()
    try:
        assert c.is_connected() and c.info("build")
    finally:
        c.close()


def test_cluster_name_must_match_the_servers(make_config, server_address):
    probe = aerospike_py.client(make_config()).connect()
    name = probe.info("cluster-name").strip()
    probe.close()
    if name and name != "null":
        aerospike_py.client(make_config(cluster_name=name)).connect().close()
    with pytest.raises(ex.AerospikeError):
        aerospike_py.client(make_config(cluster_name="no-such-cluster", timeout=1000)).connect()


@pytest.mark.parametrize("name", sorted(n for n, s in KEYS.items() if s == "refused"))
def test_refused_keys_say_why(make_config, name):
    with pytest.raises(ex.ParamError, match=f"config '{name}' is not supported: .+"):
        aerospike_py.client(make_config(**{name: 1}))


@pytest.mark.parametrize(
    ("extra", "named"),
    [
        ({"tend_interval": 100}, "tend_interval"),
        ({"max_conns_per_node": 0}, "max_conns_per_node"),
        ({"min_conns_per_node": 10, "max_conns_per_node": 5}, "min_conns_per_node"),
        ({"rack_ids": []}, "rack_ids"),
        ({"rack_ids": [1, "2"]}, "rack_ids"),
        ({"rack_id": -1}, "rack_id"),
        ({"rack_aware": 1}, "rack_aware"),
        ({"max_socket_idle": 2**40}, "max_socket_idle"),
        ({"lua": "/path"}, "lua"),
        ({"strict_types": False}, "strict_types"),
        ({"send_bool_as": 0}, "send_bool_as"),
        ({"auth_mode": 7}, "auth_mode"),
        ({"tls": {"enable": True}}, "tls"),
        ({"policies": {"login_timeout_ms": "1"}}, "login_timeout_ms"),
        ({"bogus": 1}, "bogus"),
    ],
    ids=repr,
)
def test_bad_config_names_the_key(make_config, extra, named):
    with pytest.raises(ex.ParamError, match=named):
        aerospike_py.client(make_config(**extra))


def test_policies_take_the_official_client_settings(make_config):
    cfg = make_config(policies={"login_timeout_ms": 2000, "auth_mode": 0, "thread_pool_size": 4, "max_threads": 4})
    aerospike_py.client(cfg).connect().close()


def test_user_and_password_go_together(make_config):
    with pytest.raises(ex.ParamError, match="together"):
        aerospike_py.client(make_config(user="u")).connect()
    with pytest.raises(ex.ParamError, match="together"):
        aerospike_py.client(make_config()).connect(username="u")


def test_key_docs_are_generated_from_the_tables():
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "generate-key-docs"), "--check"], capture_output=True)
    assert done.returncode == 0, done.stderr.decode()


@pytest.mark.interop
def test_an_official_style_config_works_unchanged_in_both(official_aerospike, server_address, new_key):
    """One config dict as a program written for the official client passes it: C-core
    settings, shared policy defaults, per-kind defaults, rack awareness."""
    cfg = {
        "hosts": [server_address],
        "lua": {"user_path": "/tmp"},
        "shm": {"shm_max_nodes": 16},
        "thread_pool_size": 8,
        "max_socket_idle": 55,
        "tend_interval": 1000,
        "use_services_alternate": False,
        "rack_aware": True,
        "rack_id": 0,
        "max_conns_per_node": 100,
        "min_conns_per_node": 0,
        "policies": {
            "total_timeout": 2000,
            "max_retries": 1,
            "key": official_aerospike.POLICY_KEY_SEND,
            "login_timeout_ms": 3000,
            "read": {"read_mode_ap": official_aerospike.POLICY_READ_MODE_AP_ONE, "deserialize": True},
            "write": {"exists": official_aerospike.POLICY_EXISTS_IGNORE, "durable_delete": False},
            "batch": {"allow_inline": True, "respond_all_keys": True},
            "query": {"expected_duration": official_aerospike.QUERY_DURATION_LONG},
            "info": {"timeout": 2000},
        },
    }
    key = new_key()
    official = official_aerospike.client(dict(cfg)).connect()
    ours = aerospike_py.client(dict(cfg)).connect()
    try:
        official.put(key, {"a": 1})
        ours.put(key, {"b": 2})
        assert ours.get(key).bins == official.get(key)[2] == {"a": 1, "b": 2}
    finally:
        official.close()
        ours.close()


# The top level of the official client's config `policies` (19.3, checked below).
OFFICIAL_POLICIES_TOP_LEVEL = {
    "read", "write", "apply", "operate", "remove", "query", "scan", "batch", "info", "admin", "batch_write",
    "batch_apply", "batch_remove", "batch_parent_write", "txn_verify", "txn_roll", "metrics", "exists", "key",
    "replica", "commit_level", "read_mode_ap", "auth_mode", "total_timeout", "max_retries", "socket_timeout",
    "login_timeout_ms", "thread_pool_size", "max_threads",
}  # fmt: skip


def test_every_official_policies_entry_is_known():
    known = {name for name, _, _ in _native._policies_top_level_keys()}
    assert not OFFICIAL_POLICIES_TOP_LEVEL - known


@pytest.mark.interop
def test_official_policies_entries_are_what_the_official_client_accepts(official_aerospike, server_address):
    from aerospike import exception as oex

    def refuses(name):
        try:
            official_aerospike.client({"hosts": [server_address], "validate_keys": True, "policies": {name: 0}})
        except oex.ParamError as e:
            return "invalid" in str(e.msg).lower() and name in str(e.msg) and "value" not in str(e.msg).lower()
        except Exception:  # noqa: BLE001 - a bad value is past key validation
            pass
        return False

    assert refuses("no_such_policies_entry")
    assert not [name for name in sorted(OFFICIAL_POLICIES_TOP_LEVEL) if refuses(name)]
