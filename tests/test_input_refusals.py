"""Inputs that used to escape ``AerospikeError`` or be misread: each is a
``ParamError`` naming the field, raised before anything is sent."""

from __future__ import annotations

import uuid

import pytest

import aerospike_py
from aerospike_py import exception as ex

SURROGATE = "\udcff"


def assert_absent(client, key):
    with pytest.raises(ex.RecordNotFound):
        client.get(key)


@pytest.mark.parametrize(
    "where, make",
    [
        ("namespace", lambda k: ((k[0] + SURROGATE, k[1], k[2]), {"a": 1})),
        ("set name", lambda k: ((k[0], k[1] + SURROGATE, k[2]), {"a": 1})),
        ("user key", lambda k: ((k[0], k[1], "k" + SURROGATE), {"a": 1})),
        ("bin name", lambda k: (k, {"a" + SURROGATE: 1})),
        ("value", lambda k: (k, {"a": "x" + SURROGATE})),
        ("value", lambda k: (k, {"a": ["ok", {"deep": SURROGATE}]})),
        ("map key", lambda k: (k, {"a": {SURROGATE: 1}})),
    ],
    ids=["namespace", "set", "user-key", "bin-name", "value", "nested-value", "map-key"],
)
def test_a_lone_surrogate_is_a_param_error_naming_the_field(client, key, where, make):
    target, bins = make(key)
    with pytest.raises(ex.ParamError, match=where):
        client.put(target, bins)
    assert_absent(client, key)


def test_queries_refuse_a_surrogate_namespace(client):
    with pytest.raises(ex.ParamError, match="namespace"):
        getattr(client, "wrapped", client).scan("te" + SURROGATE + "st")


@pytest.mark.parametrize("nanos", [2**64, 2**63, -1, True, 1.5, "0"])
def test_truncate_nanos_out_of_range_or_not_an_int(client, namespace, nanos):
    with pytest.raises(ex.ParamError, match="nanos"):
        client.truncate(namespace, "aspy_never_" + uuid.uuid4().hex[:6], nanos)


@pytest.mark.parametrize("username, password", [("u", b"pw"), (b"u", "pw"), ("u", 5), ("u" + SURROGATE, "pw")])
def test_connect_credentials_must_be_str(config, username, password):
    which = "password" if isinstance(username, str) and SURROGATE not in username else "username"
    with pytest.raises(ex.ParamError, match=which) as info:
        aerospike_py.client(dict(config)).connect(username, password)
    assert "pw" not in str(info.value)


@pytest.mark.parametrize("ttl", [True, False])
def test_a_bool_ttl_is_refused_not_read_as_seconds(client, key, ttl):
    with pytest.raises(ex.ParamError, match="ttl"):
        client.put(key, {"a": 1}, meta={"ttl": ttl})
    assert_absent(client, key)


def test_a_bool_where_an_operation_wants_an_int_is_refused(client, key):
    from aerospike_py import list_operations as lo

    client.put(key, {"l": [1, 2, 3]})
    with pytest.raises(ex.ParamError):
        client.operate(key, [lo.list_get("l", True)])


class Unprintable(int):
    def __str__(self):
        raise RuntimeError("no __str__")

    __repr__ = __str__


def test_an_int_subclass_that_cannot_print_still_names_its_number(client, key):
    with pytest.raises(ex.ParamError, match=str(2**70)):
        client.put(key, {"a": Unprintable(2**70)})
    assert_absent(client, key)


# --------------------------------------------------------------------------
# names pasted into info commands (index, truncate): no command injection
# --------------------------------------------------------------------------

INJECTIONS = ["n;ame=x", "a:b", "a=b", "a\tb", "a\nb", "a\x00b", ""]


@pytest.mark.parametrize("name", INJECTIONS, ids=repr)
def test_index_names_cannot_carry_info_syntax(client, namespace, name):
    with pytest.raises(ex.ParamError, match="index name"):
        client.index_integer_create(namespace, "aspy_inj", "age", name)
    with pytest.raises(ex.ParamError, match="index name"):
        client.index_remove(namespace, name)


@pytest.mark.parametrize("name", INJECTIONS, ids=repr)
def test_udf_module_names_cannot_carry_info_syntax(client, name):
    # udf-remove / udf-get paste the module name into `filename=...;`
    with pytest.raises(ex.ParamError, match="UDF module name"):
        client.udf_remove(name)
    with pytest.raises(ex.ParamError, match="UDF module name"):
        client.udf_get(name)


@pytest.mark.parametrize("field", ["set", "bin"])
@pytest.mark.parametrize("bad", ["s;x=1", "s:x", "s\nx"], ids=repr)
def test_set_and_bin_names_in_index_commands_cannot_carry_info_syntax(client, namespace, field, bad):
    set_name, bin_name = (bad, "age") if field == "set" else ("aspy_inj", bad)
    with pytest.raises(ex.ParamError, match=f"{field} name"):
        client.index_integer_create(namespace, set_name, bin_name, "aspy_inj_idx")


@pytest.mark.parametrize("bad", ["s;x=1", "s:x", "s\tx"], ids=repr)
def test_truncate_refuses_info_syntax_in_names(client, namespace, bad):
    with pytest.raises(ex.ParamError, match="set name"):
        client.truncate(namespace, bad, 0)
    with pytest.raises(ex.ParamError, match="namespace"):
        client.truncate(namespace + bad, None, 0)


# --------------------------------------------------------------------------
# names the server would cut short or refuse: the client decides, the same way
# against the test server and a real one
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "target_of, match",
    [
        (lambda k: (k[0], "s" * 64, k[2]), "at most 63"),
        (lambda k: (k[0], "s\x00x", k[2]), "NUL"),
        (lambda k: ("n" * 32, k[1], k[2]), "at most 31"),
    ],
    ids=["set-64-chars", "set-with-nul", "namespace-32-chars"],
)
def test_key_names_beyond_the_servers_limits(client, key, target_of, match):
    with pytest.raises(ex.ParamError, match=match):
        client.put(target_of(key), {"a": 1})


def test_a_63_character_set_name_is_fine(client, new_key):
    key = new_key(set_name="s" * 63)
    client.put(key, {"a": 1})
    assert client.get(key)[2] == {"a": 1}


@pytest.mark.parametrize("bin_name", ["", "\x00", "a\x00b"], ids=repr)
def test_empty_and_nul_bin_names_are_refused(client, key, bin_name):
    with pytest.raises(ex.ParamError, match="bin name"):
        client.put(key, {bin_name: 1})
    assert_absent(client, key)


@pytest.mark.parametrize("call", ["info", "info_all", "info_random_node"])
def test_info_commands_with_a_lone_surrogate_are_param_errors(client, call):
    with pytest.raises(ex.ParamError, match="lone surrogate"):
        getattr(client, call)("namespaces\ud800")
