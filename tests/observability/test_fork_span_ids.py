"""A fork child draws its own span and trace ids, not its parent's next ones.

The ids come from a per-thread generator; a child starts as a copy of the parent's
forking thread, so without reseeding its first span would carry the very ids the
parent's next span gets.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.tiers("otel")

SCENARIO = """
import aerospike_py
aerospike_py.init_tracing()
c = connect()
key = (NS, "fork_span_ids", "parent")
c.put(key, {"v": 1})
pid = os.fork()
if pid == 0:
    # The inherited pipeline has no export thread here: start the child's own.
    aerospike_py.shutdown_tracing()
    aerospike_py.init_tracing()
    child = connect()
    child.exists((NS, "fork_span_ids", "child"))
    child.close()
    aerospike_py.shutdown_tracing()
    os._exit(0)
c.exists((NS, "fork_span_ids", "after-fork"))
assert os.waitpid(pid, 0)[1] == 0
c.remove(key)
c.close()
aerospike_py.shutdown_tracing()
"""


def test_a_fork_child_does_not_repeat_its_parents_span_ids(run_py, receiver, tracing_env):
    run_py(SCENARIO, env=tracing_env)
    spans = receiver.wait_for_count(4, timeout=10)
    assert sorted(s.name.split()[0] for s in spans) == ["EXISTS", "EXISTS", "PUT", "REMOVE"], [s.name for s in spans]
    span_ids = [s.span_id for s in spans]
    trace_ids = [s.trace_id for s in spans]
    assert len(set(span_ids)) == len(span_ids), span_ids
    assert len(set(trace_ids)) == len(trace_ids), trace_ids
