"""Helpers the list, map and context operation tests share."""

from __future__ import annotations


def run(client, key, *ops):
    """The single op's result through ``operate_ordered`` (or each result, for several ops)."""
    _, _, results = client.operate_ordered(key, list(ops))
    values = [v for _, v in results]
    return values[0] if len(values) == 1 else values


def stored(client, key, bin_name):
    """The bin's value as stored now."""
    return client.get(key)[2][bin_name]
