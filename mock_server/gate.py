"""What stands in front of every API operation: the request log, throttling, bearer auth
(which also says the team a request acts for)."""

from __future__ import annotations

import hmac
import threading
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from mock_server.config import FIRST_TEAM, Settings
from mock_server.errors import ApiError, unauthorized
from mock_server.faults import TEAM_PARAMETER, TOKEN_PREFIX

# The blanks HTTP allows around a credential (RFC 9110's OWS). Only these: `str.strip()` would
# also drop a no-break space, so `token\u00a0` would pass for the token.
_BLANKS = " \t"


class RequestLog:
    """The API requests seen (for `/_mock/requests`), and the throttle's count."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: list[tuple[str, str]] = []
        self._admitted = 0  # never reset, so `--throttle-every` keeps its rhythm

    def record(self, method: str, path: str) -> None:
        with self._lock:
            self._entries.append((method, path))

    def admit(self) -> int:
        """Count an authenticated request; return its number since start-up, from 1."""
        with self._lock:
            self._admitted += 1
            return self._admitted

    def snapshot(self) -> dict[str, Any]:
        """Counts per method (the API's four always present, so readers need no default)."""
        with self._lock:
            counts = Counter(dict.fromkeys(("GET", "POST", "PUT", "DELETE"), 0))
            counts.update(method for method, _ in self._entries)
            return {"counts": dict(counts), "log": [list(entry) for entry in self._entries]}

    def reset(self) -> None:
        with self._lock:
            self._entries.clear()


def throttle(number: int, settings: Settings) -> None:
    """Answer 429 to every Nth authenticated request (`--throttle-every`), or to all.

    Throttling comes after auth, as the live API limits each key: a request
    without a valid token is refused 401, never 429.
    """
    forever = settings.fault("throttle-forever")
    every = settings.throttle_every
    if forever or (every > 0 and number % every == 0):
        retry_after = 1 if forever else settings.retry_after
        raise ApiError(
            429,
            "TOO_MANY_REQUESTS",
            f"Too many requests; retry after {retry_after} s",
            headers={"Retry-After": str(retry_after)},
        )


def bearer_token(authorization: str | None) -> str | None:
    if authorization is None:
        return None
    scheme, _, token = authorization.strip(_BLANKS).partition(" ")
    token = token.strip(_BLANKS)
    return token if scheme.lower() == "bearer" and token else None


def token_matches(given: str | None, expected: str) -> bool:
    return given is not None and hmac.compare_digest(given.encode(), expected.encode())


def team_of(given: str | None, tokens: Sequence[str]) -> int | None:
    """The team whose token `given` is (its index in `tokens`), or None."""
    return next((team for team, token in enumerate(tokens) if token_matches(given, token)), None)


def _team_by_near_miss(given: str | None, settings: Settings) -> int | None:
    """The team whose token `given` nearly is, under the faults that compare tokens loosely:
    `token-prefix-match` on the first `TOKEN_PREFIX` characters only (a token column, or a
    cache key, cut short); `token-case-insensitive` ignoring case (a token column with a
    case-insensitive collation)."""
    if given is None:
        return None
    tokens = settings.tokens
    if settings.fault("token-prefix-match"):
        return team_of(given[:TOKEN_PREFIX], [token[:TOKEN_PREFIX] for token in tokens])
    if settings.fault("token-case-insensitive"):
        return team_of(given.casefold(), [token.casefold() for token in tokens])
    return None


def authenticate(authorization: str | None, settings: Settings) -> int:
    """The team a request acts for, by its token; a missing or wrong one is refused (401),
    unless an auth fault lets it through, acting for the first team."""
    given = bearer_token(authorization)
    team = team_of(given, settings.tokens)
    if team is None:  # an exact match first, so under a fault each real token keeps its team
        team = _team_by_near_miss(given, settings)
    if team is not None:
        return team
    if settings.fault("no-auth" if given is None else "any-token"):
        return FIRST_TEAM
    if settings.fault("auth-wrong-status"):
        raise ApiError(403, "FORBIDDEN", "Forbidden")
    raise unauthorized("Missing bearer token" if given is None else "The bearer token is not valid")


def impersonated(team: int, query: Mapping[str, str], settings: Settings) -> int:
    """The team a get acts for: the token's, or under `location-names-team` the one its
    `team` parameter names (an admin's impersonation parameter left on for every caller)."""
    named = query.get(TEAM_PARAMETER, "")
    if settings.fault("location-names-team") and named.isascii() and named.isdigit():
        return int(named)
    return team
