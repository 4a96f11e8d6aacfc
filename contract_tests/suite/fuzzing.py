"""Making a generated case safe to send, and fuzzing one operation with it.

Every case, from fuzzing or from the state machine, goes through `prepare` before it is sent:
an id the run does not own becomes one made up to be missing (and so does the id of a
connection test of a registry whose host could exist: only a host under `.invalid` is ever
tested), and a body is marked as the run's (name prefix, a fresh password, so every password
sent is tracked, in a valid body or an invalid one) and, when valid, given a URL its kind's
provider rules accept.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from schemathesis import Case, GenerationMode

from api_spec.registries import CREATE, DELETE, ID, TEST_CONNECTION, UPDATE
from contract_tests.engine.client import Client, created_id
from contract_tests.rules.violations import Violation
from contract_tests.suite.bodies import Marker, with_provider
from contract_tests.wire.policy import READ_ONLY, WritePolicy

STANDARD_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"})


def is_negative(case: Case[Any]) -> bool:
    return case.meta is not None and case.meta.generation.mode == GenerationMode.NEGATIVE


def prepare(case: Case[Any], marker: Marker, policy: WritePolicy, *, fuzzing: bool) -> None:
    """Make `case` safe to send as the run's own request."""
    path = dict(case.path_parameters or {})
    testing = case.operation.label == TEST_CONNECTION.label
    if ID in path and (
        fuzzing
        or not policy.may_touch(str(path[ID]))
        or (testing and not policy.connectable(str(path[ID])))
    ):
        # Fuzzing touches no real registry; the state machine only the ones the run created,
        # and tests the connection of none whose host could exist.
        case.path_parameters = {**path, ID: marker.missing_id()}
    if not isinstance(case.body, dict) or case.operation.label not in (CREATE.label, UPDATE.label):
        return
    # Only string values are replaced, so an invalid body stays invalid where it was.
    marked = marker.owned(case.body)
    case.body = marked if is_negative(case) else with_provider(marked)


def worth_sending(case: Case[Any], allow_writes: bool) -> bool:
    """False for cases whose verdict would not be about the server's contract.

    The request layer always sends the run's own credentials (auth has its own checks), so a
    case whose only fault is a negated Authorization header would be sent valid. Methods
    outside HTTP's standard set are answered by whatever fronts the API, not by the API.
    """
    if is_negative(case) and case.operation.schema.is_security_param_negated(case):
        return False
    if case.method.upper() != "GET" and not allow_writes:
        return False  # a read-only run sends GET and nothing else
    return case.method.upper() in STANDARD_METHODS


# Cases sent at most of an operation whose every case goes to an id made up to be missing (but
# a get): each meets the same 404, which the near-miss probes judge at every axis already.
MISSING_ONLY = 3
_sent: Counter[str] = Counter()


def worth_another(case: Case[Any]) -> bool:
    """Whether to send this case of an operation fuzzing only sends to missing ids."""
    operation = case.operation.label
    if ID not in (case.path_parameters or {}) or case.method.upper() == "GET":
        return True
    _sent[operation] += 1
    return _sent[operation] <= MISSING_ONLY


def fuzz(case: Case[Any], client: Client, marker: Marker, allow_writes: bool) -> None:
    """Send one generated case and judge its answer against the model's prediction."""
    # By the operation's method: a probe of another method on a GET operation (schemathesis
    # sends OPTIONS or TRACE to see them refused) is left unsent below, not a reason to skip
    # the operation's fuzzing.
    if str(case.operation.method).upper() != "GET" and not allow_writes:
        pytest.skip(READ_ONLY)
    if not worth_sending(case, allow_writes) or not worth_another(case):
        return
    book = client.engine.book
    before = book.total_findings
    prepare(case, marker, client.wire.guards.policy, fuzzing=True)
    response = client.send(case)
    created = created_id(response) if case.operation.label == CREATE.label else None
    if created is not None:
        # Deleted at once: left for the cleanup, it would lengthen every walk after this test.
        client.request(DELETE, registry_id=created)
    new = book.total_findings - before
    if new:
        # Raised here, per example, so hypothesis can shrink the example that found it.
        raise Violation(book.latest[-min(new, len(book.latest)) :])
