"""What the request layer did to bring back one answer, for whoever judges it: the transient
answers it waited out and retried, how long it waited, whether it cut the body, and when the
answer came.

The session keeps the delivery of its last request (`GuardedSession.last`), so the caller that
sent a request reads how it went without anything set on the response.
"""

from __future__ import annotations

from dataclasses import dataclass

# Answers that say "not now" rather than "no": a 429 (throttled, nothing done), and the
# gateway statuses a busy or restarting service gives (RFC 9110 §15.6.3-5).
THROTTLED = 429
TRANSIENT = frozenset({502, 503, 504})
# Methods RFC 9110 §9.2.2 makes idempotent: repeating one has the effect of sending it once.
IDEMPOTENT = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE"})


@dataclass(frozen=True)
class Delivery:
    retried: tuple[int, ...] = ()  # the statuses answered before the final one, in order
    waited: float = 0.0  # seconds spent honouring Retry-After or backing off
    cut: int | None = None  # the body's size, when it was cut at the size the suite reads
    sent_at: float = 0.0  # time.monotonic() when the last attempt went out
    answered_at: float | None = None  # and when its answer came (None: no answer)

    @property
    def transient(self) -> tuple[int, ...]:
        """The gateway answers (502, 503, 504) that a retry got past."""
        return tuple(status for status in self.retried if status in TRANSIENT)
