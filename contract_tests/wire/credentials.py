"""The credentials a request carries, and the team it acts for.

A run sends the first team's token (`API_TOKEN`), and with a second team's token
(`SECOND_API_TOKEN`) it also acts for that team, to judge isolation. Some requests carry no
token, a made-up one or a near miss of the real one on purpose: their answers are the auth
checks' to judge. `shown` is how a reproduction writes the Authorization header: never the
token itself, always an expression of the environment variable that holds it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from contract_tests.wire.variants import TokenVariant


class Team(Enum):
    FIRST = "first"  # API_TOKEN's team: the run's own
    SECOND = "second"  # SECOND_API_TOKEN's team


class Kind(Enum):
    VALID = "valid"  # a team's real token
    NONE = "none"  # no Authorization header
    WRONG = "wrong"  # a token no team has: made up, or a near miss of the real one


# How a reproduction line names each team's token.
VARIABLE = {Team.FIRST: "API_TOKEN", Team.SECOND: "SECOND_API_TOKEN"}


@dataclass(frozen=True)
class Credentials:
    kind: Kind
    token: str | None = field(default=None, repr=False)
    team: Team | None = None  # the team a valid token acts for
    shown: str = ""  # the Authorization header as a reproduction writes it ("" for none)
    # A deliberate request of one team to a registry of the other, which the server must
    # refuse: the request layer lets it reach the other team's registries the run created.
    probe: bool = False
    # A near miss of a team's token (`wire.variants`): its axis, and the team it varies.
    variant: str = ""
    varies: Team | None = None
    gap: str = " "  # what separates `Bearer` and the token in the header

    @property
    def label(self) -> str:
        """A short name for progress and reports: `first`, `second`, `none`, `wrong`."""
        return self.team.value if self.team is not None else self.kind.value


def valid(token: str, team: Team, *, probe: bool = False) -> Credentials:
    return Credentials(Kind.VALID, token, team, f"Bearer ${VARIABLE[team]}", probe)


def missing() -> Credentials:
    return Credentials(Kind.NONE)


def wrong(token: str, shown: str) -> Credentials:
    """A token no team has; `shown` is how a reproduction writes it."""
    return Credentials(Kind.WRONG, token, None, shown)


def varied(token: str, team: Team, variant: TokenVariant) -> Credentials:
    """A near miss of a team's token: another token (401), or the token itself written
    otherwise by a standard, which acts for the team. Shown as an expression of the variable
    that holds the token, whatever the axis."""
    shown = variant.shown(VARIABLE[team])
    if variant.equal:
        return Credentials(Kind.VALID, token, team, shown, variant=variant.axis, varies=team,
                           gap=variant.gap)  # fmt: skip
    return Credentials(Kind.WRONG, variant.apply(token), None, shown, variant=variant.axis,
                       varies=team)  # fmt: skip
