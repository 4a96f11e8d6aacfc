"""Pacing: a request-rate cap, a request and time budget, and the waits that a 429 or a
gateway's 5xx ask for.

The pacer also keeps what those answers did to the run, by method and path (the request layer
knows no operations): which requests recovered from a 429, the one that never did, and how
many gateway answers (502, 503, 504) a retry got past.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from dataclasses import dataclass, field

from contract_tests.wire.errors import BudgetExhausted, RunError

# A 429 is retried this many times, and one Retry-After is honoured up to this many seconds;
# a server that throttles past both never stops throttling as far as a run is concerned.
MAX_THROTTLE_RETRIES = 5
MAX_RETRY_AFTER = 10.0
DEFAULT_RETRY_AFTER = 1.0
# A gateway's 502, 503 or 504 to an idempotent request is retried this many times; without a
# Retry-After the waits double from FIRST_BACKOFF (0.5 s, 1 s, 2 s).
MAX_TRANSIENT_RETRIES = 3
FIRST_BACKOFF = 0.5


def parse_rate(text: str) -> float:
    """`"5/s"` or `"90/m"` as requests per second."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*/\s*([sm])\s*", text)
    if not match or float(match.group(1)) <= 0:
        raise RunError(f"--rate-limit {text!r}: write N/s or N/m with N > 0, e.g. 5/s")
    per = 1.0 if match.group(2) == "s" else 60.0
    return float(match.group(1)) / per


def retry_after_seconds(header: str | None) -> float:
    """The wait a Retry-After asks for (delta-seconds or an HTTP-date, read by the client's own
    parser), capped at MAX_RETRY_AFTER; DEFAULT_RETRY_AFTER when absent or unreadable."""
    # Imported here: the client's package loads httpx, which only a 429 needs.
    from paperspace_client.retries import retry_after_seconds as parse_retry_after

    wanted = parse_retry_after(header)
    if wanted is None:
        wanted = DEFAULT_RETRY_AFTER
    return min(max(wanted, 0.0), MAX_RETRY_AFTER)


def backoff_seconds(attempt: int) -> float:
    """The wait before retry number `attempt` (from 1) when the server named none."""
    return float(min(FIRST_BACKOFF * 2.0 ** (attempt - 1), MAX_RETRY_AFTER))


@dataclass(frozen=True)
class Throttled:
    """A request that got 429 on every attempt: the finding of `throttling_recovers`."""

    method: str
    path: str  # redacted
    attempts: int
    waited: float  # seconds spent honouring Retry-After
    last: str = ""  # the last 429 as it came back: status line, Retry-After, body (redacted)


@dataclass
class Pacer:
    rate: float | None = None
    max_requests: int | None = None
    max_time: float | None = None
    sent: int = 0
    throttled: int = 0
    # (method, path) of requests whose 429s were waited out, and the one that never stopped.
    recovered: set[tuple[str, str]] = field(default_factory=set)
    throttled_out: Throttled | None = None
    # How many times each gateway status (502, 503, 504) was answered and then got past, by
    # (method, path).
    transient: Counter[tuple[str, str, int]] = field(default_factory=Counter)
    # Set for the end-of-run cleanup: a spent budget must not leave registries behind.
    cleaning_up: bool = False
    # Why the budget ran out, once it has: errors after that are its consequence.
    exhausted: str | None = None

    def __post_init__(self) -> None:
        self._started = time.monotonic()
        self._last = 0.0

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self._started

    @property
    def requests_left(self) -> int | None:
        return None if self.max_requests is None else max(self.max_requests - self.sent, 0)

    def settled(self, method: str, path: str, retried: tuple[int, ...]) -> None:
        """A request answered at last after the "not now" answers `retried`."""
        if 429 in retried:
            self.recovered.add((method, path))
        for status in retried:
            if status != 429:
                self.transient[(method, path, status)] += 1

    def before_request(self) -> None:
        if not self.cleaning_up:
            self._within_budget()
        if self.rate:
            wait = self._last + 1.0 / self.rate - time.monotonic()
            if wait > 0:
                time.sleep(wait)
        self._last = time.monotonic()
        self.sent += 1

    def _within_budget(self) -> None:
        if self.max_requests is not None and self.sent >= self.max_requests:
            self.exhausted = f"--max-requests {self.max_requests} reached"
        elif self.max_time is not None and self.elapsed > self.max_time:
            self.exhausted = f"--max-time {self.max_time:g}s reached"
        if self.exhausted is not None:
            raise BudgetExhausted(self.exhausted)
