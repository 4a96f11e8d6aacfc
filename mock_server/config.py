"""The settings of one running mock, read by every other module."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from mock_server.faults import BY_NAME

TimestampStyle = Literal["millis", "seconds-offset"]

# The page size of a list that names none: the docs leave it to the server.
DEFAULT_LIMIT = 20
DEFAULT_MAX_BODY_BYTES = 64 * 1024
DEFAULT_CONNECT_TIMEOUT = 2.0
# Printed when no token is configured, so a developer can call the mock at once: the first
# team's, and the second team's (the one further team the mock serves unless told otherwise).
DEVELOPMENT_TOKEN = "mock-development-token"
SECOND_DEVELOPMENT_TOKEN = "mock-development-token-2"
FIRST_TEAM = 0


@dataclass(frozen=True)
class Settings:
    token: str = DEVELOPMENT_TOKEN  # the first team's
    team_tokens: tuple[str, ...] = (SECOND_DEVELOPMENT_TOKEN,)  # the further teams', in order
    base_path: str = "/v1"
    faults: frozenset[str] = field(default_factory=frozenset)
    connect_allow: frozenset[str] = field(default_factory=frozenset)
    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT
    default_limit: int = DEFAULT_LIMIT
    timestamp_style: TimestampStyle = "millis"
    error_extras: bool = False
    throttle_every: int = 0  # 0: never throttle
    retry_after: int = 1
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES

    @property
    def tokens(self) -> tuple[str, ...]:
        """Every team's token; a team is its index here (the first team is 0)."""
        return (self.token, *self.team_tokens)

    def fault(self, name: str) -> bool:
        """Whether fault `name` is on; an unknown name is a programming error."""
        if name not in BY_NAME:
            raise KeyError(f"no fault named {name!r} in the catalogue")
        return name in self.faults
