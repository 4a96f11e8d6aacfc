"""The teams the mock serves, as their tokens: from the options, else the environment, else
development tokens, which are named in one line so a developer can call the mock at once.

The API acts "for the current team", the one the token belongs to. The first team's token is
`--token` ($API_TOKEN); the further teams' are `--team-token`, repeatable, and without any
there is one further team, with $SECOND_API_TOKEN. Two teams are the least that lets a client
see whether one team's registries stay out of another's reach.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from mock_server.config import DEVELOPMENT_TOKEN, SECOND_DEVELOPMENT_TOKEN

FIRST_VARIABLE = "API_TOKEN"
SECOND_VARIABLE = "SECOND_API_TOKEN"


class TeamsError(Exception):
    """Tokens the mock cannot tell apart; the message is one line for the user."""


@dataclass(frozen=True)
class Teams:
    tokens: tuple[str, ...]  # the first team's first
    notice: str | None  # the line naming the development tokens in use, if any


def _chosen(
    given: str | None, variable: str, development: str, environ: Mapping[str, str]
) -> tuple[str, bool]:
    """A team's token, and whether it is the development one (nothing else named one)."""
    token = given or environ.get(variable) or ""
    return (token, False) if token else (development, True)


def _notice(defaulted: Sequence[tuple[str, str, str]]) -> str | None:
    """`no API_TOKEN set; development token: first team mock-development-token`: the
    variables not set, then each team's token (a token last, so it is the line's last word)."""
    if not defaulted:
        return None
    variables = " or ".join(variable for variable, _, _ in defaulted)
    plural = "s" if len(defaulted) > 1 else ""
    tokens = ", ".join(f"{team} team {token}" for _, team, token in defaulted)
    return f"mock_server: no {variables} set; development token{plural}: {tokens}"


def teams(token: str | None, team_tokens: Sequence[str], environ: Mapping[str, str]) -> Teams:
    """The teams from `--token` and `--team-token` (None and [] when not given)."""
    first, first_defaulted = _chosen(token, FIRST_VARIABLE, DEVELOPMENT_TOKEN, environ)
    defaulted = [(FIRST_VARIABLE, "first", first)] if first_defaulted else []
    further = tuple(team_tokens)
    if not further:
        second, second_defaulted = _chosen(None, SECOND_VARIABLE, SECOND_DEVELOPMENT_TOKEN, environ)
        further = (second,)
        defaulted += [(SECOND_VARIABLE, "second", second)] if second_defaulted else []
    tokens = (first, *further)
    repeated = [token for token, count in Counter(tokens).items() if count > 1]
    if repeated:
        raise TeamsError(f"every team needs its own token; {repeated[0]!r} is given twice")
    return Teams(tokens, _notice(defaulted))
