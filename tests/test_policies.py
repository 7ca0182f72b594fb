"""Policy dicts: every key the official client takes for a kind is known here (honoured
through the crate, an accepted no-op, or refused with a reason), keys reach the crate,
and config `policies` takes a default for every kind."""

from __future__ import annotations

import pytest

import aerospike_py
from aerospike_py import _native
from aerospike_py import exception as ex
from aerospike_py import operations as op

BASE = {
    "compress", "connect_timeout", "error_detail_verbosity", "expressions", "max_retries", "replica",
    "sleep_between_retries", "socket_timeout", "timeout_delay", "total_timeout", "txn",
}  # fmt: skip
READS = {"deserialize", "read_mode_ap", "read_mode_sc", "read_touch_ttl_percent"}
WRITES = {"commit_level", "durable_delete", "key", "gen"}

# The keys the official client (19.3) accepts per kind, from its documentation; the
# interop test below checks each against the installed official client.
OFFICIAL_KEYS = {
    "read": BASE | READS | {"key"},
    "write": BASE | WRITES | {"exists", "ttl", "on_locking_only", "compression_threshold"},
    "operate": BASE | READS | WRITES | {"exists", "ttl", "on_locking_only"},
    "remove": BASE | WRITES | {"generation"},
    "apply": BASE | {"commit_level", "durable_delete", "key", "ttl", "on_locking_only"},
    "batch": BASE | READS | {"allow_inline", "allow_inline_ssd", "respond_all_keys", "concurrent"},
    "query": BASE | {"deserialize", "expected_duration", "short_query"},
    "scan": BASE | {"durable_delete", "max_records", "partition_filter", "records_per_second", "ttl"},
    "info": {"timeout", "send_as_is", "check_bounds"},
    "admin": {"timeout"},
    "batch_read": {"read_mode_ap", "read_mode_sc", "expressions", "read_touch_ttl_percent"},
    "batch_write": {"commit_level", "durable_delete", "expressions", "gen", "key", "exists", "on_locking_only", "ttl"},
    "batch_remove": {"commit_level", "durable_delete", "expressions", "gen", "key", "generation"},
    "batch_apply": {"commit_level", "durable_delete", "expressions", "key", "on_locking_only", "ttl"},
}
# Keys the issue names that come from aerospike-py 0.14.4 rather than the official client.
ASPY_KEYS = {
    "read": {"filter_expression"},
    "query": {"max_records", "records_per_second", "include_bin_data", "max_concurrent_nodes", "record_queue_size"},
    "batch": {"concurrency"},
}

# A valid value for every honoured or no-op key, chosen not to change what the call does.
SAMPLE = {
    "total_timeout": 2000, "socket_timeout": 2000, "max_retries": 1, "sleep_between_retries": 0,
    "timeout_delay": 0, "compress": False, "compression_threshold": 0, "replica": 2,
    "error_detail_verbosity": 0, "expressions": None, "filter_expression": None,
    "read_mode_ap": 0, "read_mode_sc": 0, "read_touch_ttl_percent": 0, "deserialize": True,
    "key": 0, "exists": 0, "gen": 0, "generation": 0, "commit_level": 0, "durable_delete": False,
    "ttl": 0, "on_locking_only": False, "allow_inline": True, "allow_inline_ssd": False,
    "respond_all_keys": True, "concurrent": True, "concurrency": 0, "expected_duration": 0,
    "short_query": False, "max_records": 0, "records_per_second": 0, "include_bin_data": True,
    "max_concurrent_nodes": 0, "record_queue_size": 5000, "timeout": 2000, "send_as_is": True,
    "check_bounds": True,
}  # fmt: skip

KEYS = {kind: {name: status for name, status, _ in rows} for kind, rows in _native._policy_keys().items()}


def accepted(kind):
    return sorted(name for name, status in KEYS[kind].items() if status != "refused")


def refused(kind):
    return sorted(name for name, status in KEYS[kind].items() if status == "refused")


def test_every_official_and_aerospike_py_key_is_known():
    assert set(KEYS) == set(OFFICIAL_KEYS)
    for kind, names in OFFICIAL_KEYS.items():
        missing = (names | ASPY_KEYS.get(kind, set())) - set(KEYS[kind])
        assert not missing, f"{kind}: {sorted(missing)}"


def test_the_issues_keys_are_all_handled():
    named = {
        "replica", "read_mode_ap", "read_mode_sc", "timeout_delay", "read_touch_ttl_percent", "compress",
        "deserialize", "respond_all_keys", "allow_inline", "allow_inline_ssd", "concurrency", "expected_duration",
        "records_per_second", "include_bin_data", "max_records", "durable_delete", "expressions", "filter_expression",
    }  # fmt: skip
    everywhere = set().union(*(set(k) for k in KEYS.values()))
    assert named <= everywhere


def test_every_accepted_key_has_a_sample_value():
    missing = {name for kind in KEYS for name in accepted(kind)} - set(SAMPLE)
    assert not missing


@pytest.mark.interop
@pytest.mark.parametrize("kind", sorted(set(OFFICIAL_KEYS) - {"batch_read"}))
def test_official_keys_are_what_the_official_client_accepts(official_aerospike, server_address, kind):
    """Probe the installed official client with `validate_keys`: every key listed for a
    kind is accepted by it, and a made-up key is refused (so the probe can fail)."""
    from aerospike import exception as oex
    from aerospike_helpers.operations import operations as oop

    c = official_aerospike.client({"hosts": [server_address], "validate_keys": True}).connect()
    k = ("test", "demo", "policy-probe")
    try:
        c.put(k, {"a": 1})
        calls = {
            "read": lambda p: c.get(k, policy=p),
            "write": lambda p: c.put(k, {"a": 1}, policy=p),
            "operate": lambda p: c.increment(k, "a", 1, policy=p),
            "remove": lambda p: c.remove(("test", "demo", "policy-probe-none"), policy=p),
            "apply": lambda p: c.apply(k, "nomodule", "nofunction", [], policy=p),
            "batch": lambda p: c.batch_read([k], policy=p),
            "query": lambda p: c.query("test", "demo").results(policy=p),
            "scan": lambda p: c.scan("test", "demo").results(policy=p),
            "info": lambda p: c.info_all("build", policy=p),
            "admin": lambda p: c.admin_query_users_info(policy=p),
            "batch_write": lambda p: c.batch_operate([k], [oop.increment("a", 1)], policy_batch_write=p),
            "batch_remove": lambda p: c.batch_remove([("test", "demo", "policy-probe-none")], policy_batch_remove=p),
            "batch_apply": lambda p: c.batch_apply([k], "nomodule", "nofunction", [], policy_batch_apply=p),
        }

        def refuses(name):
            try:
                calls[kind]({name: 0})
            except oex.ParamError as e:
                return "invalid" in str(e.msg).lower() and name in str(e.msg)
            except oex.AerospikeError:
                pass  # got past key validation
            return False

        assert refuses("no_such_policy_key")
        assert not [name for name in sorted(OFFICIAL_KEYS[kind]) if refuses(name)]
    finally:
        c.remove(k)
        c.close()


# -- every kind through config `policies` -------------------------------------------


@pytest.mark.parametrize("kind", sorted(KEYS))
def test_config_policies_take_every_accepted_key_of_every_kind(make_config, kind):
    aerospike_py.client(make_config(policies={kind: {name: SAMPLE[name] for name in accepted(kind)}}))


@pytest.mark.parametrize(("kind", "name"), [(k, n) for k in sorted(KEYS) for n in refused(k)])
def test_refused_keys_say_why(make_config, kind, name):
    with pytest.raises(ex.ParamError, match=f"'{name}' is not supported: .+"):
        aerospike_py.client(make_config(policies={kind: {name: 0}}))


@pytest.mark.parametrize("kind", sorted(KEYS))
def test_unknown_keys_are_named(make_config, kind):
    with pytest.raises(ex.ParamError, match="unknown .* key 'bogus_key'"):
        aerospike_py.client(make_config(policies={kind: {"bogus_key": 1}}))


@pytest.mark.parametrize(
    ("policy", "named"),
    [
        ({"replica": 9}, "replica"),
        ({"read_mode_ap": 2}, "read_mode_ap"),
        ({"read_mode_sc": 4}, "read_mode_sc"),
        ({"read_touch_ttl_percent": 101}, "read_touch_ttl_percent"),
        ({"read_touch_ttl_percent": -2}, "read_touch_ttl_percent"),
        ({"read_touch_ttl_percent": "80"}, "read_touch_ttl_percent"),
        ({"timeout_delay": -1}, "timeout_delay"),
        ({"compress": 1}, "compress"),
        ({"deserialize": False}, "deserialize"),
        ({"total_timeout": 2**40}, "total_timeout"),
    ],
    ids=repr,
)
def test_bad_values_name_the_key(client, key, policy, named):
    with pytest.raises(ex.ParamError, match=named):
        client.get(key, policy=policy)


# -- per call, on both clients --------------------------------------------------------


def test_read_write_operate_remove_take_all_their_keys(client, key):
    client.put(key, {"a": 1}, policy={n: SAMPLE[n] for n in accepted("write")})
    assert client.get(key, policy={n: SAMPLE[n] for n in accepted("read")}).bins == {"a": 1}
    client.increment(key, "a", 1, policy={n: SAMPLE[n] for n in accepted("operate")})
    assert client.operate(key, [op.read("a")], policy={n: SAMPLE[n] for n in accepted("operate")}).bins == {"a": 2}
    client.remove(key, policy={n: SAMPLE[n] for n in accepted("remove")})
    assert client.exists(key).meta is None


def test_batch_calls_take_their_kinds(client, new_key):
    keys = [new_key() for _ in range(3)]
    batch = {n: SAMPLE[n] for n in accepted("batch")}
    written = client.batch_operate(keys, [op.write("a", 1)], batch, {n: SAMPLE[n] for n in accepted("batch_write")})
    assert [r.result for r in written.batch_records] == [0, 0, 0]
    assert [r.result for r in client.batch_read(keys, policy=batch).batch_records] == [0, 0, 0]
    removed = client.batch_remove(keys, batch, {n: SAMPLE[n] for n in accepted("batch_remove")})
    assert [r.result for r in removed.batch_records] == [0, 0, 0]


def test_query_scan_info_take_their_kinds(_admin_client, client, namespace):
    # Query and scan policies are read by Query.results, which is the same object for
    # both clients; the sync one is enough.
    assert isinstance(_admin_client.query(namespace, "demo").results({n: SAMPLE[n] for n in accepted("query")}), list)
    assert isinstance(_admin_client.scan(namespace, "demo").results({n: SAMPLE[n] for n in accepted("scan")}), list)
    assert client.info("build", policy={n: SAMPLE[n] for n in accepted("info")})


def test_a_scan_refuses_background_keys(_admin_client, namespace):
    with pytest.raises(ex.ParamError, match="scan policy 'durable_delete' is not supported: .*background"):
        _admin_client.scan(namespace, "demo").results({"durable_delete": True})


def test_query_policy_include_bin_data_and_max_records(_admin_client, new_key):
    keys = [new_key(set_name="aspy_policy_q") for _ in range(5)]
    for i, k in enumerate(keys):
        _admin_client.put(k, {"i": i})
    records = _admin_client.scan(keys[0][0], "aspy_policy_q").results({"include_bin_data": False})
    assert len(records) == 5 and all(not r.bins for r in records)
    assert len(_admin_client.query(keys[0][0], "aspy_policy_q").results({"max_records": 2})) <= 2


def _stored_user_key(scanner, key):
    """The user key the server stored with `key`'s record (None: digest only), as a
    scan returns it (`get` answers with the key it was asked for)."""
    digest = aerospike_py.calc_digest(*key)
    (record,) = [r for r in scanner.scan(key[0], key[1]).results() if r.key[3] == digest]
    return record.key[2]


def test_batch_write_sub_policy_reaches_each_record(client, new_key, _admin_client):
    sent, digest_only = new_key(), new_key()
    client.batch_operate([sent], [op.write("a", 1)], None, {"key": aerospike_py.POLICY_KEY_SEND})
    client.batch_operate([digest_only], [op.write("a", 1)])
    assert _stored_user_key(_admin_client, sent) == sent[2]
    assert _stored_user_key(_admin_client, digest_only) is None


def test_batch_remove_sub_policy_checks_the_generation(client, key):
    client.put(key, {"a": 1})
    gen_eq = {"gen": aerospike_py.POLICY_GEN_EQ, "generation": 7}
    (row,) = client.batch_remove([key], None, gen_eq).batch_records
    assert row.result == 3  # generation error, per record
    assert client.exists(key).meta is not None
    (row,) = client.batch_remove([key], None, {**gen_eq, "generation": 1}).batch_records
    assert row.result == 0


def test_remove_policy_generation(client, key):
    client.put(key, {"a": 1})
    with pytest.raises(ex.RecordGenerationError):
        client.remove(key, policy={"gen": aerospike_py.POLICY_GEN_EQ, "generation": 5})
    client.remove(key, policy={"gen": aerospike_py.POLICY_GEN_EQ, "generation": 1})


def test_write_policy_ttl_is_the_default_ttl(client, key):
    client.put(key, {"a": 1}, policy={"ttl": 1000})
    assert 900 < client.get(key).meta.ttl <= 1000
    client.put(key, {"a": 1}, meta={"ttl": 2000}, policy={"ttl": 1000})
    assert 1900 < client.get(key).meta.ttl <= 2000


# -- config defaults -------------------------------------------------------------------


def test_shared_defaults_apply_to_every_kind_that_has_the_key(make_config, key, new_key):
    c = aerospike_py.client(make_config(policies={"key": aerospike_py.POLICY_KEY_SEND})).connect()
    try:
        c.put(key, {"a": 1})
        assert _stored_user_key(c, key) == key[2]
        other = new_key()
        c.batch_operate([other], [op.write("a", 1)])
        assert _stored_user_key(c, other) == other[2]  # the batch_write kind took it too
    finally:
        c.close()


def test_kind_defaults_override_shared_ones(make_config, key):
    cfg = make_config(policies={"write": {"key": aerospike_py.POLICY_KEY_DIGEST}, "key": aerospike_py.POLICY_KEY_SEND})
    c = aerospike_py.client(cfg).connect()
    try:
        c.put(key, {"a": 1})
        assert _stored_user_key(c, key) is None
    finally:
        c.close()


def test_append_increment_touch_take_the_operate_kind(make_config, key):
    c = aerospike_py.client(make_config(policies={"operate": {"key": aerospike_py.POLICY_KEY_SEND}})).connect()
    try:
        c.append(key, "s", "x")
        assert _stored_user_key(c, key) == key[2]
    finally:
        c.close()


@pytest.mark.parametrize(
    ("policies", "named"),
    [
        ({"txn_roll": {}}, "txn_roll"),
        ({"metrics": {}}, "metrics"),
        ({"gen": 1}, "gen"),
        ({"read": 5}, "read policy"),
    ],
    ids=repr,
)
def test_config_policies_errors_name_the_entry(make_config, policies, named):
    with pytest.raises(ex.ParamError, match=named):
        aerospike_py.client(make_config(policies=policies))


# -- timeouts reach the crate ----------------------------------------------------------


@pytest.fixture(scope="module")
def slow_server():
    """A test server that answers each data request no sooner than 300 ms after it arrived."""
    import _server  # tests/ is on sys.path (rootdir conftest)

    with _server.TestServer(["--namespace", "test", "--service-time-us", "300000"]) as address:
        yield address


@pytest.mark.once
def test_total_timeout_is_honoured_per_call_and_from_config(slow_server):
    key = ("test", "slow", "k")
    fast = aerospike_py.client({"hosts": [slow_server], "policies": {"read": {"total_timeout": 50, "max_retries": 0}}})
    fast.connect()
    try:
        with pytest.raises(ex.TimeoutError):
            fast.get(key)
        # The call's own policy wins over the config default.
        with pytest.raises(ex.RecordNotFound):
            fast.get(key, policy={"total_timeout": 5000})
    finally:
        fast.close()
    shared = aerospike_py.client({"hosts": [slow_server], "policies": {"total_timeout": 50, "max_retries": 0}})
    shared.connect()
    try:
        with pytest.raises(ex.TimeoutError):
            shared.put(key, {"a": 1})
    finally:
        shared.close()


# -- the official batch signatures -------------------------------------------------------


def test_batch_operate_ttl_and_the_official_policy_keyword(client, new_key):
    keys = [new_key(), new_key()]
    client.batch_operate(keys, [op.write("a", 1)], policy_batch={"total_timeout": 2000}, ttl=500)
    assert all(400 < client.get(k).meta.ttl <= 500 for k in keys)
    client.batch_operate(keys, [op.write("a", 2)], None, {"ttl": 900}, aerospike_py.TTL_CLIENT_DEFAULT)
    assert all(800 < client.get(k).meta.ttl <= 900 for k in keys)
    with pytest.raises(ex.ParamError, match="not both"):
        client.batch_operate(keys, [op.write("a", 1)], {}, policy_batch={})
    with pytest.raises(ex.ParamError, match="ttl"):
        client.batch_operate(keys, [op.write("a", 1)], ttl="soon")
    removed = client.batch_remove(keys, policy_batch={"total_timeout": 2000})
    assert [r.result for r in removed.batch_records] == [0, 0]


# -- aerospike-py 0.14.4's spellings ---------------------------------------------------


def test_meta_takes_aerospike_py_write_keys(client, key, _admin_client):
    client.put(key, {"a": 1}, meta={"key": aerospike_py.POLICY_KEY_SEND, "ttl": 600})
    assert _stored_user_key(_admin_client, key) == key[2]
    assert 500 < client.get(key).meta.ttl <= 600
    with pytest.raises(ex.RecordExistsError):
        client.put(key, {"a": 2}, meta={"exists": aerospike_py.POLICY_EXISTS_CREATE})
    client.put(key, {"a": 3}, meta={"commit_level": 0, "durable_delete": False})
    assert client.get(key).bins == {"a": 3}
    with pytest.raises(ex.ParamError, match="unknown meta key 'bogus'"):
        client.put(key, {"a": 1}, meta={"bogus": 1})
    with pytest.raises(ex.ParamError, match="meta 'exists'"):
        client.put(key, {"a": 1}, meta={"exists": 9})


def test_write_policy_takes_aerospike_py_read_keys(client, key):
    client.put(key, {"a": 1}, policy={"read_mode_ap": 0, "read_touch_ttl_percent": 50})
    with pytest.raises(ex.ParamError, match="read_touch_ttl_percent"):
        client.put(key, {"a": 1}, policy={"read_touch_ttl_percent": 500})


def test_batch_policy_takes_the_record_keys_as_aerospike_py_did(client, new_key, _admin_client):
    keys = [new_key(), new_key()]
    batch = {"total_timeout": 2000, "key": aerospike_py.POLICY_KEY_SEND, "ttl": 700}
    client.batch_operate(keys, [op.write("a", 1)], batch)
    assert all(_stored_user_key(_admin_client, k) == k[2] for k in keys)
    assert all(600 < client.get(k).meta.ttl <= 700 for k in keys)
    # The per-record dict applies after the batch policy.
    client.batch_operate(keys, [op.write("a", 2)], batch, {"ttl": 300})
    assert all(200 < client.get(k).meta.ttl <= 300 for k in keys)
    with pytest.raises(ex.RecordExistsError):
        client.put(keys[0], {"a": 1}, policy={"exists": aerospike_py.POLICY_EXISTS_CREATE})
    rows = client.batch_operate(keys, [op.write("a", 3)], {"exists": aerospike_py.POLICY_EXISTS_CREATE}).batch_records
    assert [r.result for r in rows] == [5, 5]  # record exists, per record
    gen_eq = {"gen": aerospike_py.POLICY_GEN_EQ, "generation": 99}
    assert [r.result for r in client.batch_remove(keys, gen_eq).batch_records] == [3, 3]
    with pytest.raises(ex.ParamError, match="batch policy key 'no_such'"):
        client.batch_read(keys, policy={"no_such": 1})
