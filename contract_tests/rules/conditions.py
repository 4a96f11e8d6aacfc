"""The preconditions checks declare: what the evidence must be for a check to judge it. Each
answers None when it holds, or the reason the check cannot judge (reported as not judged)."""

from __future__ import annotations

from contract_tests.rules.evidence import Exchange, Pair
from contract_tests.rules.registry import Condition


def _answered(exchange: Exchange) -> str | None:
    if exchange.answer is None:
        return f"no answer came ({exchange.error or 'no answer'})"
    return None


def _not_a_server_error(exchange: Exchange) -> str | None:
    status = exchange.status
    if status is not None and status >= 500:
        return f"the answer was a {status}, a server error (a check of every answer judges it)"
    return _answered(exchange)


def _succeeded(exchange: Exchange) -> str | None:
    if exchange.answer is None:
        return _answered(exchange)
    if not exchange.ok:
        return f"the answer was a {exchange.status}, not a 2xx"
    return None


def _an_error(exchange: Exchange) -> str | None:
    if exchange.answer is None:
        return _answered(exchange)
    if exchange.answer.status < 400:
        return "the answer was not an error"
    return None


def _a_page(exchange: Exchange) -> str | None:
    reason = _succeeded(exchange)
    if reason is None and not isinstance(exchange.json, dict):
        return "the answer was not a page (the schema check reports it)"
    return reason


def _shown(pair: Pair) -> str | None:
    if pair.after is None:
        return f"the later answer, a {pair.exchange.status}, does not show it"
    return None


def _describable(pair: Pair) -> str | None:
    known = pair.known
    if known.compromised or known.probes:
        return "the other team wrote to it (isolation's to judge)"
    return _shown(pair)


ANSWERED = Condition[Exchange]("an answer came", _answered)
NOT_A_SERVER_ERROR = Condition[Exchange]("an answer that is not a 5xx", _not_a_server_error)
SUCCEEDED = Condition[Exchange]("a 2xx", _succeeded)
AN_ERROR = Condition[Exchange]("a 4xx or 5xx", _an_error)
A_PAGE = Condition[Exchange]("a page of the list", _a_page)
SHOWN = Condition[Pair]("the later answer shows the registry", _shown)
DESCRIBABLE = Condition[Pair]("the run's to describe, shown by both", _describable)
