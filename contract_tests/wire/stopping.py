"""Ctrl-C and SIGTERM: the run stops, but never between a create and its ledger entry.

A signal that lands while a create is in flight is held until the create has answered (within
the request timeout) and its id is in the ledger; then the run stops, and the cleanup deletes
it with the rest, within STOP_DEADLINE of the signal. A second signal stops at once.

The KeyboardInterrupt a signal raises can land where Python cannot raise it: in a `__del__`
or a weakref callback, where it is printed as "Exception ignored" and dropped. So the stop is
sticky: every request and every test checks for it (`checkpoint`) until the cleanup begins
(`finishing`), and the hook for such exceptions drops this one quietly.
"""

from __future__ import annotations

import signal
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType

# From the signal, how long the cleanup may take before the run says what is left and exits.
STOP_DEADLINE = 30.0


class Stopper:
    def __init__(self) -> None:
        self.signal: int | None = None
        self.at: float | None = None
        self._holding = 0
        self._finishing = False

    def install(self) -> None:
        signal.signal(signal.SIGINT, self._handle)
        signal.signal(signal.SIGTERM, self._handle)

    def quiet_unraisable(
        self, previous: Callable[[sys.UnraisableHookArgs], object]
    ) -> Callable[[sys.UnraisableHookArgs], object]:
        """A hook that drops the interrupt of a signal raised where it could not propagate
        (`checkpoint` raises it again) and passes anything else to `previous`."""

        def hook(unraisable: sys.UnraisableHookArgs) -> object:
            if self.signal is not None and unraisable.exc_type is KeyboardInterrupt:
                return None
            return previous(unraisable)

        return hook

    def checkpoint(self) -> None:
        """Stop here if a signal came and its interrupt was lost on the way."""
        if self.signal is not None and not self._holding and not self._finishing:
            raise KeyboardInterrupt(f"signal {self.signal}")

    def finishing(self) -> None:
        """The cleanup has begun: its requests go out despite the signal."""
        self._finishing = True

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
