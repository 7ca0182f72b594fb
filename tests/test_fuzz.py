"""A bounded fuzz of keys, bins, values, policies and operations (hypothesis).

Whatever the input, a call either succeeds and the record reads back as written,
or raises an ``AerospikeError`` subclass and writes nothing; no other exception,
no crash, no panic text. Bounded to a few hundred examples (~30 s in CI).
"""

from __future__ import annotations

import uuid

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from aerospike_py import exception as ex  # noqa: E402
from aerospike_py import list_operations as lop  # noqa: E402
from aerospike_py import operations as op  # noqa: E402

pytestmark = pytest.mark.once

FUZZ = settings(
    max_examples=100,
    deadline=None,
    derandomize=True,  # the same inputs every run: a failure reproduces
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

texts = st.text(max_size=20) | st.sampled_from(["", "\x00", "a\udcffb", "a;b=c", "x" * 70])
ints = st.integers(min_value=-(2**70), max_value=2**70)
scalars = st.none() | st.booleans() | ints | st.floats(allow_nan=False) | texts | st.binary(max_size=20)
odd = st.sampled_from([object(), {1, 2}, 1j, b"\x00" * 3, (1, 2)])
values = st.recursive(
    scalars | odd,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts | ints | st.binary(max_size=4), inner, max_size=4),
    max_leaves=12,
)
bin_names = texts | st.sampled_from([1, b"b", None, "ok"])
bins = st.dictionaries(bin_names, values, max_size=4) | st.sampled_from([None, [], "bins", 5])
policies = st.none() | st.dictionaries(
    st.sampled_from(["total_timeout", "max_retries", "key", "exists", "gen", "nope", "socket_timeout"]),
    st.none() | st.booleans() | ints | texts,
    max_size=3,
)
metas = st.none() | st.dictionaries(st.sampled_from(["ttl", "gen", "bogus"]), st.none() | st.booleans() | ints | texts)


def normalized(value):
    """What a value reads back as: tuples become lists."""
    if isinstance(value, (list, tuple)):
        return [normalized(v) for v in value]
    if isinstance(value, dict):
        return {k: normalized(v) for k, v in value.items()}
    return value


def absent(client, key):
    try:
        client.get(key)
    except ex.RecordNotFound:
        return True
    return False


@pytest.fixture
def fuzz_key(namespace, _admin_client):
    made = []

    def make():
        k = (namespace, "aspy_fuzz", uuid.uuid4().hex)
        made.append(k)
        return k

    yield make
    for k in made:
        try:
            _admin_client.remove(k)
        except ex.AerospikeError:
            pass


@FUZZ
@given(record=bins, meta=metas, policy=policies)
def test_put_succeeds_and_reads_back_or_refuses_and_writes_nothing(client, fuzz_key, capfd, record, meta, policy):
    key = fuzz_key()
    try:
        client.put(key, record, meta=meta, policy=policy)
    except ex.AerospikeError:
        assert absent(client, key)
    else:
        expected = {k: normalized(v) for k, v in record.items() if v is not None}
        if expected:
            assert client.get(key)[2] == expected
        else:  # only nil bins: nothing to store
            assert absent(client, key)
    assert "panicked" not in capfd.readouterr().err


keys = st.tuples(texts, texts | st.none(), texts | ints | st.binary(max_size=8) | st.none() | st.floats()) | st.sampled_from(
    [None, "k", 5, (), ("test",), ("test", "s", "k", b"short"), ("test", "s", None, b"\x01" * 20)]
)


@FUZZ
@given(key=keys)
def test_any_key_is_used_or_refused_cleanly(client, capfd, key):
    try:
        client.get(key)
    except ex.AerospikeError:
        pass
    assert "panicked" not in capfd.readouterr().err


operations = st.lists(
    st.one_of(
        st.builds(op.write, bin_names, values),
        st.builds(op.increment, bin_names, values),
        st.builds(op.append, bin_names, values),
        st.builds(op.read, bin_names),
        st.builds(lop.list_append, bin_names, values),
        st.builds(lop.list_get, bin_names, values),
        st.dictionaries(st.sampled_from(["op", "bin", "val", "index", "zz"]), values, max_size=4),
        values,
    ),
    max_size=4,
)


@FUZZ
@given(ops=operations)
def test_operate_succeeds_or_refuses_and_writes_nothing(client, fuzz_key, capfd, ops):
    key = fuzz_key()
    try:
        client.operate(key, ops)
    except ex.AerospikeError as e:
        # A refusal before sending writes nothing; a server error on a fresh record
        # (e.g. incrementing a string) leaves it as it was: absent.
        assert isinstance(e, ex.ParamError) or not e.in_doubt
        assert absent(client, key)
    assert "panicked" not in capfd.readouterr().err
