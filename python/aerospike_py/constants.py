"""The module-level constants of the official ``aerospike`` client, with its values, and
aerospike-py 0.14.4's extra names: the one table of them.

Each family is declared once, by the module that owns it: list, map and single-bin
operation constants in ``list_operations``, ``map_operations`` and ``operations``,
context ids in ``cdt_ctx``; everything else here. The package re-exports every
family at its top level (``aerospike_py.POLICY_KEY_SEND``), as the official client
does, by iterating the owners' ``__all__``; ``tests/test_constants.py`` compares
every name and value with the installed official client.

Where aerospike-py 0.14.4 gave an official name a different value (``INDEX_NUMERIC``,
``OPERATOR_READ``, ``TTL_NEVER_EXPIRE``, ...), the official value wins: code that
uses the names keeps its meaning, code that hard-coded 0.14.4's numbers does not.
"""


# --- Policy ``key``: whether the user key is sent (and stored) with the record.

POLICY_KEY_DIGEST = 0
"""Send only the digest; the user key is not stored with the record."""
POLICY_KEY_SEND = 1
"""Send and store the user key with the record."""

# --- Policy ``exists``: what a write does depending on whether the record exists.

POLICY_EXISTS_IGNORE = 0
"""Write whether or not the record exists (create or update)."""
POLICY_EXISTS_CREATE = 1
"""Create only: fail with RecordExistsError if the record exists."""
POLICY_EXISTS_UPDATE = 2
"""Update only: fail with RecordNotFound if the record does not exist."""
POLICY_EXISTS_REPLACE = 3
"""Replace only: replace all bins of an existing record, else RecordNotFound."""
POLICY_EXISTS_CREATE_OR_REPLACE = 4
"""Create, or replace all bins of an existing record."""

# --- Policy ``gen``: generation checks on writes (against ``meta['gen']``).

POLICY_GEN_IGNORE = 0
"""Write regardless of the record's generation."""
POLICY_GEN_EQ = 1
"""Write only if the record's generation equals meta['gen']."""
POLICY_GEN_GT = 2
"""Write only if meta['gen'] is greater than the record's generation."""

# --- Policy ``commit_level``.

POLICY_COMMIT_LEVEL_ALL = 0
"""Acknowledge after every replica has the write."""
POLICY_COMMIT_LEVEL_MASTER = 1
"""Acknowledge after the master has the write."""

# --- Policy ``replica``: which replica serves a read.

POLICY_REPLICA_MASTER = 0
POLICY_REPLICA_ANY = 1
POLICY_REPLICA_SEQUENCE = 2
POLICY_REPLICA_PREFER_RACK = 3
POLICY_REPLICA_RANDOM = 4

# --- Policy ``read_mode_ap`` (available-mode namespaces).

POLICY_READ_MODE_AP_ONE = 0
POLICY_READ_MODE_AP_ALL = 1

# --- Policy ``read_mode_sc`` (strong-consistency namespaces).

POLICY_READ_MODE_SC_SESSION = 0
POLICY_READ_MODE_SC_LINEARIZE = 1
POLICY_READ_MODE_SC_ALLOW_REPLICA = 2
POLICY_READ_MODE_SC_ALLOW_UNAVAILABLE = 3

# --- Policy ``retry`` (the official client's older retry setting).

POLICY_RETRY_NONE = 0
POLICY_RETRY_ONCE = 1

# --- Special TTL values (``meta['ttl']`` / policy ``ttl``).

TTL_NAMESPACE_DEFAULT = 0
"""Use the namespace's default-ttl."""
TTL_CLIENT_DEFAULT = 4294967293
"""Use the TTL of the client's write policy."""
TTL_DONT_UPDATE = 4294967294
"""Keep the record's current TTL."""
TTL_NEVER_EXPIRE = 4294967295
"""The record never expires (also what meta['ttl'] reports for such records)."""

# --- Serializers (config ``serialization``).

SERIALIZER_NONE = 0
SERIALIZER_JSON = 2
SERIALIZER_USER = 3

# --- Secondary-index collection types.

INDEX_TYPE_DEFAULT = 0
INDEX_TYPE_LIST = 1
INDEX_TYPE_MAPKEYS = 2
INDEX_TYPE_MAPVALUES = 3

# --- Secondary-index data types.

INDEX_STRING = 0
INDEX_INTEGER = 1
INDEX_GEO2DSPHERE = 2
INDEX_BLOB = 3
INDEX_NUMERIC = 4

# --- Background jobs: ``job_info`` module names and status.

JOB_QUERY = 'query'
JOB_SCAN = 'scan'
JOB_STATUS_UNDEF = 0
JOB_STATUS_INPROGRESS = 1
JOB_STATUS_COMPLETED = 2

# --- Log levels (``set_log_level``).

LOG_LEVEL_OFF = -1
LOG_LEVEL_ERROR = 0
LOG_LEVEL_WARN = 1
LOG_LEVEL_INFO = 2
LOG_LEVEL_DEBUG = 3
LOG_LEVEL_TRACE = 4

# --- Authentication modes (config ``auth_mode``).

AUTH_INTERNAL = 0
AUTH_EXTERNAL = 1
AUTH_EXTERNAL_INSECURE = 2
AUTH_PKI = 3

# --- Privilege codes (security admin API).

PRIV_USER_ADMIN = 0
PRIV_SYS_ADMIN = 1
PRIV_DATA_ADMIN = 2
PRIV_UDF_ADMIN = 3
PRIV_SINDEX_ADMIN = 4
PRIV_READ = 10
PRIV_READ_WRITE = 11
PRIV_READ_WRITE_UDF = 12
PRIV_WRITE = 13
PRIV_TRUNCATE = 14

# --- Query policy ``expected_duration``.

QUERY_DURATION_LONG = 0
QUERY_DURATION_SHORT = 1
QUERY_DURATION_LONG_RELAX_AP = 2

# --- Bit operation write flags.

BIT_WRITE_DEFAULT = 0
BIT_WRITE_CREATE_ONLY = 1
BIT_WRITE_UPDATE_ONLY = 2
BIT_WRITE_NO_FAIL = 4
BIT_WRITE_PARTIAL = 8

# --- Bit resize flags.

BIT_RESIZE_DEFAULT = 0
BIT_RESIZE_FROM_FRONT = 1
BIT_RESIZE_GROW_ONLY = 2
BIT_RESIZE_SHRINK_ONLY = 4

# --- Bit integer overflow actions.

BIT_OVERFLOW_FAIL = 0
BIT_OVERFLOW_SATURATE = 2
BIT_OVERFLOW_WRAP = 4

# --- HyperLogLog write flags.

HLL_WRITE_DEFAULT = 0
HLL_WRITE_CREATE_ONLY = 1
HLL_WRITE_UPDATE_ONLY = 2
HLL_WRITE_NO_FAIL = 4
HLL_WRITE_ALLOW_FOLD = 8

# --- Regular-expression flags (predicates and expressions).

REGEX_NONE = 0
REGEX_EXTENDED = 1
REGEX_ICASE = 2
REGEX_NOSUB = 4
REGEX_NEWLINE = 8

# --- Expression write flags (``expression_write``).

EXP_WRITE_DEFAULT = 0
EXP_WRITE_CREATE_ONLY = 1
EXP_WRITE_UPDATE_ONLY = 2
EXP_WRITE_ALLOW_DELETE = 4
EXP_WRITE_POLICY_NO_FAIL = 8
EXP_WRITE_EVAL_NO_FAIL = 16

# --- Expression read flags (``expression_read``).

EXP_READ_DEFAULT = 0
EXP_READ_EVAL_NO_FAIL = 16

# --- Path-expression select and modify flags.

EXP_PATH_MODIFY_DEFAULT = 0
EXP_PATH_SELECT_MATCHING_TREE = 0
EXP_PATH_SELECT_LIST_VALUE = 1
EXP_PATH_SELECT_MAP_VALUE = 1
EXP_PATH_SELECT_VALUE = 1
EXP_PATH_SELECT_MAP_KEY = 2
EXP_PATH_SELECT_MAP_KEY_VALUE = 3
EXP_PATH_MODIFY_NO_FAIL = 16
EXP_PATH_SELECT_NO_FAIL = 16

# --- Path-expression loop variables.

EXP_LOOPVAR_KEY = 0
EXP_LOOPVAR_VALUE = 1
EXP_LOOPVAR_INDEX = 2

# --- Bit operation codes (the ``op`` of a bit op dict).

OP_BIT_RESIZE = 2000
OP_BIT_INSERT = 2001
OP_BIT_REMOVE = 2002
OP_BIT_SET = 2003
OP_BIT_OR = 2004
OP_BIT_XOR = 2005
OP_BIT_AND = 2006
OP_BIT_NOT = 2007
OP_BIT_LSHIFT = 2008
OP_BIT_RSHIFT = 2009
OP_BIT_ADD = 2010
OP_BIT_SUBTRACT = 2011
OP_BIT_GET_INT = 2012
OP_BIT_SET_INT = 2013
OP_BIT_GET = 2014
OP_BIT_COUNT = 2015
OP_BIT_LSCAN = 2016
OP_BIT_RSCAN = 2017

# --- HyperLogLog operation codes.

OP_HLL_ADD = 2100
OP_HLL_DESCRIBE = 2101
OP_HLL_FOLD = 2102
OP_HLL_GET_COUNT = 2103
OP_HLL_GET_INTERSECT_COUNT = 2104
OP_HLL_GET_SIMILARITY = 2105
OP_HLL_GET_UNION = 2106
OP_HLL_GET_UNION_COUNT = 2107
OP_HLL_INIT = 2108
OP_HLL_REFRESH_COUNT = 2109
OP_HLL_SET_UNION = 2110
OP_HLL_MAY_CONTAIN = 2111

# --- Expression operation codes.

OP_EXPR_READ = 2200
OP_EXPR_WRITE = 2201

# --- Aerospike particle types (``AS_BYTES_*``).

AS_BYTES_UNDEF = 0
AS_BYTES_INTEGER = 1
AS_BYTES_DOUBLE = 2
AS_BYTES_STRING = 3
AS_BYTES_BLOB = 4
AS_BYTES_JAVA = 7
AS_BYTES_CSHARP = 8
AS_BYTES_PYTHON = 9
AS_BYTES_RUBY = 10
AS_BYTES_PHP = 11
AS_BYTES_ERLANG = 12
AS_BYTES_BOOL = 17
AS_BYTES_HLL = 18
AS_BYTES_MAP = 19
AS_BYTES_LIST = 20
AS_BYTES_GEOJSON = 23
AS_BYTES_TYPE_MAX = 24
AS_BOOL = 1
INTEGER = 0

# --- UDF languages.

UDF_TYPE_LUA = 0

# --- Error-detail verbosity.

ERROR_DETAIL_NONE = 0
ERROR_DETAIL_SUBCODE = 1
ERROR_DETAIL_MESSAGE = 2
ERROR_DETAIL_EXP_TRACE = 3

# --- Server result sub-codes (extended error detail).

SUB_NONE = 0
SUB_BIN_NAME_COUNT_TOO_LARGE = 1
SUB_BIN_NOT_FOUND_HLL_CANNOT_CREATE_WITH_OP = 1
SUB_FILTERED_META = 1
SUB_FORBID_XDR_FILTER_BLOCKED = 1
SUB_MRT_BLOCKED_RECORD_LOCKED = 1
SUB_OPNOT_CDT_INDEX_OUT_OF_BOUNDS = 1
SUB_PARAM_TTL_INVALID = 1
SUB_UNAVAIL_INITIAL_BALANCE_UNRESOLVED = 1
SUB_UNSUPP_FEAT_MRT_REQUIRES_STRONG_CONSISTENCY = 1
SUB_FILTERED_BINS = 2
SUB_FORBID_SET_COUNT_STOP_WRITES = 2
SUB_MRT_BLOCKED_ID_MISMATCH = 2
SUB_OPNOT_CDT_RANK_OUT_OF_BOUNDS = 2
SUB_PARAM_BITS_OFFSET_OUT_OF_RANGE = 2
SUB_UNAVAIL_REPLICA_UNAVAILABLE = 2
SUB_UNSUPP_FEAT_GENERIC = 2
SUB_FILTERED_META_EVAL_FAILED = 3
SUB_FORBID_SET_SIZE_STOP_WRITES = 3
SUB_OPNOT_CDT_BOUNDED_LIST_OVERFLOW = 3
SUB_PARAM_BITS_SIZE_OUT_OF_RANGE = 3
SUB_FILTERED_BINS_EVAL_FAILED = 4
SUB_FORBID_CLOCK_SKEW_STOP_WRITES = 4
SUB_OPNOT_HLL_INDEX_BITS_UNSET = 4
SUB_PARAM_BITS_RESIZE_EXCEEDED = 4
SUB_FORBID_REPLACE_CONFLICT_RESOLVING = 5
SUB_OPNOT_HLL_CANNOT_REDUCE_INDEX_BITS = 5
SUB_PARAM_BIN_COUNT_TOO_LARGE = 5
SUB_FORBID_TRUNCATED = 6
SUB_OPNOT_HLL_CANNOT_REDUCE_MINHASH_BITS = 6
SUB_PARAM_STRING_OP_PARAMS_INVALID = 6
SUB_FORBID_MASKING_POLICY_BLOCKED = 7
SUB_OPNOT_HLL_CANNOT_FOLD_MINHASH = 7
SUB_FORBID_DURABILITY_VIOLATION = 8
SUB_OPNOT_HLL_FOLD_INDEX_BITS_TOO_LARGE = 8
SUB_PARAM_STRING_CTX_MALFORMED = 8
SUB_FORBID_MASKING_ROLE_VIOLATION = 9
SUB_OPNOT_HLL_INTERSECT_MINHASH_MISMATCH = 9
SUB_PARAM_STRING_INDEX_OUT_OF_BOUNDS = 9
SUB_OPNOT_STRING_CONVERSION_FAILED = 10
SUB_PARAM_STRING_REGEX_INVALID = 10
SUB_OPNOT_STRING_UTF8_INVALID = 11
SUB_PARAM_STRING_UTF8_INVALID = 11
SUB_OPNOT_STRING_REGEX_LIMIT_EXCEEDED = 12
SUB_OPNOT_STRING_B64_INVALID = 13

# --- Multi-record transaction states.

TXN_STATE_OPEN = 0
TXN_STATE_VERIFIED = 1
TXN_STATE_COMMITTED = 2
TXN_STATE_ABORTED = 3
TXN_STATE_COMMIT_FAILED = 4

# --- Transaction commit outcomes.

COMMIT_OK = 0
COMMIT_ALREADY_COMMITTED = 1
COMMIT_ROLL_FORWARD_ABANDONED = 5
COMMIT_CLOSE_ABANDONED = 6

# --- Transaction abort outcomes.

ABORT_OK = 0
ABORT_ALREADY_ABORTED = 1
ABORT_ROLL_BACK_ABANDONED = 3
ABORT_CLOSE_ABANDONED = 4
ABORT_COMMIT_FAILED = 5


# --- Single-bin and record operation codes (the ``op`` of ``aerospike_py.operations`` dicts).

OPERATOR_READ = 0
"""Read one bin (``bin`` given) or every bin (``bin`` omitted)."""
OPERATOR_WRITE = 1
"""Write ``val`` to ``bin``."""
OPERATOR_READ_HEADER = 2
"""Read only the record's metadata (generation, TTL). aerospike-py specific."""
OPERATOR_INCR = 6
"""Add an int or float ``val`` to ``bin``."""
OPERATOR_APPEND = 9
"""Append a str/bytes ``val`` to ``bin``."""
OPERATOR_PREPEND = 10
"""Prepend a str/bytes ``val`` to ``bin``."""
OPERATOR_TOUCH = 11
"""Reset the record's TTL (to ``meta['ttl']`` of the operate call, else the policy's)."""
OPERATOR_DELETE = 14
"""Delete the whole record."""

# --- List (CDT) order, return types, write and sort flags, and op codes (``aerospike_py.list_operations``).

LIST_UNORDERED = 0
"""List order: insertion order (the default)."""
LIST_ORDERED = 1
"""List order: kept sorted by value."""
LIST_RETURN_NONE = 0
"""Return nothing."""
LIST_RETURN_INDEX = 1
"""Return the index (or indexes) of the selected items."""
LIST_RETURN_REVERSE_INDEX = 2
"""Return the index counted from the end."""
LIST_RETURN_RANK = 3
"""Return the value rank (0 = smallest)."""
LIST_RETURN_REVERSE_RANK = 4
"""Return the value rank counted from the largest."""
LIST_RETURN_COUNT = 5
"""Return how many items were selected."""
LIST_RETURN_VALUE = 7
"""Return the selected value (or list of values for a range)."""
LIST_RETURN_EXISTS = 13
"""Return True if anything was selected."""
LIST_WRITE_DEFAULT = 0
"""Write flags: allow duplicates and inserts at any index."""
LIST_WRITE_ADD_UNIQUE = 1
"""Write flags: refuse values already in the list (ElementExists)."""
LIST_WRITE_INSERT_BOUNDED = 2
"""Write flags: refuse inserts beyond the end of the list."""
LIST_WRITE_NO_FAIL = 4
"""Write flags: skip refused items silently instead of failing."""
LIST_WRITE_PARTIAL = 8
"""Write flags: with NO_FAIL, still write the items that are allowed."""
LIST_SORT_DEFAULT = 0
"""Sort ascending, keep duplicates."""
LIST_SORT_DROP_DUPLICATES = 2
"""Sort ascending and drop duplicate values."""
OP_LIST_APPEND = 1001
OP_LIST_APPEND_ITEMS = 1002
OP_LIST_INSERT = 1003
OP_LIST_INSERT_ITEMS = 1004
OP_LIST_POP = 1005
OP_LIST_POP_RANGE = 1006
OP_LIST_REMOVE = 1007
OP_LIST_REMOVE_RANGE = 1008
OP_LIST_CLEAR = 1009
OP_LIST_SET = 1010
OP_LIST_GET = 1011
OP_LIST_GET_RANGE = 1012
OP_LIST_TRIM = 1013
OP_LIST_SIZE = 1014
OP_LIST_INCREMENT = 1015
OP_LIST_GET_BY_INDEX = 1016
OP_LIST_GET_BY_INDEX_RANGE = 1017
OP_LIST_GET_BY_RANK = 1018
OP_LIST_GET_BY_RANK_RANGE = 1019
OP_LIST_GET_BY_VALUE = 1020
OP_LIST_GET_BY_VALUE_LIST = 1021
OP_LIST_GET_BY_VALUE_RANGE = 1022
OP_LIST_REMOVE_BY_INDEX = 1023
OP_LIST_REMOVE_BY_INDEX_RANGE = 1024
OP_LIST_REMOVE_BY_RANK = 1025
OP_LIST_REMOVE_BY_RANK_RANGE = 1026
OP_LIST_REMOVE_BY_VALUE = 1027
OP_LIST_REMOVE_BY_VALUE_LIST = 1028
OP_LIST_REMOVE_BY_VALUE_RANGE = 1029
OP_LIST_SET_ORDER = 1030
OP_LIST_SORT = 1031
OP_LIST_REMOVE_BY_VALUE_RANK_RANGE_REL = 1032
OP_LIST_GET_BY_VALUE_RANK_RANGE_REL = 1033
OP_LIST_GET_BY_VALUE_RANK_RANGE_REL_TO_END = 1034
OP_LIST_GET_BY_INDEX_RANGE_TO_END = 1035
OP_LIST_GET_BY_RANK_RANGE_TO_END = 1036
OP_LIST_REMOVE_BY_REL_RANK_RANGE_TO_END = 1037
OP_LIST_REMOVE_BY_REL_RANK_RANGE = 1038
OP_LIST_REMOVE_BY_INDEX_RANGE_TO_END = 1039
OP_LIST_REMOVE_BY_RANK_RANGE_TO_END = 1040
OP_LIST_CREATE = 1041

# --- Map (CDT) order, return types, write flags, and op codes (``aerospike_py.map_operations``).

MAP_UNORDERED = 0
"""Map order: none (the default)."""
MAP_KEY_ORDERED = 1
"""Map order: by key."""
MAP_KEY_VALUE_ORDERED = 3
"""Map order: by key, then value."""
MAP_RETURN_NONE = 0
"""Return nothing."""
MAP_RETURN_INDEX = 1
"""Return the key index (or indexes) of the selected entries."""
MAP_RETURN_REVERSE_INDEX = 2
"""Return the key index counted from the end."""
MAP_RETURN_RANK = 3
"""Return the value rank (0 = smallest)."""
MAP_RETURN_REVERSE_RANK = 4
"""Return the value rank counted from the largest."""
MAP_RETURN_COUNT = 5
"""Return how many entries were selected."""
MAP_RETURN_KEY = 6
"""Return the selected key (or list of keys)."""
MAP_RETURN_VALUE = 7
"""Return the selected value (or list of values)."""
MAP_RETURN_KEY_VALUE = 8
"""Return the selected entries as a dict."""
MAP_RETURN_EXISTS = 13
"""Return True if anything was selected."""
MAP_RETURN_UNORDERED_MAP = 16
"""Return the selected entries as a dict (server 6.3+)."""
MAP_RETURN_ORDERED_MAP = 17
"""Return the selected entries as a key-ordered dict (server 6.3+)."""
MAP_WRITE_FLAGS_DEFAULT = 0
"""Write flags: create or update entries."""
MAP_WRITE_FLAGS_CREATE_ONLY = 1
"""Write flags: refuse keys that exist (ElementExists)."""
MAP_WRITE_FLAGS_UPDATE_ONLY = 2
"""Write flags: refuse keys that do not exist (ElementNotFound)."""
MAP_WRITE_FLAGS_NO_FAIL = 4
"""Write flags: skip refused entries silently instead of failing."""
MAP_WRITE_FLAGS_PARTIAL = 8
"""Write flags: with NO_FAIL, still write the entries that are allowed."""
MAP_WRITE_NO_FAIL = MAP_WRITE_FLAGS_NO_FAIL
"""The official client's second name for ``MAP_WRITE_FLAGS_NO_FAIL``."""
MAP_WRITE_PARTIAL = MAP_WRITE_FLAGS_PARTIAL
"""The official client's second name for ``MAP_WRITE_FLAGS_PARTIAL``."""
MAP_UPDATE = MAP_WRITE_FLAGS_DEFAULT
"""aerospike-py 0.14.4's name for ``MAP_WRITE_FLAGS_DEFAULT``."""
MAP_UPDATE_ONLY = MAP_WRITE_FLAGS_UPDATE_ONLY
"""aerospike-py 0.14.4's name for ``MAP_WRITE_FLAGS_UPDATE_ONLY``."""
MAP_CREATE_ONLY = MAP_WRITE_FLAGS_CREATE_ONLY
"""aerospike-py 0.14.4's name for ``MAP_WRITE_FLAGS_CREATE_ONLY``."""
OP_MAP_SET_POLICY = 1101
OP_MAP_PUT = 1102
OP_MAP_PUT_ITEMS = 1103
OP_MAP_INCREMENT = 1104
OP_MAP_DECREMENT = 1105
OP_MAP_SIZE = 1106
OP_MAP_CLEAR = 1107
OP_MAP_REMOVE_BY_KEY = 1108
OP_MAP_REMOVE_BY_KEY_LIST = 1109
OP_MAP_REMOVE_BY_KEY_RANGE = 1110
OP_MAP_REMOVE_BY_VALUE = 1111
OP_MAP_REMOVE_BY_VALUE_LIST = 1112
OP_MAP_REMOVE_BY_VALUE_RANGE = 1113
OP_MAP_REMOVE_BY_INDEX = 1114
OP_MAP_REMOVE_BY_INDEX_RANGE = 1115
OP_MAP_REMOVE_BY_RANK = 1116
OP_MAP_REMOVE_BY_RANK_RANGE = 1117
OP_MAP_GET_BY_KEY = 1118
OP_MAP_GET_BY_KEY_RANGE = 1119
OP_MAP_GET_BY_VALUE = 1120
OP_MAP_GET_BY_VALUE_RANGE = 1121
OP_MAP_GET_BY_INDEX = 1122
OP_MAP_GET_BY_INDEX_RANGE = 1123
OP_MAP_GET_BY_RANK = 1124
OP_MAP_GET_BY_RANK_RANGE = 1125
OP_MAP_GET_BY_VALUE_LIST = 1126
OP_MAP_GET_BY_KEY_LIST = 1127
OP_MAP_REMOVE_BY_VALUE_RANK_RANGE_REL = 1128
OP_MAP_REMOVE_BY_KEY_INDEX_RANGE_REL = 1129
OP_MAP_GET_BY_VALUE_RANK_RANGE_REL = 1130
OP_MAP_GET_BY_KEY_INDEX_RANGE_REL = 1131
OP_MAP_REMOVE_BY_KEY_REL_INDEX_RANGE_TO_END = 1132
OP_MAP_REMOVE_BY_VALUE_REL_RANK_RANGE_TO_END = 1133
OP_MAP_REMOVE_BY_INDEX_RANGE_TO_END = 1134
OP_MAP_REMOVE_BY_RANK_RANGE_TO_END = 1135
OP_MAP_GET_BY_KEY_REL_INDEX_RANGE_TO_END = 1136
OP_MAP_REMOVE_BY_KEY_REL_INDEX_RANGE = 1137
OP_MAP_REMOVE_BY_VALUE_REL_INDEX_RANGE = 1138
OP_MAP_REMOVE_BY_VALUE_REL_RANK_RANGE = 1139
OP_MAP_GET_BY_KEY_REL_INDEX_RANGE = 1140
OP_MAP_GET_BY_VALUE_RANK_RANGE_REL_TO_END = 1141
OP_MAP_GET_BY_INDEX_RANGE_TO_END = 1142
OP_MAP_GET_BY_RANK_RANGE_TO_END = 1143
OP_MAP_CREATE = 1144

# --- Context ids (``aerospike_py.cdt_ctx``).

CDT_CTX_LIST_INDEX = 0x10
"""Context step: the list item at an index."""
CDT_CTX_LIST_RANK = 0x11
"""Context step: the list item of a value rank."""
CDT_CTX_LIST_VALUE = 0x13
"""Context step: the list item equal to a value."""
CDT_CTX_LIST_INDEX_CREATE = 0x14
"""Context step: the list item at an index, created as a list when missing."""
CDT_CTX_MAP_INDEX = 0x20
"""Context step: the map entry at a key-order index."""
CDT_CTX_MAP_RANK = 0x21
"""Context step: the map entry of a value rank."""
CDT_CTX_MAP_KEY = 0x22
"""Context step: the map entry at a key."""
CDT_CTX_MAP_VALUE = 0x23
"""Context step: the map entry whose value equals a value."""
CDT_CTX_MAP_KEY_CREATE = 0x24
"""Context step: the map entry at a key, created as a map when missing."""

# --- aerospike-py 0.14.4's names the official client does not have. Where 0.14.4 named an
# official value differently (POLICY_EXISTS_*_ONLY), the alias means the same thing here
# and so has the official value, not 0.14.4's number.

POLICY_EXISTS_CREATE_ONLY = POLICY_EXISTS_CREATE
POLICY_EXISTS_UPDATE_ONLY = POLICY_EXISTS_UPDATE
POLICY_EXISTS_REPLACE_ONLY = POLICY_EXISTS_REPLACE
AEROSPIKE_ERR_ALWAYS_FORBIDDEN = 10
AEROSPIKE_ERR_BATCH_DISABLED = 150
AEROSPIKE_ERR_BIN_EXISTS = 6
AEROSPIKE_ERR_BIN_NAME = 21
AEROSPIKE_ERR_BIN_NOT_FOUND = 17
AEROSPIKE_ERR_BIN_TYPE = 12
AEROSPIKE_ERR_CLIENT = -1
AEROSPIKE_ERR_CLUSTER = -11
AEROSPIKE_ERR_CLUSTER_KEY_MISMATCH = 7
AEROSPIKE_ERR_CONNECTION = -10
AEROSPIKE_ERR_DEVICE_OVERLOAD = 18
AEROSPIKE_ERR_ELEMENT_EXISTS = 24
AEROSPIKE_ERR_ELEMENT_NOT_FOUND = 23
AEROSPIKE_ERR_ENTERPRISE_ONLY = 25
AEROSPIKE_ERR_FAIL_FORBIDDEN = 22
AEROSPIKE_ERR_FILTERED_OUT = 27
AEROSPIKE_ERR_INDEX_FOUND = 200
AEROSPIKE_ERR_INDEX_NOT_FOUND = 201
AEROSPIKE_ERR_INVALID_HOST = -4
AEROSPIKE_ERR_INVALID_NAMESPACE = 20
AEROSPIKE_ERR_INVALID_USER = 60
AEROSPIKE_ERR_KEY_BUSY = 14
AEROSPIKE_ERR_KEY_MISMATCH = 19
AEROSPIKE_ERR_LOST_CONFLICT = 28
AEROSPIKE_ERR_NOT_AUTHENTICATED = 80
AEROSPIKE_ERR_NO_MORE_CONNECTIONS = -7
AEROSPIKE_ERR_OP_NOT_APPLICABLE = 26
AEROSPIKE_ERR_PARAM = 4
AEROSPIKE_ERR_PARTITION_UNAVAILABLE = 11
AEROSPIKE_ERR_QUERY_ABORTED = 210
AEROSPIKE_ERR_RECORD_EXISTS = 5
AEROSPIKE_ERR_RECORD_GENERATION = 3
AEROSPIKE_ERR_RECORD_NOT_FOUND = 2
AEROSPIKE_ERR_RECORD_TOO_BIG = 13
AEROSPIKE_ERR_ROLE_VIOLATION = 81
AEROSPIKE_ERR_SCAN_ABORT = 15
AEROSPIKE_ERR_SERVER = 1
AEROSPIKE_ERR_SERVER_MEM = 8
AEROSPIKE_ERR_TIMEOUT = 9
AEROSPIKE_ERR_UDF = 100
AEROSPIKE_ERR_UNSUPPORTED_FEATURE = 16
AEROSPIKE_OK = 0
AEROSPIKE_QUERY_END = 50
AEROSPIKE_SECURITY_NOT_ENABLED = 52
AEROSPIKE_SECURITY_NOT_SUPPORTED = 51
BATCH_CONCURRENCY_PARALLEL = 1
BATCH_CONCURRENCY_SEQUENTIAL = 0
READ_TOUCH_TTL_PERCENT_DONT_RESET = -1
READ_TOUCH_TTL_PERCENT_SERVER_DEFAULT = 0
SERIALIZER_PYTHON = 1
