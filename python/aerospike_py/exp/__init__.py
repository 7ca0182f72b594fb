"""Aerospike expressions: the official client's builder API (``aerospike_helpers.expressions``).

Build an expression from the classes here and ``compile()`` it; pass the result as
a policy's ``expressions`` (filter) key, to ``expression_read``/``expression_write``
operations, or to ``client.get_expression_base64``.  The compiled form and the
bytes sent are the official client's, so expressions built with either library
can be used with either client.  aerospike-py 0.14.4's function-style helpers
(``eq``, ``int_bin``, ``int_val`` ...) are aliases onto the same builders.
"""

from . import arithmetic, base, bitwise, functions
from . import list as _list
from . import map as _map
from ._core import CDTInfinite, ResultType

_modules = (base, arithmetic, _list, _map, bitwise, functions)
for _m in _modules:
    globals().update({name: getattr(_m, name) for name in _m.__all__})

__all__ = ["CDTInfinite", "ResultType", *(name for _m in _modules for name in _m.__all__)]
del _m
