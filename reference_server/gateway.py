"""`--unavailable-every N`: a gateway in front of a busy service, answering every Nth API
request `503 Service Unavailable` with a `Retry-After` (`--retry-after`, 1 s by default).

API requests are those under the base path, authenticated or not, counted in the order they
arrive since start-up, over every connection (the inspection path and paths outside the API
are not counted). The 503s alternate: the first (request N) never reaches the service, so
nothing happens; the next (request 2N) reaches it, is handled in full (a write happens) and
its answer is lost on the way back and replaced by the 503; and so on. So a create answered
503 may or may not have made the registry, as with a real gateway.
"""

from __future__ import annotations

from enum import Enum

from reference_server.errors import ServiceUnavailable


class Outage(Enum):
    NONE = "answered"
    BEFORE = "503 before the service sees the request"
    AFTER = "503 after the service handled the request"


def outage(number: int, every: int | None) -> Outage:
    """What the gateway does with API request number `number` (counted from 1)."""
    if every is None or number % every:
        return Outage.NONE
    return Outage.BEFORE if (number // every) % 2 else Outage.AFTER


def unavailable(retry_after: int) -> ServiceUnavailable:
    return ServiceUnavailable(
        "The service is busy; retry later", headers={"Retry-After": str(retry_after)}
    )
