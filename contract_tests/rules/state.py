"""The rules of state, judged on every answer against what the reference model predicted
(`contract_tests.rules.model`): what the run wrote is what it reads back, one registry looks
the same in every answer, safe methods change nothing, a deleted registry stays gone, an id
names one registry, and a registry's timestamps and connection test fit what it is now.

Each check below is one rule; together they split every difference an answer can show, so one
cause is one finding: members the run set are the persistence checks', the others are
`one_representation`'s or `safe_methods_safe`'s.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import timedelta
from typing import Any

from api_spec.registries import (
    CREATE,
    CREATED,
    DELETE,
    GET,
    ID,
    LIST,
    MODIFIED,
    RESOURCE,
    TEST_CONNECTION,
    UPDATE,
    WRITE_ONLY,
)
from contract_tests.rules.compare import (
    UNREACHABLE_DOMAIN,
    brief,
    differences,
    instant,
    listed,
    server_clock,
)
from contract_tests.rules.exchange import Answer, Refusal
from contract_tests.rules.model import Known, Prediction, Sighting, Write
from contract_tests.rules.registry import Kind, check
from contract_tests.rules.violations import HELD, Problem, Verdict

# How far a timestamp of a registry created or updated during the run may be from the
# server's clock at that moment (its Date header has a one-second resolution; a fleet's
# clocks differ by a little).
CLOCK_TOLERANCE = timedelta(minutes=2)
READS = (GET.label, LIST.label)
BY_ID = (GET.label, UPDATE.label, DELETE.label, TEST_CONNECTION.label)


def carried(prediction: Prediction, answer: Answer) -> Iterator[tuple[Known, dict[str, Any]]]:
    """The registries a 2xx answer carries that the model knows as the asking team's, live
    and the run's to describe, each with the representation the answer gives it."""
    if not answer.ok or prediction.refusal is not None:
        return
    body = answer.json
    operation = prediction.request.operation
    if operation is LIST:
        for item in listed(body):
            known = prediction.known.get(str(item.get(ID)))
            if known is not None and _describable(known, prediction):
                yield known, item
        return
    known = prediction.registry
    if known is None or operation not in (GET, UPDATE, DELETE) or not isinstance(body, dict):
        return
    if body.get(ID) == known.id and _describable(known, prediction):
        yield known, body


def _describable(known: Known, prediction: Prediction) -> bool:
    return (
        known.team is prediction.request.team
        and known.deleted is None
        and not known.compromised
        and not known.probes  # a write of the other team came between: isolation's to judge
    )


def _sent(prediction: Prediction) -> dict[str, Any]:
    """The members a create or update sent that the API shows again."""
    body = prediction.request.body
    if not isinstance(body, dict):
        return {}
    return {k: v for k, v in body.items() if k in RESOURCE.members and k not in WRITE_ONLY}


def _lost(prediction: Prediction, answer: Answer, write: Write) -> Problem | None:
    """A 404 for a registry the run created and did not delete, when `write` was its last."""
    known = prediction.registry
    if answer.status != 404 or known is None or prediction.refusal is not None:
        return None
    if not known.owned or (Write.UPDATE if known.updated else Write.CREATE) is not write:
        return None
    label = prediction.request.label
    cause = f"{label} answers 404 for a registry the run created and did not delete"
    return Problem(cause, answer.text, prediction.why, known.id)


def _later(prediction: Prediction, answer: Answer, write: Write) -> Verdict:
    """Every later answer holds the members `write` set, as it set them."""
    lost = _lost(prediction, answer, write)
    if lost is not None:
        return lost
    if prediction.request.operation in (CREATE, UPDATE):
        return None  # their own answers are judged against what they sent
    judged, wrong = False, []
    for known, body in carried(prediction, answer):
        expected = {n: e.value for n, e in known.members.items() if e.write is write}
        if expected:
            judged = True
            wrong += [(known, line) for line in differences(expected, body, expected)]
    if wrong:
        known = wrong[0][0]
        lines = "; ".join(line for registry, line in wrong if registry is known)
        others = len({registry.id for registry, _ in wrong}) - 1
        more = f" (and {others} more registries)" if others else ""
        cause = f"a later answer lacks what the {write.value} sent"
        return Problem(cause, f"{known.id}: {lines}{more}", "", known.id)
    return HELD if judged else None


@check(
    rule="the create's answer, and every answer after it, holds the members the create sent, "
    "exactly as sent (empty, blank, long and non-ASCII strings included)",
    kind=Kind.PREDICTION,
    operations=(CREATE.label, *READS, DELETE.label),
    needs_writes=True,
    proven_by=("lost-create", "trims-strings"),
)
def create_persists(prediction: Prediction, answer: Answer) -> Verdict:
    body = answer.json
    if prediction.request.operation is not CREATE:
        return _later(prediction, answer, Write.CREATE)
    if not answer.ok or prediction.refusal is not None or not isinstance(body, dict):
        return None
    sent = _sent(prediction)
    wrong = differences(sent, body, sent)
    if wrong:
        cause = "the create's answer lacks what it sent"
        return Problem(cause, "; ".join(wrong), "", str(body.get(ID)))
    return HELD


@check(
    rule="the update's answer, and every answer after it, holds the members the update sent, "
    "exactly as sent",
    kind=Kind.PREDICTION,
    operations=(UPDATE.label, *READS, DELETE.label),
    needs_writes=True,
    proven_by=("lost-update", "truncates-long-strings"),
)
def update_persists(prediction: Prediction, answer: Answer) -> Verdict:
    body = answer.json
    known = prediction.registry
    if prediction.request.operation is not UPDATE:
        return _later(prediction, answer, Write.UPDATE)
    lost = _lost(prediction, answer, Write.UPDATE)
    if lost is not None:
        return lost
    if not answer.ok or known is None or not known.owned or not isinstance(body, dict):
        return None
    if prediction.refusal is not None:
        return None
    sent = _sent(prediction)
    wrong = differences(sent, body, sent)
    if wrong:
        return Problem("the update's answer lacks what it sent", "; ".join(wrong), "", known.id)
    return HELD


def _reference(known: Known) -> Sighting | None:
    """The latest representation an answer about this registry alone gave (a list's may be
    the list's own fault)."""
    alone = [s for s in known.by_operation.values() if s.operation != LIST.label]
    return max(alone, key=lambda s: s.step) if alone else known.last


@check(
    rule="an update changes the members it was sent and moves `dtModified` forward (or "
    "leaves it), and nothing else: `dtCreated`, `id` and every member not sent keep their value",
    kind=Kind.PREDICTION,
    operations=(UPDATE.label,),
    needs_writes=True,
    proven_by=("partial-update-clears", "update-moves-dtcreated", "dtmodified-regress"),
)
def update_changes_only_what_was_sent(prediction: Prediction, answer: Answer) -> Verdict:
    known = prediction.registry
    body = answer.json
    if prediction.request.operation is not UPDATE or not answer.ok or known is None:
        return None
    reference = _reference(known)
    if prediction.refusal is not None or not isinstance(body, dict) or reference is None:
        return None
    sent = _sent(prediction)
    previous = reference.representation
    kept = [name for name in previous if name not in sent and name != MODIFIED]
    moved = differences(previous, body, kept)
    before, after = instant(previous.get(MODIFIED)), instant(body.get(MODIFIED))
    if before is not None and after is not None and after < before:
        moved.append(f"{MODIFIED} went back: {previous.get(MODIFIED)} -> {body.get(MODIFIED)}")
    if moved:
        cause = "an update changed members it was not sent"
        return Problem(cause, "; ".join(moved), "", known.id)
    return HELD


def _unexplained(known: Known, body: Mapping[str, Any], operation: str) -> tuple[list[str], bool]:
    """What changed since the registry was last seen, among the members the run did not set,
    and whether a safe method alone came between (a read of the same operation before, or a
    connection test)."""
    last = known.last
    if last is None:
        return [], False
    members = [m for m in dict.fromkeys([*last.representation, *body]) if m not in known.members]
    changed = differences(last.representation, body, members)
    if changed and not known.owned and _moved_forward(last.representation, body):
        return [], False  # a registry the run only found: someone else wrote to it
    same_operation = known.by_operation.get(operation)
    under_safe = operation in READS and (
        bool(known.safe_calls)
        or (
            same_operation is not None
            and bool(differences(same_operation.representation, body, members))
        )
    )
    return changed, under_safe


def _moved_forward(before: Mapping[str, Any], after: Mapping[str, Any]) -> bool:
    then, now = instant(before.get(MODIFIED)), instant(after.get(MODIFIED))
    return then is not None and now is not None and now > then


@check(
    rule="a registry looks the same in every answer that carries it, member for member and "
    "timestamps as instants, until the run writes to it",
    kind=Kind.PREDICTION,
    operations=(GET.label, LIST.label, DELETE.label),
    proven_by=("list-timezone",),
)
def one_representation(prediction: Prediction, answer: Answer) -> Verdict:
    verdict: Verdict = None
    operation = prediction.request.label
    for known, body in carried(prediction, answer):
        if operation == UPDATE.label:
            continue  # the update's own answer is judged against what it sent
        changed, under_safe = _unexplained(known, body, operation)
        if changed and not under_safe:
            last = known.last
            seen = f"{last.operation}, then {operation}: " if last else ""
            cause = "two answers show the same registry differently"
            return Problem(cause, seen + "; ".join(changed), "", known.id)
        verdict = HELD
    return verdict


@check(
    rule="GET, the list and test-connection change no registry (RFC 9110 §9.2.1): a registry "
    "read again, or after a test, is as it was (judged on the read that follows)",
    kind=Kind.PREDICTION,
    operations=READS,
    proven_by=("get-touches", "test-connection-touches"),
)
def safe_methods_safe(prediction: Prediction, answer: Answer) -> Verdict:
    verdict: Verdict = None
    operation = prediction.request.label
    if operation not in READS:
        return None
    for known, body in carried(prediction, answer):
        if known.by_operation.get(operation) is None and not known.safe_calls:
            continue  # nothing safe came between two sightings of this operation
        changed, under_safe = _unexplained(known, body, operation)
        if changed and under_safe:
            after = ", ".join(known.safe_calls) or operation
            cause = "a registry changed with no write between two reads"
            return Problem(cause, f"after {after}: " + "; ".join(changed), "", known.id)
        verdict = HELD
    return verdict


@check(
    rule="everything a list shows can be fetched by its id, and the fetch returns what the "
    "list showed (sampled across the whole walk, not its head)",
    kind=Kind.TEST,
    operations=(GET.label,),
    proven_by=("get-archived-404",),
)
def list_matches_get(listed: Mapping[str, Any], status: int, body: Any) -> Problem | None:
    """A registry as a list showed it, against the status and body of a get of its id."""
    if status == 404:
        return Problem("a listed registry that get answers 404", f"{ID}={listed.get(ID)!r}")
    if 200 <= status < 300 and isinstance(body, dict) and body.get(ID) == listed.get(ID):
        changed = differences(listed, body)
        return (
            Problem("get shows the registry unlike the list", "; ".join(changed))
            if changed
            else None
        )
    return None  # another check names what is wrong with this answer


@check(
    rule="an id names one registry: a get returns the registry with that id, and a create "
    "never answers with the id of a registry that exists",
    kind=Kind.PREDICTION,
    operations=(GET.label, CREATE.label),
    proven_by=("get-wrong-id",),
)
def get_returns_requested_id(prediction: Prediction, answer: Answer) -> Verdict:
    body = answer.json
    request = prediction.request
    if not answer.ok or prediction.refusal is not None:
        return None
    got = body.get(ID) if isinstance(body, dict) else None
    if request.operation is GET:
        if got != request.registry:
            cause = "a get returned another registry"
            return Problem(
                cause, f"asked for {request.registry!r}, got {ID}={got!r}", "", request.registry
            )
        return HELD
    if request.operation is CREATE and isinstance(got, str):
        existing = prediction.known.get(got)
        if existing is not None and existing.deleted is None:
            cause = "a create answered the id of another registry"
            return Problem(cause, f"{ID}={got!r} already names a registry the run holds", "", got)
        return HELD
    return None


@check(
    rule="a registry created or updated in the run carries `dtCreated`/`dtModified` within "
    "2 minutes of the server's own clock (its Date header), compared as instants; "
    "`dtModified` is never before `dtCreated`",
    kind=Kind.PREDICTION,
    operations=(CREATE.label, UPDATE.label),
    needs_writes=True,
    proven_by=("clock-skew",),
)
def timestamps_agree_with_server_clock(prediction: Prediction, answer: Answer) -> Verdict:
    body = answer.json
    operation = prediction.request.operation
    if operation not in (CREATE, UPDATE) or not answer.ok or prediction.refusal is not None:
        return None
    now = server_clock(answer.header("date"))
    if not isinstance(body, dict) or now is None:
        return None  # no Date header: nothing to compare with
    wrong = []
    for member in (CREATED, MODIFIED) if operation is CREATE else (MODIFIED,):
        stamp = instant(body.get(member))
        if stamp is not None and abs(stamp - now) > CLOCK_TOLERANCE:
            wrong.append(f"{member} {body.get(member)} vs Date {now.isoformat()}")
    created, modified = instant(body.get(CREATED)), instant(body.get(MODIFIED))
    if created is not None and modified is not None and modified < created:
        wrong.append(f"{MODIFIED} {body.get(MODIFIED)} before {CREATED} {body.get(CREATED)}")
    if wrong:
        cause = "a timestamp disagrees with the server's own clock"
        return Problem(cause, "; ".join(wrong), "", str(body.get(ID)))
    return HELD


@check(
    rule="a delete answers 200 with the registry it deleted",
    kind=Kind.PREDICTION,
    operations=(DELETE.label,),
    needs_writes=True,
)
def delete_returns_registry(prediction: Prediction, answer: Answer) -> Verdict:
    request = prediction.request
    if request.operation is not DELETE or not answer.ok or prediction.refusal is not None:
        return None
    got = answer.json.get(ID) if isinstance(answer.json, dict) else None
    if got != request.registry:
        cause = "the delete's answer is not the deleted registry"
        return Problem(cause, f"{ID}={got!r}", "", request.registry)
    return HELD


@check(
    rule="a deleted registry stays gone: after its delete, get, update, delete and "
    "test-connection refuse it, and no list shows it",
    kind=Kind.PREDICTION,
    operations=(*BY_ID, LIST.label),
    needs_writes=True,
    proven_by=("delete-noop", "list-shows-deleted", "update-revives-deleted",
               "test-connection-after-delete"),
)  # fmt: skip
def delete_removes(prediction: Prediction, answer: Answer) -> Verdict:
    request = prediction.request
    if prediction.refusal is Refusal.DELETED:
        if not answer.ok:
            return HELD
        cause = (
            "a second delete answered 2xx: the first removed nothing"
            if request.operation is DELETE
            else f"{request.label} answers 2xx for a registry the run deleted"
        )
        return Problem(cause, answer.text, prediction.why, request.registry)
    if request.operation is not LIST or not answer.ok or prediction.refusal is not None:
        return None
    gone = {
        known.id
        for known in prediction.known.values()
        if known.deleted is not None and known.owned and known.team is request.team
    }
    if not gone:
        return None
    shown = [item for item in listed(answer.json) if item.get(ID) in gone]
    if shown:
        expected = f"none of the {len(gone)} registries the run deleted"
        return Problem(
            "a deleted registry is still listed", brief(shown[0]), expected, shown[0][ID]
        )
    return HELD


@check(
    rule="test-connection of a registry whose host, as it is now, is under `.invalid` (RFC "
    "6761: it cannot exist) answers `success: false` with a non-empty `error`",
    kind=Kind.PREDICTION,
    operations=(TEST_CONNECTION.label,),
    needs_writes=True,
    proven_by=("test-connection-always-succeeds", "test-connection-stale-url"),
)
def test_connection_fails_for_unreachable_host(prediction: Prediction, answer: Answer) -> Verdict:
    known = prediction.registry
    body = answer.json
    if prediction.request.operation is not TEST_CONNECTION or not answer.ok:
        return None
    if known is None or prediction.refusal is not None or not isinstance(body, dict):
        return None
    if not known.connection_fails:
        return None
    error = body.get("error")
    if body.get("success") is False and isinstance(error, str) and error.strip():
        return HELD
    cause = "a registry on a host that cannot exist tested as reachable"
    expected = f"success: false, since its URL {known.url!r} is under {UNREACHABLE_DOMAIN}"
    return Problem(cause, f"success={body.get('success')!r}, error={error!r}", expected, known.id)
