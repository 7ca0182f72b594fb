"""Every constant the official ``aerospike`` module exports exists here with the official
value, at the package's top level; aerospike-py 0.14.4's extra names are there too.

The official names come from the installed official client itself (``dir(aerospike)``),
so a constant it adds fails here until it is declared in our one table.
"""

from __future__ import annotations

import pytest

import aerospike_py
from aerospike_py import _exports, cdt_ctx, constants, list_operations, map_operations, operations

aerospike = pytest.importorskip("aerospike")

OFFICIAL = sorted(n for n in dir(aerospike) if n.isupper() and not n.startswith("_"))
# The official module's underscored names are its helpers' internals, not API; those
# we declare (the wildcard-context ids) must still carry the official value.
OFFICIAL_PRIVATE = sorted(n for n in dir(aerospike) if n.isupper() and n.startswith("_"))

# aerospike-py 0.14.4's top-level constants that the official client does not have.
ASPY_0_14_NAMES = [
    "AEROSPIKE_ERR_ALWAYS_FORBIDDEN", "AEROSPIKE_ERR_BATCH_DISABLED", "AEROSPIKE_ERR_BIN_EXISTS",
    "AEROSPIKE_ERR_BIN_NAME", "AEROSPIKE_ERR_BIN_NOT_FOUND", "AEROSPIKE_ERR_BIN_TYPE", "AEROSPIKE_ERR_CLIENT",
    "AEROSPIKE_ERR_CLUSTER", "AEROSPIKE_ERR_CLUSTER_KEY_MISMATCH", "AEROSPIKE_ERR_CONNECTION",
    "AEROSPIKE_ERR_DEVICE_OVERLOAD", "AEROSPIKE_ERR_ELEMENT_EXISTS", "AEROSPIKE_ERR_ELEMENT_NOT_FOUND",
    "AEROSPIKE_ERR_ENTERPRISE_ONLY", "AEROSPIKE_ERR_FAIL_FORBIDDEN", "AEROSPIKE_ERR_FILTERED_OUT",
    "AEROSPIKE_ERR_INDEX_FOUND", "AEROSPIKE_ERR_INDEX_NOT_FOUND", "AEROSPIKE_ERR_INVALID_HOST",
    "AEROSPIKE_ERR_INVALID_NAMESPACE", "AEROSPIKE_ERR_INVALID_USER", "AEROSPIKE_ERR_KEY_BUSY",
    "AEROSPIKE_ERR_KEY_MISMATCH", "AEROSPIKE_ERR_LOST_CONFLICT", "AEROSPIKE_ERR_NOT_AUTHENTICATED",
    "AEROSPIKE_ERR_NO_MORE_CONNECTIONS", "AEROSPIKE_ERR_OP_NOT_APPLICABLE", "AEROSPIKE_ERR_PARAM",
    "AEROSPIKE_ERR_PARTITION_UNAVAILABLE", "AEROSPIKE_ERR_QUERY_ABORTED", "AEROSPIKE_ERR_RECORD_EXISTS",
    "AEROSPIKE_ERR_RECORD_GENERATION", "AEROSPIKE_ERR_RECORD_NOT_FOUND", "AEROSPIKE_ERR_RECORD_TOO_BIG",
    "AEROSPIKE_ERR_ROLE_VIOLATION", "AEROSPIKE_ERR_SCAN_ABORT", "AEROSPIKE_ERR_SERVER", "AEROSPIKE_ERR_SERVER_MEM",
    "AEROSPIKE_ERR_TIMEOUT", "AEROSPIKE_ERR_UDF", "AEROSPIKE_ERR_UNSUPPORTED_FEATURE", "AEROSPIKE_OK",
    "AEROSPIKE_QUERY_END", "AEROSPIKE_SECURITY_NOT_ENABLED", "AEROSPIKE_SECURITY_NOT_SUPPORTED",
    "BATCH_CONCURRENCY_PARALLEL", "BATCH_CONCURRENCY_SEQUENTIAL", "MAP_CREATE_ONLY", "MAP_UPDATE",
    "MAP_UPDATE_ONLY", "POLICY_EXISTS_CREATE_ONLY", "POLICY_EXISTS_REPLACE_ONLY", "POLICY_EXISTS_UPDATE_ONLY",
    "READ_TOUCH_TTL_PERCENT_DONT_RESET", "READ_TOUCH_TTL_PERCENT_SERVER_DEFAULT", "SERIALIZER_PYTHON",
]  # fmt: skip


@pytest.mark.parametrize("name", OFFICIAL)
def test_official_constant(name):
    official = getattr(aerospike, name)
    ours = getattr(aerospike_py, name, None)
    assert ours == official, f"aerospike_py.{name} is {ours!r}, the official client's is {official!r}"
    assert type(ours) is type(official)
    assert name in aerospike_py.__all__


@pytest.mark.parametrize("name", OFFICIAL_PRIVATE)
def test_official_private_constant_if_declared(name):
    owners = (constants, operations, list_operations, map_operations, cdt_ctx)
    for module in owners:
        if hasattr(module, name):
            assert getattr(module, name) == getattr(aerospike, name), f"{module.__name__}.{name}"


@pytest.mark.parametrize("name", ASPY_0_14_NAMES)
def test_aerospike_py_0_14_name_exists(name):
    assert isinstance(getattr(aerospike_py, name), int)
    assert name in aerospike_py.__all__


@pytest.mark.parametrize(
    "alias, official",
    [
        ("POLICY_EXISTS_CREATE_ONLY", "POLICY_EXISTS_CREATE"),
        ("POLICY_EXISTS_UPDATE_ONLY", "POLICY_EXISTS_UPDATE"),
        ("POLICY_EXISTS_REPLACE_ONLY", "POLICY_EXISTS_REPLACE"),
        ("MAP_UPDATE", "MAP_WRITE_FLAGS_DEFAULT"),
        ("MAP_UPDATE_ONLY", "MAP_WRITE_FLAGS_UPDATE_ONLY"),
        ("MAP_CREATE_ONLY", "MAP_WRITE_FLAGS_CREATE_ONLY"),
    ],
)
def test_aliases_mean_the_official_value(alias, official):
    assert getattr(aerospike_py, alias) == getattr(aerospike, official)


def test_result_code_names_match_the_exception_codes():
    """aerospike-py 0.14.4's AEROSPIKE_ERR_* names and our exception table agree."""
    pairs = {
        "AEROSPIKE_ERR_RECORD_NOT_FOUND": aerospike_py.RecordNotFound,
        "AEROSPIKE_ERR_RECORD_EXISTS": aerospike_py.RecordExistsError,
        "AEROSPIKE_ERR_RECORD_GENERATION": aerospike_py.RecordGenerationError,
        "AEROSPIKE_ERR_TIMEOUT": aerospike_py.TimeoutError,
        "AEROSPIKE_ERR_FILTERED_OUT": aerospike_py.FilteredOut,
        "AEROSPIKE_ERR_INDEX_NOT_FOUND": aerospike_py.IndexNotFound,
        "AEROSPIKE_ERR_UDF": aerospike_py.UDFError,
    }
    for name, cls in pairs.items():
        assert getattr(aerospike_py, name) == cls.code, name


def test_family_modules_declare_no_constants_of_their_own():
    """The operation modules read their constants from the one table (a second
    declaration would be a second table)."""
    for module in (operations, list_operations, map_operations, cdt_ctx):
        for name, value in vars(module).items():
            if name.isupper() and not name.startswith("_"):
                assert getattr(constants, name) is value, f"{module.__name__}.{name} is not the table's"


@pytest.mark.parametrize("module", [operations, list_operations, map_operations, cdt_ctx], ids=lambda m: m.__name__)
def test_family_module_all(module):
    """Each module's ``__all__`` lists every helper it defines and only real constants."""
    helpers = {name for name in _exports.public(vars(module), module.__name__) if not name.isupper()}
    listed = set(module.__all__)
    assert helpers <= listed, f"not in __all__: {sorted(helpers - listed)}"
    for name in listed - helpers:
        assert name.isupper() and getattr(constants, name) == getattr(module, name)
