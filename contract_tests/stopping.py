"""Ctrl-C and SIGTERM: the run stops, but never between a create and its ledger entry.

A signal that lands while a create is in flight is held until the create has answered (within
the request timeout) and its id is in the ledger; then the run stops, and the cleanup deletes
it with the rest, within STOP_DEADLINE of the signal. A second signal stops at once.
"""

from __future__ import annotations

import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

# From the signal, how long the cleanup may take before the run says what is left and exits.
STOP_DEADLINE = 30.0


class Stopper:
    def __init__(self) -> None:
        self.signal: int | None = None
        self.at: float | None = None
        self._holding = 0

    def install(self) -> None:
        signal.signal(signal.SIGINT, self._handle)
        signal.signal(signal.SIGTERM, self._handle)

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self.signal is not None:
            raise KeyboardInterrupt(f"signal {signum} again")
        self.signal, self.at = signum, time.monotonic()
        if not self._holding:
            raise KeyboardInterrupt(f"signal {signum}")

    @contextmanager
    def hold(self) -> Iterator[None]:
        """Defer a stop until the block ends (a create and its ledger entry)."""
        self._holding += 1
        try:
            yield
        finally:
            self._holding -= 1
        if self.signal is not None and not self._holding:
            raise KeyboardInterrupt(f"signal {self.signal}")

    def time_left(self) -> float | None:
        """Seconds the cleanup has left after a signal, or None when no signal came."""
        if self.at is None:
            return None
        return max(STOP_DEADLINE - (time.monotonic() - self.at), 0.0)
