"""`--list-lag MS`: the view a replica serves when it lags the primary by MS milliseconds.

Every write to the primary is logged with the time it happened on a monotonic clock, and
applied to the replica's own view once it is MS ms old, in the order it happened, so a list
shows the state as it was MS ms ago: a registry created since is absent, one deleted since is
still there, one updated since shows its members from before. Writes are folded in at every
write and every read, so the log holds only the last MS ms of them. Not locked: the store that
holds a replica locks around it.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable

from reference_server.resource import Registry
from reference_server.view import View

# A write as the replica replays it: when (monotonic seconds), which registry, and what it
# became (None: deleted).
Write = tuple[float, str, Registry | None]


class Replica:
    def __init__(self, lag: float, monotonic: Callable[[], float] = time.monotonic) -> None:
        self._lag = lag  # seconds
        self._monotonic = monotonic
        self._view = View()
        self._pending: deque[Write] = deque()  # oldest first

    def record(self, registry_id: str, registry: Registry | None) -> None:
        """A write the primary just made: `registry` as it now is, or None once deleted."""
        now = self._monotonic()
        self._pending.append((now, registry_id, registry))
        self._catch_up(now)

    def preload(self, registry: Registry) -> None:
        """A registry that was there before the server started: on the replica at once."""
        self._view.put(registry)

    def view(self) -> View:
        """The state as it was `lag` seconds ago."""
        self._catch_up(self._monotonic())
        return self._view

    @property
    def backlog(self) -> int:
        """How many writes the replica has yet to apply."""
        return len(self._pending)

    def _catch_up(self, now: float) -> None:
        while self._pending and self._pending[0][0] <= now - self._lag:
            _, registry_id, registry = self._pending.popleft()
            if registry is None:
                self._view.drop(registry_id)
            else:
                self._view.put(registry)
