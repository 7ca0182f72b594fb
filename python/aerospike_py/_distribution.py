"""Which aerospike-py distribution is installed, and a clear report when two are.

The three tiers are three distributions (``aerospike-py``, ``aerospike-py-slim``,
``aerospike-py-bare``) that all install the package ``aerospike_py``: with two
installed, the files of the last one installed win and uninstalling either
breaks the other. ``check()`` runs once at import and warns, naming both and the
tier actually loaded. Cost: one ``importlib.metadata`` lookup per name, at import only.
"""

from __future__ import annotations

import warnings
from importlib import metadata

# The distribution of each tier; scripts/rename-wheel and the packaging tests read it.
DISTRIBUTIONS = {"otel": "aerospike-py", "metrics-only": "aerospike-py-slim", "none": "aerospike-py-bare"}


class ConflictingDistributionsWarning(RuntimeWarning):
    """More than one aerospike-py tier distribution is installed in this environment."""


def installed() -> list[str]:
    """The tier distributions installed in this environment."""
    found = []
    for name in DISTRIBUTIONS.values():
        try:
            metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        found.append(name)
    return found


def check(tier: str) -> None:
    names = installed()
    if len(names) > 1:
        loaded = DISTRIBUTIONS.get(tier, tier)
        warnings.warn(
            f"aerospike_py: {len(names)} distributions of aerospike-py are installed ({', '.join(names)}); "
            f"they share the package `aerospike_py`, and the one loaded is {loaded!r} "
            f"(INSTRUMENTATION_TIER={tier!r}). Keep one: pip uninstall {' '.join(names)} && pip install {loaded}",
            ConflictingDistributionsWarning,
            stacklevel=3,
        )
