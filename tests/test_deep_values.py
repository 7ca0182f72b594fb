"""Deeply nested values: refused on write past the limit, a clear error on read.

The limit is the official client's: it reads 64 levels and refuses 65 with a
"deserialize error". A deeper value stored by another client must never crash
the reading process (the crate's decoder recurses on the runtime's threads,
our conversion on the caller's).
"""

from __future__ import annotations

import inspect
import uuid

import pytest

from aerospike_py import exception as ex

LIMIT = 64
# Far beyond the default 2 MiB worker stack (debug builds overflowed at ~1,700).
VERY_DEEP = 30_000


def nested(depth):
    value = 1
    for _ in range(depth):
        value = [value]
    return value


def resolve(client, call):
    loop = getattr(client, "_loop", None)
    if loop is None:
        return call()

    async def run():
        result = call()
        return await result if inspect.isawaitable(result) else result

    return loop.run_until_complete(run())


def test_values_up_to_the_limit_round_trip(client, key):
    client.put(key, {"d": nested(LIMIT)})
    assert client.get(key)[2]["d"] == nested(LIMIT)


def test_writing_deeper_than_the_limit_is_refused_before_sending(client, key):
    with pytest.raises(ex.ParamError, match="deeper than 64"):
        client.put(key, {"d": nested(LIMIT + 1)})
    with pytest.raises(ex.RecordNotFound):
        client.get(key)


@pytest.fixture
def deep_record(official_client, namespace):
    """A record whose bin is nested far deeper than the limit, written by the official client."""
    set_name = "aspy_deep_" + uuid.uuid4().hex[:8]
    key = (namespace, set_name, "deep")
    official_client.put(key, {"d": nested(VERY_DEEP)})
    yield key
    official_client.remove(key)


def test_reading_a_too_deep_value_raises_instead_of_crashing(client, deep_record):
    with pytest.raises(ex.ClientError, match="deserialize"):
        client.get(deep_record)
    with pytest.raises(ex.ClientError, match="deserialize"):
        client.batch_read([deep_record])
    with pytest.raises(ex.ClientError, match="deserialize"):
        resolve(client, lambda: getattr(client, "wrapped", client).scan(deep_record[0], deep_record[1]).results())
    # The client is still usable afterwards.
    assert client.exists(deep_record) is not None


def test_the_official_client_also_refuses_it(official_client, deep_record):
    with pytest.raises(Exception, match="deserialize"):
        official_client.get(deep_record)
