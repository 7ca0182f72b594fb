"""Stock levels kept in Aerospike: one record per item, reservations never oversell."""

from __future__ import annotations

import aerospike_py
from aerospike_py import exception


class OutOfStock(Exception):
    pass


class Inventory:
    def __init__(self, client, namespace: str = "shop", set_name: str = "stock"):
        self.client = client
        self.namespace = namespace
        self.set_name = set_name

    def _key(self, sku: str) -> tuple:
        return (self.namespace, self.set_name, sku)

    def add(self, sku: str, quantity: int) -> None:
        self.client.increment(self._key(sku), "qty", quantity)

    def stock(self, sku: str) -> int:
        try:
            _, _, bins = self.client.get(self._key(sku))
        except exception.RecordNotFound:
            return 0
        return bins["qty"]

    def reserve(self, sku: str, quantity: int) -> int:
        """Take `quantity` out of stock; the generation check makes racing reservations retry."""
        while True:
            try:
                _, meta, bins = self.client.get(self._key(sku))
            except exception.RecordNotFound:
                raise OutOfStock(sku) from None
            if bins["qty"] < quantity:
                raise OutOfStock(sku)
            try:
                self.client.put(
                    self._key(sku),
                    {"qty": bins["qty"] - quantity},
                    meta={"gen": meta["gen"]},
                    policy={"gen": aerospike_py.POLICY_GEN_EQ},
                )
                return bins["qty"] - quantity
            except exception.RecordGenerationError:
                continue
