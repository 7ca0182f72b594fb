"""The async client's ``Query.foreach()``: records reach the callback as they arrive.

The native side runs the query into a bounded channel (a slow callback makes the query
wait, so memory stays bounded) and hands over one batch per trip through the event
loop, so other tasks run while a long scan streams.
"""

from __future__ import annotations

from typing import Any


async def foreach(stream: Any) -> None:
    done = stream.start()
    try:
        while await stream.deliver():
            pass
    except BaseException:
        # The callback raised or the task was cancelled: the query stops at its next
        # record, and its own outcome no longer has a reader (one already there, e.g.
        # the query's own error, is read here so asyncio does not report it unread).
        stream.close()
        if not done.cancel() and not done.cancelled():
            done.exception()
        raise
    stream.close()
    await done
