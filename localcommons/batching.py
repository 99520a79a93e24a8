"""Signal handlers that a bulk write runs once at its end rather than once per saved page."""

import functools
import threading
from contextlib import contextmanager

_state = threading.local()


@contextmanager
def batched():
    """Within, handlers marked @once_per_batch are noted, and run once when the block ends.

    A block that raises runs none of them: its transaction was rolled back, so nothing
    changed. Per thread, so requests served alongside are not affected.
    """
    if getattr(_state, "pending", None) is not None:
        yield  # already inside a batch: the outer one runs them
        return
    _state.pending = {}
    try:
        yield
        pending = list(_state.pending.values())
    finally:
        _state.pending = None
    for handler in pending:
        handler()


def once_per_batch(handler):
    """Mark a signal handler (whose arguments do not matter) to run once per batch."""

    @functools.wraps(handler)
    def wrapper(*args, **kwargs):
        pending = getattr(_state, "pending", None)
        if pending is None:
            return handler(*args, **kwargs)
        pending.setdefault(handler, handler)
        return None

    return wrapper
