"""The consistency window: a read that fails a rule may show the state before a recent write
(a list from a replica or a cache that lags writes), and no correct server is promised to do
better. So before such a failure stands, the read is sent again, with backoff, until the
difference is gone (the server lagged: a fact of the server, not a finding) or the window has
passed since the write (the failure stands).

A read is read again only when a check that declares `lags` failed on it, it is a safe read
(GET or the list), and the asking team wrote within the window before it was sent. A server
without lag costs nothing: its reads pass the first time. Once a cause has outlasted the
window it is not waited out again, so a server whose list never catches up costs one window,
not one per answer.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from contract_tests.rules.exchange import Request
from contract_tests.rules.registry import Check
from contract_tests.rules.violations import Problem

# The first wait before a read is sent again; each next one doubles, up to the window's end.
FIRST_WAIT = 0.05
Cause = tuple[str, str]  # (check name, the problem's cause)


@dataclass
class Episode:
    """A read that may have shown an older state, being read again."""

    causes: frozenset[Cause]
    write_at: float  # time.monotonic() of the write that may explain it
    attempt: int = 0
    wait: float = FIRST_WAIT
    # Earlier reads to send again first: the one a read was compared with may be the older.
    first: tuple[Request, ...] = ()
    # Registries to read before judging again, since someone else may have deleted them.
    confirm: tuple[str, ...] = ()

    def ruled_out(self, window: float) -> str:
        return (
            f"an older state (a replica or cache behind the last write): read again for "
            f"{window:g} s after the write, and the difference stayed"
        )


@dataclass
class Window:
    seconds: float  # 0: every failure stands at once
    outlasted: set[Cause] = field(default_factory=set)

    def stale(
        self,
        failures: Iterable[tuple[Check[Any], Problem]],
        write_at: float | None,
        sent_at: float,
        episode: Episode | None,
    ) -> Episode | None:
        """The episode to go on with, when the failures may be an older state and the window
        is still open; None when they stand (and any that outlasted it are remembered)."""
        causes = frozenset((c.name, p.cause) for c, p in failures if c.lags) - self.outlasted
        if not causes or self.seconds <= 0 or write_at is None:
            return None
        if episode is None and sent_at - write_at > self.seconds:
            return None  # written longer ago than any lag the run allows for
        left = write_at + self.seconds - time.monotonic()
        if left <= 0 or sent_at - write_at > self.seconds:
            self.outlasted |= causes  # read again for the whole window: it stays
            return None
        attempt = episode.attempt + 1 if episode is not None else 1
        wait = min(FIRST_WAIT * 2 ** (attempt - 1), left)
        return Episode(causes, write_at, attempt, wait)

    def explains(self, write_at: float | None, sent_at: float) -> bool:
        """Whether a write was recent enough, when a read was sent, that lag might explain
        what it showed."""
        return self.seconds > 0 and write_at is not None and sent_at - write_at <= self.seconds
