import threading

import pytest

import aerospike_py
from inventory import Inventory, OutOfStock


@pytest.fixture
def inventory(aerospike_server):
    client = aerospike_py.client(aerospike_server.config).connect()
    yield Inventory(client)
    client.close()


def test_stock_starts_empty_and_grows(inventory):
    assert inventory.stock("apple") == 0
    inventory.add("apple", 5)
    inventory.add("apple", 2)
    assert inventory.stock("apple") == 7


def test_reservations_never_oversell(inventory):
    inventory.add("pear", 10)
    sold = []

    def buy():
        try:
            inventory.reserve("pear", 3)
            sold.append(3)
        except OutOfStock:
            pass

    threads = [threading.Thread(target=buy) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(sold) == 9
    assert inventory.stock("pear") == 1


def test_missing_item_is_out_of_stock(inventory):
    with pytest.raises(OutOfStock):
        inventory.reserve("plum", 1)


def test_the_server_serves_the_configured_namespace(aerospike_server):
    assert aerospike_server.namespaces == ["shop"]
