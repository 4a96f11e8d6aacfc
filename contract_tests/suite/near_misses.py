"""Near misses: inputs a little off a valid one, where bugs hide and where random generation at
a few examples rarely goes. Three families, each a set of variants:

- ids: a real id in another case, cut short by one character, extended by one. The server never
  issued any of them, so none may get a 2xx (`unknown_id_refused`): a server that looks ids up
  ignoring case, or by prefix, serves a registry for them.
- tokens: the real token with its last character changed, cut short by one, extended by one.
  None is a team's token, so each gets 401 (`wrong_token_refused`): a server that compares
  tokens by a prefix accepts them. A reproduction writes each as an expression of $API_TOKEN,
  so the token itself is never printed.
- numbers: page sizes that start with digits but are not whole numbers (`12abc`, `1.5`, `1e2`,
  `0x10`): each gets 400 (`limit_out_of_range_refused`); a server that parses a leading
  integer (as JavaScript's parseInt does) pages with them.

Every variant of every family is sent in every run, whatever the budget; the strategies below
add random ones at larger budgets, drawn from the run's seed like every example.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from hypothesis import strategies as st

from api_spec.registries import RULES, UPDATE_BODY, WRITE_ONLY
from contract_tests.wire.credentials import VARIABLE, Credentials, Team, wrong


@dataclass(frozen=True)
class IdMiss:
    how: str
    apply: Callable[[str], str]


def _other_case(real: str) -> str:
    swapped = real.swapcase()
    # An id with no letter has no other case: a digit changed is as near.
    return swapped if swapped != real else real[:-1] + ("1" if real[-1:] != "1" else "2")


ID_MISSES = (
    IdMiss("in another case", _other_case),
    IdMiss("cut short", lambda real: real[:-1]),
    IdMiss("extended", lambda real: real + real[-1:]),
)


@dataclass(frozen=True)
class TokenMiss:
    how: str
    apply: Callable[[str], str]
    # The token as a shell expression of the variable that holds the real one.
    shown: Callable[[str, str], str]


def _changed(token: str) -> str:
    return token[:-1] + ("x" if token[-1:] != "x" else "y")


TOKEN_MISSES = (
    TokenMiss("a character changed", _changed, lambda v, t: f"${{{v}%?}}{_changed(t)[-1]}"),
    TokenMiss("cut short", lambda t: t[:-1], lambda v, t: f"${{{v}%?}}"),
    TokenMiss("extended", lambda t: t + "0", lambda v, t: f"${{{v}}}0"),
)


def near_miss_credentials(token: str, miss: TokenMiss) -> Credentials:
    """Credentials carrying a near miss of the first team's token, shown as an expression."""
    return wrong(miss.apply(token), "Bearer " + miss.shown(VARIABLE[Team.FIRST], token))


NOT_WHOLE_NUMBERS = ("12abc", "1.5", "1e2", "0x10")


def not_whole_numbers() -> st.SearchStrategy[str]:
    """Text that starts like a page size but is not a whole number."""
    return st.from_regex(r"[1-9][0-9]?[.a-z][0-9a-z]{0,3}", fullmatch=True)


def free_text_members() -> list[str]:
    """Members of an update that hold free text a server stores as given (not the name, which
    carries the run's prefix, nor the URL, which provider rules may judge)."""
    return [
        name
        for name, member in UPDATE_BODY.members.items()
        if "string" in member.types
        and member.enum is None
        and name not in WRITE_ONLY
        and name not in ("name", RULES.member)
    ]
