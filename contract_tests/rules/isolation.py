"""Tenant isolation: one team never sees or touches another team's registries.

Every operation of the API works "for the current team". A server that forgets it serves one
team's registries to another: OWASP's API Security Top 10 (2023) ranks this, Broken Object
Level Authorization, first. These checks need a second team's token (`SECOND_API_TOKEN`); the
model knows which team's token created or listed each registry.
"""

from __future__ import annotations

from api_spec.registries import (
    CREATED,
    DELETE,
    GET,
    ID,
    LIST,
    MODIFIED,
    TEST_CONNECTION,
    UPDATE,
)
from contract_tests.rules.answers import error_object
from contract_tests.rules.compare import brief, differences
from contract_tests.rules.conditions import NOT_A_SERVER_ERROR, SHOWN, SUCCEEDED
from contract_tests.rules.evidence import Exchange, Pair
from contract_tests.rules.exchange import Asked
from contract_tests.rules.expectations import of, with_statuses
from contract_tests.rules.model import Known
from contract_tests.rules.registry import Shape, check
from contract_tests.rules.violations import HELD, NotJudged, Problem, Verdict

# A member value shorter than this may occur in an error message by chance ("team").
MIN_TELLING = 8
NOT_TELLING = (ID, CREATED, MODIFIED)


def _telling_values(known: Known) -> list[str]:
    """The values of a registry that an answer could only carry by leaking it."""
    shown = known.last.representation if known.last else {}
    return [
        value
        for name, value in shown.items()
        if name not in NOT_TELLING and isinstance(value, str) and len(value) >= MIN_TELLING
    ]


@check(
    rule="the two teams' lists share no registry: neither team's list shows one the other "
    "team's token created or listed, whatever cursor it was given (the other team's too)",
    operations=(LIST.label,),
    asked=(Asked.ALLOWED,),
    requires=(SUCCEEDED,),
    needs_second_team=True,
    proven_by=("list-leaks-teams", "list-leaks-newest-other-team", "cursor-crosses-teams"),
    expects=with_statuses(others_absent=True),
)
def teams_lists_disjoint(exchange: Exchange) -> Verdict:
    request = exchange.request
    others = {k.id for k in exchange.prediction.known.values() if k.team is not request.team}
    if not others:
        return NotJudged("the run knows no registry of the other team yet")
    leaked = [item for item in exchange.items if item.get(ID) in others]
    if leaked:
        cause = "a list shows a registry of the other team"
        shown = str(leaked[0].get(ID))
        expected = f"only the {request.credentials.label} team's"
        return Problem(cause, brief(leaked[0]), expected, registry=shown)
    return HELD


@check(
    rule="a get or test-connection of the other team's registry, by its id or by any URL the "
    "server handed out (a Location header), answers 404 (or 403) with an error body, and "
    "carries none of that registry's members",
    operations=(GET.label, TEST_CONNECTION.label),
    asked=(Asked.OTHER_TEAM,),
    requires=(NOT_A_SERVER_ERROR,),
    needs_second_team=True,
    proven_by=("get-across-teams", "test-connection-across-teams", "location-names-team"),
    expects=with_statuses(error_body=True),
)
def other_team_cannot_read(exchange: Exchange) -> Verdict:
    known = exchange.prediction.registry
    answer = exchange.answer
    assert known is not None and answer is not None  # an other-team prediction names it
    if answer.status not in (403, 404):
        cause = f"{answer.status} for a registry of the other team"
        return Problem(cause, answer.text, exchange.prediction.why, known.id)
    shapeless = error_object(answer)
    if shapeless is not None:
        return Problem(f"a refusal without an error body: {shapeless.cause}", answer.text)
    leaked = [value for value in _telling_values(known) if value in answer.text]
    if leaked:
        cause = "a refusal that carries the other team's registry"
        return Problem(cause, answer.text, "none of its members", known.id)
    return HELD


@check(
    rule="an update or delete of the other team's registry is refused",
    operations=(UPDATE.label, DELETE.label),
    asked=(Asked.OTHER_TEAM,),
    requires=(NOT_A_SERVER_ERROR,),
    needs_writes=True,
    needs_second_team=True,
    proven_by=("update-across-teams", "delete-across-teams"),
)
def other_team_cannot_write(exchange: Exchange) -> Verdict:
    known = exchange.prediction.registry
    assert known is not None
    if exchange.ok:
        cause = f"the other team's {exchange.request.operation.method} of a registry went through"
        return Problem(cause, exchange.text, exchange.prediction.why, known.id)
    return HELD


@check(
    rule="a write of the other team that was refused changed nothing: its own team reads the "
    "registry back as it was",
    shape=Shape.PAIR,
    operations=(GET.label, LIST.label),
    requires=(SHOWN,),
    needs_writes=True,
    needs_second_team=True,
    proven_by=("update-applied-then-refused",),
    expects=of(unchanged=True),
)
def refused_write_changes_nothing(pair: Pair) -> Verdict:
    probes = pair.known.probes
    if not probes:
        return NotJudged("no write of the other team came between")
    assert pair.after is not None  # SHOWN holds
    changed = differences(pair.before.representation, pair.after.representation)
    if changed:
        cause = "a refused write of the other team changed the registry"
        return Problem(cause, f"after {probes[0]}: " + "; ".join(changed), "", pair.known.id)
    return HELD
