"""`--preexisting N`: registries the teams held before the server started, standing for a
user's own registries, which a test run must leave alone.

Each team gets N, made in turn (the first team's first, the second team's first, the first
team's second...), so with `--sequential-ids` the first team's first is "1" and the second
team's first is "2". They are dated a day before start-up, a second apart, named
`preexisting-<team>-<i>`, of a kind without provider rules, at `https://registry-<i>.example`.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from api_spec.registries import CREATE_BODY
from reference_server import validation
from reference_server.codec import to_bytes
from reference_server.resource import completed
from reference_server.teams import Team

AGE = timedelta(days=1)


def _body(team: Team, i: int) -> dict[str, Any]:
    """A create's body, checked as a client's would be, so a preexisting registry is one a
    client could have made."""
    sent = {
        "name": f"preexisting-{team.name}-{i}",
        "namespace": team.name,
        "url": f"https://registry-{i}.example",
        "username": f"owner-{team.name}",
        "password": secrets.token_urlsafe(12),
    }
    return completed(validation.body_members(CREATE_BODY, to_bytes(sent)))


def preload(teams: Iterable[Team], count: int) -> None:
    """`count` registries for each team, interleaved, dated in the past."""
    everyone = list(teams)
    # Whole seconds, so the dates read the same with or without --whole-second-timestamps.
    start = datetime.now(UTC).replace(microsecond=0) - AGE
    for i in range(1, count + 1):
        for team in everyone:
            team.store.preload(_body(team, i), start + timedelta(seconds=i))
