"""What a module exports, derived from what it defines (no hand-kept ``__all__`` lists)."""

from __future__ import annotations

import inspect
from typing import Any


def public(namespace: dict[str, Any], module: str) -> list[str]:
    """The public names ``module`` defines: its UPPER_CASE constants and the functions
    and classes declared in it (not names it merely imports)."""
    names = []
    for name, value in namespace.items():
        if name.startswith("_"):
            continue
        constant = name.isupper() and isinstance(value, (int, str))
        own = (inspect.isfunction(value) or inspect.isclass(value)) and value.__module__ == module
        if constant or own:
            names.append(name)
    return sorted(names)


def constants_of(module: Any) -> list[str]:
    """The UPPER_CASE names ``module`` defines (a table of constants has nothing else)."""
    return sorted(name for name in vars(module) if name.isupper() and not name.startswith("_"))
