"""The exception hierarchy and the attributes of raised exceptions."""

from __future__ import annotations

import socket

import pytest

import aerospike_py
from aerospike_py import exception as ex

# (class name, expected parent name, result code or None where the class is abstract)
HIERARCHY = [
    ("AerospikeError", None, None),
    ("ClientError", "AerospikeError", -1),
    ("ParamError", "ClientError", -2),
    ("InvalidHostError", "ClientError", -4),
    ("ConnectionError", "ClientError", -10),
    ("ServerError", "AerospikeError", 1),
    ("RecordError", "ServerError", None),
    ("RecordNotFound", "RecordError", 2),
    ("RecordGenerationError", "RecordError", 3),
    ("RecordExistsError", "RecordError", 5),
    ("BinIncompatibleType", "RecordError", 12),
    ("RecordTooBig", "RecordError", 13),
    ("BinNameError", "RecordError", 21),
    ("ClusterError", "ServerError", 11),
    ("TimeoutError", "AerospikeError", 9),
]


def _cls(name):
    cls = getattr(ex, name, None)
    assert cls is not None, f"aerospike_py.exception.{name} is missing"
    assert isinstance(cls, type) and issubclass(cls, BaseException)
    return cls


@pytest.mark.parametrize("name,parent,code", HIERARCHY, ids=[h[0] for h in HIERARCHY])
def test_hierarchy(name, parent, code):
    cls = _cls(name)
    assert issubclass(cls, Exception)
    if parent is None:
        assert issubclass(cls, Exception)
    else:
        parent_cls = _cls(parent)
        assert parent_cls in cls.__mro__[1:]
        assert issubclass(cls, ex.AerospikeError)
    if code is not None and getattr(cls, "code", None) is not None:
        assert cls.code == code


def test_parallel_branches_are_disjoint():
    assert not issubclass(ex.ClientError, ex.ServerError)
    assert not issubclass(ex.ServerError, ex.ClientError)
    assert not issubclass(ex.TimeoutError, ex.ServerError)
    assert not issubclass(ex.TimeoutError, ex.ClientError)
    assert not issubclass(ex.RecordNotFound, ex.ClientError)
    assert not issubclass(ex.ParamError, ex.ServerError)


def test_exception_module_is_reachable_from_package():
    assert aerospike_py.exception is ex


def test_names_dont_shadow_builtins_by_identity():
    # aerospike_py.exception.TimeoutError/ConnectionError are Aerospike
    # classes, not the builtins of the same name
    assert ex.TimeoutError is not TimeoutError
    assert ex.ConnectionError is not ConnectionError


# --------------------------------------------------------------------------
# attributes of raised exceptions
# --------------------------------------------------------------------------


def _check_attrs(e, code):
    assert e.code == code
    assert isinstance(e.msg, str) and e.msg
    assert isinstance(e.in_doubt, bool)
    assert e.msg in str(e)


def test_record_not_found_attributes(client, key):
    with pytest.raises(ex.RecordNotFound) as info:
        client.get(key)
    e = info.value
    _check_attrs(e, 2)
    assert e.in_doubt is False
    assert isinstance(e, ex.RecordError)
    assert isinstance(e, ex.ServerError)
    assert isinstance(e, ex.AerospikeError)


def test_record_exists_attributes(client, key):
    client.put(key, {"a": 1})
    with pytest.raises(ex.RecordExistsError) as info:
        client.put(key, {"a": 1}, policy={"exists": aerospike_py.POLICY_EXISTS_CREATE})
    _check_attrs(info.value, 5)
    assert info.value.in_doubt is False


def test_generation_error_attributes(client, key):
    client.put(key, {"a": 1})
    with pytest.raises(ex.RecordGenerationError) as info:
        client.put(key, {"a": 1}, meta={"gen": 10}, policy={"gen": aerospike_py.POLICY_GEN_EQ})
    _check_attrs(info.value, 3)


def test_bin_incompatible_attributes(client, key):
    client.put(key, {"s": "x"})
    with pytest.raises(ex.BinIncompatibleType) as info:
        client.increment(key, "s", 1)
    _check_attrs(info.value, 12)


def test_param_error_attributes(client, key):
    with pytest.raises(ex.ParamError) as info:
        client.put(key, {"a": object()})
    _check_attrs(info.value, -2)
    assert info.value.in_doubt is False


def test_connection_error_attributes():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    with pytest.raises(ex.ClientError) as info:
        aerospike_py.client({"hosts": [("127.0.0.1", port)], "timeout": 300}).connect()
    e = info.value
    assert isinstance(e.code, int) and e.code < 0
    assert isinstance(e.msg, str) and e.msg
    assert isinstance(e.in_doubt, bool)


def test_caught_by_base_classes(client, key):
    for base in (ex.RecordNotFound, ex.RecordError, ex.ServerError, ex.AerospikeError, Exception):
        with pytest.raises(base):
            client.get(key)


def test_exceptions_constructible_from_python():
    """Users (and mocks) can raise the classes themselves."""
    e = ex.RecordNotFound("custom")
    assert isinstance(e, ex.AerospikeError)
    with pytest.raises(ex.RecordNotFound):
        raise e


# --------------------------------------------------------------------------
# comparison with the official client's tree
# --------------------------------------------------------------------------


def _tree_names(cls, root):
    """Names of the ancestors of ``cls`` below ``root`` (inclusive), nearest first."""
    return [c.__name__ for c in cls.__mro__ if isinstance(c, type) and issubclass(c, root)]


def _exception_classes(module, root):
    out = {}
    for name in dir(module):
        obj = getattr(module, name)
        if isinstance(obj, type) and issubclass(obj, root):
            out[name] = obj
    return out


@pytest.mark.interop
def test_matches_official_tree(official_aerospike):
    official_ex = pytest.importorskip("aerospike.exception")
    ours = _exception_classes(ex, ex.AerospikeError)
    theirs = _exception_classes(official_ex, official_ex.AerospikeError)
    common = sorted(set(ours) & set(theirs))
    # the skeleton must at least cover the classes of HIERARCHY
    assert {h[0] for h in HIERARCHY} <= set(common)
    problems = []
    for name in common:
        our_chain = _tree_names(ours[name], ex.AerospikeError)
        their_chain = _tree_names(theirs[name], official_ex.AerospikeError)
        if our_chain != their_chain:
            problems.append(f"{name}: ours {our_chain} vs official {their_chain}")
        our_code = getattr(ours[name], "code", None)
        their_code = getattr(theirs[name], "code", None)
        if our_code is not None and their_code is not None and our_code != their_code:
            problems.append(f"{name}: code {our_code} vs official {their_code}")
    assert problems == []


@pytest.mark.interop
def test_raised_codes_match_official_codes(official_aerospike, client, key):
    official_ex = pytest.importorskip("aerospike.exception")
    with pytest.raises(ex.RecordNotFound) as info:
        client.get(key)
    assert info.value.code == official_ex.RecordNotFound.code
    client.put(key, {"s": "x"})
    with pytest.raises(ex.BinIncompatibleType) as info:
        client.increment(key, "s", 1)
    assert info.value.code == official_ex.BinIncompatibleType.code


def _official_exception_classes():
    try:
        import aerospike.exception as official
    except ImportError:
        return []
    return sorted(
        (name, cls)
        for name, cls in vars(official).items()
        if isinstance(cls, type) and issubclass(cls, BaseException)
    )


@pytest.mark.parametrize("name, official", _official_exception_classes(), ids=lambda v: v if isinstance(v, str) else "")
def test_official_exception_tree(name, official):
    """Every class of the official ``aerospike.exception``, with its base and code, here
    and at the package's top level (as aerospike-py 0.14.4 exported them)."""
    ours = _cls(name)
    assert ours.__mro__[1].__name__ == official.__mro__[1].__name__
    assert ours.code == official.code
    if official.code is not None:
        assert ex.class_for_code(official.code) is ours
    assert getattr(aerospike_py, name) is ours and name in aerospike_py.__all__


@pytest.mark.parametrize(
    "old_name, ours",
    [
        ("InvalidArgError", "ParamError"),
        ("AerospikeTimeoutError", "TimeoutError"),
        ("AerospikeIndexError", "IndexError"),
        ("BinTypeError", "BinIncompatibleType"),
    ],
)
def test_aerospike_py_0_14_exception_names(old_name, ours):
    assert getattr(ex, old_name) is getattr(ex, ours)
    assert getattr(aerospike_py, old_name) is getattr(ex, ours)


def test_record_not_found_raised_is_catchable_by_every_name(client, new_key):
    with pytest.raises(aerospike_py.RecordNotFound) as caught:
        client.get(new_key())
    assert isinstance(caught.value, ex.RecordError) and caught.value.code == aerospike_py.AEROSPIKE_ERR_RECORD_NOT_FOUND
    assert caught.value.file is None and caught.value.line is None
