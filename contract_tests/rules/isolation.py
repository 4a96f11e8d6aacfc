"""Tenant isolation: one team never sees or touches another team's registries.

Every operation of the API works "for the current team". A server that forgets it serves one
team's registries to another: OWASP's API Security Top 10 (2023) ranks this, Broken Object
Level Authorization, first. These checks need a second team's token (`SECOND_API_TOKEN`); the
model knows which team's token created or listed each registry.
"""

from __future__ import annotations

from typing import Any

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
from contract_tests.rules.compare import brief, differences, listed
from contract_tests.rules.exchange import Answer, Refusal
from contract_tests.rules.model import Known, Prediction
from contract_tests.rules.registry import Kind, check
from contract_tests.rules.violations import HELD, Problem, Verdict

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
    "team's token created or listed",
    kind=Kind.PREDICTION,
    operations=(LIST.label,),
    needs_second_team=True,
    proven_by=("list-leaks-teams",),
)
def teams_lists_disjoint(prediction: Prediction, answer: Answer) -> Verdict:
    request = prediction.request
    if request.operation is not LIST or not answer.ok or prediction.refusal is not None:
        return None
    others = {k.id for k in prediction.known.values() if k.team is not request.team}
    if not others:
        return None
    leaked = [item for item in listed(answer.json) if item.get(ID) in others]
    if leaked:
        cause = "a list shows a registry of the other team"
        return Problem(cause, brief(leaked[0]), f"only the {request.credentials.label} team's")
    return HELD


@check(
    rule="a get or test-connection of the other team's registry answers 404 (or 403) with an "
    "error body, and carries none of that registry's members",
    kind=Kind.PREDICTION,
    operations=(GET.label, TEST_CONNECTION.label),
    needs_second_team=True,
    proven_by=("get-across-teams",),
)
def other_team_cannot_read(prediction: Prediction, answer: Answer) -> Verdict:
    known = prediction.registry
    operation = prediction.request.operation
    if prediction.refusal is not Refusal.OTHER_TEAM or operation not in (GET, TEST_CONNECTION):
        return None
    assert known is not None  # an other-team prediction names its registry
    if answer.status not in (403, 404):
        cause = f"{answer.status} for a registry of the other team"
        return Problem(cause, answer.text, prediction.why, known.id)
    shapeless = error_object(answer)
    if shapeless is not None:
        return Problem(f"a refusal without an error body: {shapeless.cause}", answer.text)
    leaked = [value for value in _telling_values(known) if value in answer.text]
    if leaked:
        cause = "a refusal that carries the other team's registry"
        return Problem(cause, answer.text, "none of its members", known.id)
    return HELD


@check(
    rule="an update or delete of the other team's registry is refused, and changes nothing: "
    "its own team reads it back as it was",
    kind=Kind.PREDICTION,
    operations=(UPDATE.label, DELETE.label, GET.label),
    needs_writes=True,
    needs_second_team=True,
    proven_by=("update-across-teams", "delete-across-teams"),
)
def other_team_cannot_write(prediction: Prediction, answer: Answer) -> Verdict:
    request = prediction.request
    known = prediction.registry
    if prediction.refusal is Refusal.OTHER_TEAM and request.operation in (UPDATE, DELETE):
        assert known is not None
        if answer.ok:
            cause = f"the other team's {request.operation.method} of a registry went through"
            return Problem(cause, answer.text, prediction.why, known.id)
        return HELD
    return _read_back(prediction, answer)


def _read_back(prediction: Prediction, answer: Answer) -> Verdict:
    """The first read, by its own team, of a registry the other team tried to write (a get,
    or a list that shows it)."""
    if prediction.refusal is not None or not answer.ok or prediction.request.operation is UPDATE:
        return None
    verdict: Verdict = None
    for known, body in _probed(prediction, answer):
        last = known.last.representation if known.last else {}
        changed = differences(last, body)
        if changed:
            cause = "a refused write of the other team changed the registry"
            return Problem(cause, f"after {known.probes[0]}: " + "; ".join(changed), "", known.id)
        verdict = HELD
    return verdict


def _probed(prediction: Prediction, answer: Answer) -> list[tuple[Known, dict[str, Any]]]:
    body = answer.json
    request = prediction.request
    if request.operation is LIST:
        candidates = listed(body)
    elif request.operation in (GET, DELETE) and isinstance(body, dict):
        candidates = [body]
    else:
        return []
    found = []
    for item in candidates:
        known = prediction.known.get(str(item.get(ID))) or (
            prediction.registry
            if prediction.registry and prediction.registry.id == item.get(ID)
            else None
        )
        if known is not None and known.probes and known.team is request.team:
            found.append((known, item))
    return found
