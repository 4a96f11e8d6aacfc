"""The rules of state, judged on every answer against what the reference model predicted
(`contract_tests.rules.model`): what the run wrote is what it reads back, one registry looks
the same in every answer, safe methods change nothing, a deleted registry stays gone, an id
names one registry and a create makes a new one, and a registry's timestamps and connection
test fit what it is now.

Each check below is one rule; together they split every difference an answer can show, so one
cause is one finding: members the run set are the persistence checks', the others are
`one_representation`'s or `safe_methods_safe`'s.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime, timedelta
from typing import Any

from api_spec.registries import (
    CREATE,
    CREATED,
    DELETE,
    GET,
    ID,
    LIST,
    MODIFIED,
    TEST_CONNECTION,
    UPDATE,
)
from contract_tests.rules.compare import (
    UNREACHABLE_DOMAIN,
    brief,
    differences,
    instant,
    server_clock,
)
from contract_tests.rules.conditions import DESCRIBABLE, NOT_A_SERVER_ERROR, SUCCEEDED
from contract_tests.rules.evidence import Exchange, Pair
from contract_tests.rules.exchange import Asked
from contract_tests.rules.expectations import of, with_statuses
from contract_tests.rules.model import Known, Sighting, Write, sent_members
from contract_tests.rules.registry import Shape, check
from contract_tests.rules.violations import HELD, NotJudged, Problem, Verdict

# How far a timestamp of a registry created or updated during the run may be from the
# server's clock at that moment (its Date header has a one-second resolution; a fleet's
# clocks differ by a little).
CLOCK_TOLERANCE = timedelta(minutes=2)
# An update sent this long after a registry's last write, by the run's own clock, must move its
# dtModified forward: past one tick of a clock that counts whole seconds.
MOVE_AFTER = 2.0
READS = (GET.label, LIST.label)
BY_ID = (GET.label, UPDATE.label, DELETE.label, TEST_CONNECTION.label)
WRITTEN_BACK = (CREATE.label, *READS, DELETE.label)


def carried(exchange: Exchange) -> Iterator[tuple[Known, dict[str, Any]]]:
    """The registries a 2xx answer carries that the model knows as the asking team's, live
    and the run's to describe, each with the representation the answer gives it."""
    prediction = exchange.prediction
    if not exchange.ok or prediction.refused:
        return
    operation = prediction.request.operation
    if operation is LIST:
        for item in exchange.items:
            known = prediction.known.get(str(item.get(ID)))
            if known is not None and _describable(known, exchange):
                yield known, item
        return
    known = prediction.registry
    body = exchange.json
    if known is None or operation not in (GET, UPDATE, DELETE) or not isinstance(body, dict):
        return
    if body.get(ID) == known.id and _describable(known, exchange):
        yield known, body


def _describable(known: Known, exchange: Exchange) -> bool:
    return known.team is exchange.request.team and known.describable


def _lost(exchange: Exchange, write: Write) -> Verdict | None:
    """A 404 for a registry the run created and did not delete, when `write` was its last;
    None when the answer is no such 404."""
    known = exchange.prediction.registry
    if exchange.status != 404 or known is None or exchange.prediction.refused:
        return None
    if exchange.prediction.success is not True:
        return NotJudged(f"a 404 the docs allow here: {exchange.prediction.why}")
    if not known.owned or (Write.UPDATE if known.updated else Write.CREATE) is not write:
        return NotJudged(f"the registry's last write was not its {write.value}")
    label = exchange.label
    cause = f"{label} answers 404 for a registry the run created and did not delete"
    return Problem(cause, exchange.text, exchange.prediction.why, known.id)


def _later(exchange: Exchange, write: Write) -> Verdict:
    """Every later answer holds the members `write` set, as it set them."""
    lost = _lost(exchange, write)
    if lost is not None:
        return lost
    if not exchange.ok:
        return NotJudged(f"the answer was a {exchange.status}, not a 2xx")
    judged, wrong = False, []
    for known, body in carried(exchange):
        expected = {n: e for n, e in known.members.items() if e.write is write}
        if expected:
            judged = True
            wrong += [(known, line) for line in _unlike(expected, body)]
    if wrong:
        known = wrong[0][0]
        lines = "; ".join(line for registry, line in wrong if registry is known)
        others = len({registry.id for registry, _ in wrong}) - 1
        more = f" (and {others} more registries)" if others else ""
        cause = f"a later answer lacks what the {write.value} sent"
        return Problem(cause, f"{known.id}: {lines}{more}", "", known.id)
    return HELD if judged else NotJudged(f"it carries no member a {write.value} of the run set")


def _unlike(expected: Mapping[str, Any], body: Mapping[str, Any]) -> list[str]:
    """`member: sent -> shown` for each member shown unlike what was sent (a member named twice
    in a body may hold any of the values it was given)."""
    wrong = []
    for name, sent in expected.items():
        if not sent.allows(body.get(name)):
            wrong += differences({name: sent.value}, {name: body.get(name)}, [name])
    return wrong


def _own_answer(exchange: Exchange) -> Verdict:
    """A create's or an update's answer holds what it sent."""
    body = exchange.json
    if not isinstance(body, dict):
        return NotJudged("the answer is not a registry (the schema check reports it)")
    request = exchange.request
    sent = {
        name: value
        for name, value in sent_members(request.body).items()
        if value != body.get(name) and value not in request.alternatives.get(name, ())
    }
    if sent:
        wrong = differences(sent, body, sent)
        label = "create" if request.operation is CREATE else "update"
        return Problem(f"the {label}'s answer lacks what it sent", "; ".join(wrong), "",
                       str(body.get(ID)))  # fmt: skip
    return HELD


@check(
    rule="the create's answer, and every answer after it, holds the members the create sent, "
    "exactly as sent (empty, blank, long, non-ASCII strings and names included)",
    operations=WRITTEN_BACK,
    asked=(Asked.ALLOWED,),
    requires=(NOT_A_SERVER_ERROR,),
    lags=True,
    needs_writes=True,
    proven_by=("lost-create", "trims-strings", "names-cut-short", "nul-truncates"),
    expects=with_statuses(as_sent=True),
)
def create_persists(exchange: Exchange) -> Verdict:
    if exchange.request.operation is not CREATE:
        return _later(exchange, Write.CREATE)
    if not exchange.ok:
        return NotJudged(f"the create was answered {exchange.status}")
    return _own_answer(exchange)


@check(
    rule="the update's answer, and every answer after it, holds the members the update sent, "
    "exactly as sent (the empty string included)",
    operations=(UPDATE.label, *READS, DELETE.label),
    asked=(Asked.ALLOWED,),
    requires=(NOT_A_SERVER_ERROR,),
    lags=True,
    needs_writes=True,
    proven_by=("lost-update", "truncates-long-strings", "update-ignores-empty"),
    expects=with_statuses(as_sent=True),
)
def update_persists(exchange: Exchange) -> Verdict:
    if exchange.request.operation is not UPDATE:
        return _later(exchange, Write.UPDATE)
    lost = _lost(exchange, Write.UPDATE)
    if lost is not None:
        return lost
    known = exchange.prediction.registry
    if not exchange.ok or known is None or not known.owned:
        return NotJudged("not an answer to an update of a registry the run holds")
    return _own_answer(exchange)


def _reference(known: Known) -> Sighting | None:
    """The latest representation an answer about this registry alone gave (a list's may be
    the list's own fault)."""
    alone = [s for s in known.by_operation.values() if s.operation != LIST.label]
    return max(alone, key=lambda s: s.step) if alone else known.last


def _frozen(exchange: Exchange, known: Known, previous: Mapping[str, Any]) -> str | None:
    """Why dtModified did not move, if it did not, after an update that changed a member sent
    more than MOVE_AFTER after the registry's last write: by the run's own clock, so no skew
    between the server's clocks matters, and long enough for a clock that counts whole
    seconds to have counted one."""
    body = exchange.json
    sent = sent_members(exchange.request.body)
    changed = any(previous.get(name, value) != value for name, value in sent.items())
    last = known.last_write
    if not changed or not isinstance(body, dict) or last is None or known.written_at is None:
        return None
    since = exchange.delivery.sent_at - known.written_at
    before, after = instant(last.representation.get(MODIFIED)), instant(body.get(MODIFIED))
    if since < MOVE_AFTER or before is None or after is None or after > before:
        return None
    return (
        f"{MODIFIED} {body.get(MODIFIED)} did not move, {since:.1f} s after the registry's last "
        f"write set it to {last.representation.get(MODIFIED)}"
    )


@check(
    rule="an update changes the members it was sent and nothing else (`dtCreated`, `id` and "
    "every member not sent keep their value); `dtModified` never goes back, and moves forward "
    "when the update changed a member more than two seconds after the registry's last write",
    operations=(UPDATE.label,),
    asked=(Asked.ALLOWED,),
    requires=(SUCCEEDED,),
    needs_writes=True,
    proven_by=("partial-update-clears", "update-moves-dtcreated", "dtmodified-regress",
               "dtmodified-frozen"),
    expects=with_statuses(kept={"move_after": MOVE_AFTER}),
)  # fmt: skip
def update_changes_only_what_was_sent(exchange: Exchange) -> Verdict:
    known = exchange.prediction.registry
    body = exchange.json
    reference = _reference(known) if known is not None else None
    if known is None or reference is None or not isinstance(body, dict):
        return NotJudged("no earlier answer about this registry to compare with")
    sent = sent_members(exchange.request.body)
    previous = reference.representation
    kept = [name for name in previous if name not in sent and name != MODIFIED]
    moved = differences(previous, body, kept)
    before, after = instant(previous.get(MODIFIED)), instant(body.get(MODIFIED))
    if before is not None and after is not None and after < before:
        moved.append(f"{MODIFIED} went back: {previous.get(MODIFIED)} -> {body.get(MODIFIED)}")
    if moved:
        cause = "an update changed members it was not sent"
        return Problem(cause, "; ".join(moved), "", known.id)
    frozen = _frozen(exchange, known, previous)
    if frozen is not None:
        return Problem(f"an update that changed a member left {MODIFIED} behind", frozen, "",
                       known.id)  # fmt: skip
    return HELD


def _changed_unexplained(pair: Pair) -> list[str]:
    """What changed between the two answers among the members the run did not set; nothing
    for a registry the run only found whose dtModified moved on (someone else wrote to it)."""
    assert pair.after is not None  # DESCRIBABLE holds
    before, after = pair.before.representation, pair.after.representation
    known = pair.known
    members = [m for m in dict.fromkeys([*before, *after]) if m not in known.members]
    changed = differences(before, after, members)
    if changed and not known.owned and _moved_forward(before, after):
        return []
    return changed


def _moved_forward(before: Mapping[str, Any], after: Mapping[str, Any]) -> bool:
    then, now = instant(before.get(MODIFIED)), instant(after.get(MODIFIED))
    return then is not None and now is not None and now > then


def _safe_between(pair: Pair) -> bool:
    """Only safe methods came between the two answers: the same read twice, or a test."""
    return bool(pair.between) or (pair.same_operation and pair.exchange.label in READS)


@check(
    rule="a registry looks the same in every answer that carries it, member for member and "
    "timestamps as instants, until the run writes to it",
    shape=Shape.PAIR,
    operations=(GET.label, LIST.label, DELETE.label),
    requires=(DESCRIBABLE,),
    lags=True,
    proven_by=("list-timezone",),
    expects=with_statuses(unchanged=True),
)
def one_representation(pair: Pair) -> Verdict:
    if _safe_between(pair):
        return NotJudged(f"the same read again ({safe_methods_safe.name}'s)")
    changed = _changed_unexplained(pair)
    if changed:
        seen = f"{pair.before.operation}, then {pair.exchange.label}: "
        cause = "two answers show the same registry differently"
        return Problem(cause, seen + "; ".join(changed), "", pair.known.id)
    return HELD


@check(
    rule="GET, the list and test-connection change no registry (RFC 9110 §9.2.1): a registry "
    "read again, or after a test, is as it was",
    shape=Shape.PAIR,
    operations=READS,
    requires=(DESCRIBABLE,),
    lags=True,
    proven_by=("get-touches", "test-connection-touches"),
    expects=with_statuses(unchanged=True),
)
def safe_methods_safe(pair: Pair) -> Verdict:
    if not _safe_between(pair):
        return NotJudged(f"two different reads ({one_representation.name}'s)")
    changed = _changed_unexplained(pair)
    if changed:
        after = ", ".join(pair.between) or pair.exchange.label
        cause = "a registry changed with no write between two reads"
        return Problem(cause, f"after {after}: " + "; ".join(changed), "", pair.known.id)
    return HELD


@check(
    rule="everything a list shows can be fetched by its id (a registry the run did not create "
    "too: a get of it is not refused while a list shows it)",
    shape=Shape.PAIR,
    operations=(GET.label,),
    lags=True,
    proven_by=("get-archived-404",),
    expects=of(statuses=["2xx"]),
)
def list_matches_get(pair: Pair) -> Verdict:
    if pair.before.operation != LIST.label:
        return NotJudged("the registry's last sighting was not a list's")
    if pair.exchange.status == 404:
        if pair.known.owned:
            return NotJudged("the run's own registry was lost: the persistence checks judge it")
        return Problem("a listed registry that get answers 404", f"{ID}={pair.known.id!r}",
                       "", pair.known.id)  # fmt: skip
    return HELD


@check(
    rule="an id names one registry: a get answers the registry with that id",
    operations=(GET.label,),
    asked=(Asked.ALLOWED,),
    requires=(SUCCEEDED,),
    proven_by=("get-wrong-id",),
    expects=with_statuses(same_id=True),
)
def get_returns_requested_id(exchange: Exchange) -> Verdict:
    body = exchange.json
    asked = exchange.request.registry
    got = body.get(ID) if isinstance(body, dict) else None
    if got != asked:
        return Problem(
            "a get returned another registry", f"asked for {asked!r}, got {ID}={got!r}", "", asked
        )
    return HELD


@check(
    rule="a create makes a new registry: its id is not that of a registry that exists, even "
    "for a body sent before (POST is not idempotent, RFC 9110 §9.2.2)",
    operations=(CREATE.label,),
    asked=(Asked.ALLOWED,),
    requires=(SUCCEEDED,),
    needs_writes=True,
    proven_by=("create-deduplicates",),
    expects=with_statuses(new_id=True),
)
def create_makes_a_new_registry(exchange: Exchange) -> Verdict:
    body = exchange.json
    got = body.get(ID) if isinstance(body, dict) else None
    if not isinstance(got, str):
        return NotJudged("the answer carries no id (the schema check reports it)")
    existing = exchange.prediction.known.get(got)
    if existing is not None and existing.deleted is None:
        cause = "a create answered the id of a registry that exists"
        return Problem(cause, f"{ID}={got!r} already names a registry the run holds", "", got)
    return HELD


@check(
    rule="a registry created or updated in the run carries `dtCreated`/`dtModified` within "
    "2 minutes of the server's own clock (its Date header), compared as instants; "
    "`dtModified` is never before `dtCreated`",
    operations=(CREATE.label, UPDATE.label),
    asked=(Asked.ALLOWED,),
    requires=(SUCCEEDED,),
    needs_writes=True,
    proven_by=("clock-skew",),
    expects=with_statuses(clock=True),
)
def timestamps_agree_with_server_clock(exchange: Exchange) -> Verdict:
    body = exchange.json
    answer = exchange.answer
    assert answer is not None
    now = server_clock(answer.header("date"))
    if not isinstance(body, dict) or now is None:
        return NotJudged("no Date header to compare with")
    return _clock_problems(body, now, exchange.request.operation is CREATE) or HELD


def _clock_problems(body: Mapping[str, Any], now: datetime, created: bool) -> Problem | None:
    wrong = []
    for member in (CREATED, MODIFIED) if created else (MODIFIED,):
        stamp = instant(body.get(member))
        if stamp is not None and abs(stamp - now) > CLOCK_TOLERANCE:
            wrong.append(f"{member} {body.get(member)} vs Date {now.isoformat()}")
    first, last = instant(body.get(CREATED)), instant(body.get(MODIFIED))
    if first is not None and last is not None and last < first:
        wrong.append(f"{MODIFIED} {body.get(MODIFIED)} before {CREATED} {body.get(CREATED)}")
    if wrong:
        cause = "a timestamp disagrees with the server's own clock"
        return Problem(cause, "; ".join(wrong), "", str(body.get(ID)))
    return None


@check(
    rule="a delete answers 200 with the registry it deleted",
    operations=(DELETE.label,),
    asked=(Asked.ALLOWED,),
    requires=(SUCCEEDED,),
    needs_writes=True,
    expects=with_statuses(same_id=True),
)
def delete_returns_registry(exchange: Exchange) -> Verdict:
    request = exchange.request
    got = exchange.json.get(ID) if isinstance(exchange.json, dict) else None
    if got != request.registry:
        cause = "the delete's answer is not the deleted registry"
        return Problem(cause, f"{ID}={got!r}", "", request.registry)
    return HELD


@check(
    rule="a deleted registry stays gone: after its delete, get, update, a second delete and "
    "test-connection refuse it, and no list shows it",
    operations=(*BY_ID, LIST.label),
    asked=(Asked.ALLOWED, Asked.DELETED),
    requires=(NOT_A_SERVER_ERROR,),
    lags=True,
    needs_writes=True,
    proven_by=("delete-noop", "list-shows-deleted", "update-revives-deleted",
               "test-connection-after-delete", "list-cache-misses-deletes", "delete-twice-200"),
    expects=with_statuses(gone=True),
)  # fmt: skip
def delete_removes(exchange: Exchange) -> Verdict:
    request = exchange.request
    if exchange.asked is Asked.DELETED:
        if not exchange.ok:
            return HELD
        cause = (
            "a second delete answered 2xx: the first removed nothing, or it finds what it removed"
            if request.operation is DELETE
            else f"{request.label} answers 2xx for a registry the run deleted"
        )
        return Problem(cause, exchange.text, exchange.prediction.why, request.registry)
    if request.operation is not LIST or not exchange.ok:
        return NotJudged("not a list of the team's registries")
    gone = {
        known.id
        for known in exchange.prediction.known.values()
        if known.deleted is not None and known.owned and known.team is request.team
    }
    if not gone:
        return NotJudged("the run has deleted none of the team's registries yet")
    shown = [item for item in exchange.items if item.get(ID) in gone]
    if shown:
        expected = f"none of the {len(gone)} registries the run deleted"
        return Problem(
            "a deleted registry is still listed", brief(shown[0]), expected, shown[0][ID]
        )
    return HELD


@check(
    rule="test-connection of a registry whose host, as it is now, is under `.invalid` (RFC "
    "6761: it cannot exist) answers `success: false` with a non-empty `error`",
    operations=(TEST_CONNECTION.label,),
    asked=(Asked.ALLOWED,),
    requires=(SUCCEEDED,),
    needs_writes=True,
    proven_by=("test-connection-always-succeeds", "test-connection-stale-url"),
    expects=with_statuses(connection_fails=True),
)
def test_connection_fails_for_unreachable_host(exchange: Exchange) -> Verdict:
    known = exchange.prediction.registry
    body = exchange.json
    if known is None or not isinstance(body, dict) or not known.connection_fails:
        return NotJudged("its host, as the run knows it, is not under .invalid")
    error = body.get("error")
    if body.get("success") is False and isinstance(error, str) and error.strip():
        return HELD
    cause = "a registry on a host that cannot exist tested as reachable"
    expected = f"success: false, since its URL {known.url!r} is under {UNREACHABLE_DOMAIN}"
    return Problem(cause, f"success={body.get('success')!r}, error={error!r}", expected, known.id)
