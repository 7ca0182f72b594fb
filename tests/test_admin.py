"""Truncate and secondary-index management (not traced). Info commands: test_cluster.py."""

from __future__ import annotations

import time
import uuid

import pytest

from aerospike_py import exception as ex


def test_truncate_a_set(client, namespace, _admin_client):
    set_name = "aspy_trunc_" + uuid.uuid4().hex[:8]
    keys = [(namespace, set_name, i) for i in range(5)]
    other = (namespace, set_name + "_x", 1)
    for k in keys + [other]:
        _admin_client.put(k, {"a": 1})
    client.truncate(namespace, set_name, 0)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if all(r.result == 2 for r in _admin_client.batch_read(keys).batch_records):
            break
        time.sleep(0.1)
    assert [r.result for r in _admin_client.batch_read(keys).batch_records] == [2] * 5
    assert _admin_client.get(other)[2] == {"a": 1}
    _admin_client.remove(other)


def test_truncate_rejects_negative_nanos(client, namespace):
    with pytest.raises(ex.ParamError):
        client.truncate(namespace, "s", -1)


def test_index_create_and_remove(client, namespace):
    set_name = "aspy_idx_" + uuid.uuid4().hex[:8]
    name = set_name + "_i"
    client.index_integer_create(namespace, set_name, "v", name)
    try:
        assert name in client.info(f"sindex-list:ns={namespace}") or name in client.info("sindex-list")
    finally:
        client.index_remove(namespace, name)
    assert name not in client.info("sindex-list")
