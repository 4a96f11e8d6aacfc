"""The teams this server serves, and which one a request speaks for.

Every operation of the API works "for the current team", the team of the bearer token. The
server serves two, each with its own token and its own store of registries and cursors, so
one team never sees, changes or pages through the other's registries: to a team, another
team's id is an id that does not exist.

The first team's token is `--token` (or `$API_TOKEN`); the second's is `--second-token` (or
`$SECOND_API_TOKEN`), else a random one that is printed nowhere, so the second team exists
but no client can speak for it.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field

from reference_server.errors import Unauthorized
from reference_server.store import Store


@dataclass(frozen=True)
class Team:
    name: str
    token: str
    store: Store = field(default_factory=Store, compare=False)


def unusable_token() -> str:
    """A token no client can know: the second team's when none is given."""
    return secrets.token_urlsafe(32)


def bearer(authorization: str | None) -> str | None:
    """The token of an `Authorization: Bearer <token>` header (the scheme in any case)."""
    scheme, _, token = (authorization or "").strip().partition(" ")
    token = token.strip()
    return token if scheme.lower() == "bearer" and token else None


class Teams:
    def __init__(
        self, first_token: str, second_token: str, new_store: Callable[[], Store] = Store
    ) -> None:
        """`new_store` makes each team's store (`store.stores` makes them as options ask)."""
        if first_token == second_token:
            raise ValueError("the two teams need different tokens")
        self.all = (
            Team("first", first_token, new_store()),
            Team("second", second_token, new_store()),
        )

    def of(self, authorization: str | None) -> Team:
        """The team whose token the request carries; 401 otherwise. A missing token gets
        a bare challenge, a wrong one `error="invalid_token"` (RFC 6750 §3.1)."""
        token = bearer(authorization)
        if token is None:
            raise Unauthorized("Unauthorized", headers={"WWW-Authenticate": "Bearer"})
        sent = token.encode("utf-8", "replace")
        # Every token is compared, in constant time, so timing tells nothing of which matched.
        matches = [team for team in self.all if hmac.compare_digest(sent, team.token.encode())]
        if not matches:
            challenge = 'Bearer error="invalid_token"'
            raise Unauthorized("Unauthorized", headers={"WWW-Authenticate": challenge})
        return matches[0]
