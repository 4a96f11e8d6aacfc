"""The reference model: what the run knows of every registry it has seen, checked on every
answer.

For a registry the run created, the model holds what the run sent (and when), and the last
representation any answer carried. Each answer that carries it (create, get, update and delete
answers, every list page of every walk) is compared with both, and test-connection answers are
noted as the safe calls they must be. For a registry found in a list (a read-only run), the
model holds what answers showed, so identity and safe methods still apply.

The rules follow from HTTP and the docs, not from any server:

- one registry, one representation: two answers with no write between them agree, member for
  member, timestamps compared as instants;
- safe methods are safe (RFC 9110 §9.2.1): GET, the list and test-connection change nothing;
- what the run wrote is what it reads back (`create_persists`, `update_persists`);
- an update changes what it was sent and `dtModified`, nothing else, and is accepted when
  the docs allow it, one that sends the stored values included;
- a registry's timestamps agree with the server's own clock (its `Date` header);
- a deleted registry is gone from get and from the list.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any

from api_spec.extensions import host_of
from api_spec.registries import (
    CREATE,
    CREATED,
    GET,
    ID,
    MODIFIED,
    RESOURCE,
    RULES,
    UPDATE,
    WRITE_ONLY,
)
from contract_tests.timestamps import instant

# How far a timestamp of a registry created or updated during the run may be from the
# server's clock at that moment (its Date header has a one-second resolution; a fleet's
# clocks differ by a little).
CLOCK_TOLERANCE = timedelta(minutes=2)
# Hosts under this domain cannot exist (RFC 6761), so no connection test to one can succeed.
UNREACHABLE_DOMAIN = ".invalid"
_ABSENT = object()


@dataclass(frozen=True)
class Problem:
    cause: str
    received: str


@dataclass(frozen=True)
class Outcome:
    check: str
    problem: Problem | None  # None: the rule held
    registry: str | None = None  # the registry it is about, for the steps that led to it


@dataclass
class Sighting:
    representation: Mapping[str, Any]
    operation: str
    step: int


@dataclass
class Tracked:
    id: str
    owned: bool  # created by this run
    expected: dict[str, Any] = field(default_factory=dict)  # the members the run set
    updated: bool = False
    last: Sighting | None = None
    by_operation: dict[str, Sighting] = field(default_factory=dict)  # since the last write
    safe_calls: list[str] = field(default_factory=list)  # since the last sighting
    deleted: bool = False
    unreachable: bool = False
    steps: list[int] = field(default_factory=list)  # the transcript's steps about it


def _same(name: str, before: Any, after: Any) -> bool:
    member = RESOURCE.members.get(name)
    if member is not None and member.format == "date-time":
        a, b = instant(before), instant(after)
        if a is not None and b is not None:
            return a == b
    return bool(before == after)


def _show(value: Any) -> str:
    return "(absent)" if value is _ABSENT else repr(value)


def differences(
    before: Mapping[str, Any], after: Mapping[str, Any], members: Iterable[str] | None = None
) -> list[str]:
    """`member: before -> after` for each member that differs (timestamps as instants)."""
    names = list(members) if members is not None else list(dict.fromkeys([*before, *after]))
    found = []
    for name in names:
        a, b = before.get(name, _ABSENT), after.get(name, _ABSENT)
        if not _same(name, a, b):
            found.append(f"{name}: {_show(a)} -> {_show(b)}")
    return found


def server_clock(headers: Mapping[str, Any]) -> datetime | None:
    value = headers.get("date")
    text = value[0] if isinstance(value, list) and value else value
    if not isinstance(text, str):
        return None
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None


def unreachable_url(url: object) -> bool:
    return isinstance(url, str) and host_of(url).endswith(UNREACHABLE_DOMAIN)


class Model:
    def __init__(self) -> None:
        self.registries: dict[str, Tracked] = {}

    def tracked(self, registry_id: str) -> Tracked | None:
        return self.registries.get(registry_id)

    # --- what the answers say --------------------------------------------------------

    def created(self, sent: Any, body: Any, headers: Mapping[str, Any], step: int) -> list[Outcome]:
        if not isinstance(body, dict) or not isinstance(body.get(ID), str):
            return []  # the schema check reports an answer without an id
        registry_id = body[ID]
        outcomes: list[Outcome] = []
        known = self.registries.get(registry_id)
        if known is not None and not known.deleted:
            problem = Problem(
                "a create answered the id of another registry",
                f"{ID}={registry_id!r} already names a registry the run holds",
            )
            outcomes.append(Outcome("get_returns_requested_id", problem, registry_id))
        else:
            outcomes.append(Outcome("get_returns_requested_id", None, registry_id))
        sent_body = sent if isinstance(sent, dict) else {}
        expected = {
            name: value
            for name, value in sent_body.items()
            if name in RESOURCE.members and name not in WRITE_ONLY
        }
        tracked = Tracked(
            registry_id,
            owned=True,
            expected=expected,
            unreachable=unreachable_url(sent_body.get(RULES.member)),
            steps=[step],
        )
        tracked.last = tracked.by_operation[CREATE.label] = Sighting(body, CREATE.label, step)
        self.registries[registry_id] = tracked
        wrong = differences(expected, body, expected)
        outcomes.append(self._outcome("create_persists", wrong, tracked, later=False))
        outcomes += self._clock(body, headers, (CREATED, MODIFIED), tracked)
        return outcomes

    def seen(
        self, registry_id: str, body: Any, operation: str, step: int, *, read: bool = True
    ) -> list[Outcome]:
        """An answer (get, a list item, delete) carrying a registry; `read` for a safe method,
        whose answers are also compared with the last of their own kind."""
        if not isinstance(body, dict):
            return []
        tracked = self.registries.get(registry_id)
        if tracked is None:
            tracked = Tracked(registry_id, owned=False, steps=[step])
            tracked.last = tracked.by_operation[operation] = Sighting(body, operation, step)
            self.registries[registry_id] = tracked
            return []
        tracked.steps.append(step)
        if tracked.deleted:
            problem = Problem("a deleted registry is still shown", f"{operation}: {_brief(body)}")
            return [Outcome("delete_removes", problem, registry_id)]
        outcomes: list[Outcome] = []
        reported: set[str] = set()
        if tracked.expected:
            check = "update_persists" if tracked.updated else "create_persists"
            wrong = differences(tracked.expected, body, tracked.expected)
            reported = {line.split(":", 1)[0] for line in wrong}
            outcomes.append(self._outcome(check, wrong, tracked, later=True))
        outcomes += self._consistency(tracked, body, operation, reported, read)
        tracked.last = tracked.by_operation[operation] = Sighting(body, operation, step)
        tracked.safe_calls.clear()
        return outcomes

    def _consistency(
        self,
        tracked: Tracked,
        body: Mapping[str, Any],
        operation: str,
        reported: set[str],
        read: bool,
    ) -> list[Outcome]:
        """The same registry must look the same in every answer until the run writes to it;
        a change seen again by the same operation, or after a safe call, is a safe method
        that changed it."""
        last = tracked.last
        if last is None:
            return []
        members = [m for m in dict.fromkeys([*last.representation, *body]) if m not in reported]
        changed = differences(last.representation, body, members)
        same_operation = tracked.by_operation.get(operation)
        moved_under_it = same_operation is not None and bool(
            differences(same_operation.representation, body, members)
        )
        if read and changed and (moved_under_it or tracked.safe_calls):
            after = ", ".join(tracked.safe_calls) or operation
            received = f"after {after}: " + "; ".join(changed)
            problem = Problem("a registry changed with no write between two reads", received)
            return [Outcome("safe_methods_safe", problem, tracked.id)]
        outcomes = []
        if changed:
            received = f"{last.operation}, then {operation}: " + "; ".join(changed)
            problem = Problem("two answers show the same registry differently", received)
            outcomes.append(Outcome("one_representation", problem, tracked.id))
        else:
            outcomes.append(Outcome("one_representation", None, tracked.id))
            if read and (same_operation is not None or tracked.safe_calls):
                outcomes.append(Outcome("safe_methods_safe", None, tracked.id))
        return outcomes

    def fetched(self, registry_id: str, body: Any, step: int) -> list[Outcome]:
        """A get's answer: the registry asked for, and as every other answer shows it."""
        got = body.get(ID) if isinstance(body, dict) else None
        if got != registry_id:
            problem = Problem(
                "a get returned another registry", f"asked for {registry_id!r}, got {ID}={got!r}"
            )
            return [Outcome("get_returns_requested_id", problem, registry_id)]
        return [
            Outcome("get_returns_requested_id", None, registry_id),
            *self.seen(registry_id, body, GET.label, step),
        ]

    def gone(self, registry_id: str, operation: str, step: int) -> list[Outcome]:
        """A 404 for a registry: right after a delete, wrong for one the run holds."""
        tracked = self.registries.get(registry_id)
        if tracked is None:
            return []
        tracked.steps.append(step)
        if tracked.deleted:
            return [Outcome("delete_removes", None, registry_id)]
        if not tracked.owned:
            return []  # someone else may have deleted a registry the run only found
        check = "update_persists" if tracked.updated else "create_persists"
        cause = f"{operation} answers 404 for a registry the run created and did not delete"
        return [Outcome(check, Problem(cause, "404"), registry_id)]

    def updated(
        self, registry_id: str, sent: Any, body: Any, headers: Mapping[str, Any], step: int
    ) -> list[Outcome]:
        tracked = self.registries.get(registry_id)
        if tracked is None or tracked.last is None or not isinstance(body, dict):
            return []
        tracked.steps.append(step)
        outcomes = [Outcome("update_accepted", None, registry_id)]
        sent_body = sent if isinstance(sent, dict) else {}
        changes = {
            name: value
            for name, value in sent_body.items()
            if name in RESOURCE.members and name not in WRITE_ONLY
        }
        wrong = differences(changes, body, changes)
        outcomes.append(self._outcome("update_persists", wrong, tracked, later=False))
        previous = tracked.last.representation
        kept = [name for name in previous if name not in changes and name != MODIFIED]
        moved = differences(previous, body, kept) + _modified_moved_back(previous, body)
        outcomes.append(self._outcome("update_changes_only_what_was_sent", moved, tracked))
        outcomes += self._clock(body, headers, (MODIFIED,), tracked)
        tracked.expected.update(changes)
        tracked.updated = True
        tracked.last = Sighting(body, UPDATE.label, step)
        tracked.by_operation = {UPDATE.label: tracked.last}
        tracked.safe_calls.clear()
        return outcomes

    def update_refused(
        self, registry_id: str, sent: Any, status: int, received: str, step: int
    ) -> list[Outcome]:
        """A 4xx for an update of a registry the run holds: wrong unless the docs allow it."""
        tracked = self.registries.get(registry_id)
        if tracked is None or not tracked.owned or tracked.deleted or status == 404:
            return []
        tracked.steps.append(step)
        stored_kind = (tracked.last.representation if tracked.last else {}).get(RULES.kind_member)
        if provider_bound(sent, stored_kind):
            return []  # the provider's rules may refuse it; the docs say so
        cause = f"{status} for an update the docs allow"
        return [Outcome("update_accepted", Problem(cause, received), registry_id)]

    def deleted(self, registry_id: str, body: Any, step: int) -> list[Outcome]:
        tracked = self.registries.get(registry_id)
        if tracked is not None and tracked.deleted:
            tracked.steps.append(step)
            problem = Problem(
                "a second delete answered 2xx: the first removed nothing",
                _brief(body) if isinstance(body, dict) else repr(body),
            )
            return [Outcome("delete_removes", problem, registry_id)]
        returned = body.get(ID) if isinstance(body, dict) else None
        outcomes = []
        if returned != registry_id:
            problem = Problem(
                "the delete's answer is not the deleted registry", f"{ID}={returned!r}"
            )
            outcomes.append(Outcome("delete_returns_registry", problem, registry_id))
        else:
            outcomes.append(Outcome("delete_returns_registry", None, registry_id))
        if tracked is not None and isinstance(body, dict) and not tracked.deleted:
            outcomes += self.seen(registry_id, body, "the delete's answer", step, read=False)
            tracked.deleted = True
        return outcomes

    def tested(self, registry_id: str, body: Any, step: int) -> list[Outcome]:
        """A test-connection answer: a safe call; and for a host that cannot exist, a failure."""
        tracked = self.registries.get(registry_id)
        if tracked is None:
            return []
        tracked.steps.append(step)
        tracked.safe_calls.append("test-connection")
        if not tracked.unreachable or not isinstance(body, dict):
            return []
        error = body.get("error")
        if body.get("success") is False and isinstance(error, str) and error.strip():
            return [Outcome("test_connection_fails_for_unreachable_host", None, registry_id)]
        problem = Problem(
            "a registry on a host that cannot exist tested as reachable",
            f"success={body.get('success')!r}, error={error!r}",
        )
        return [Outcome("test_connection_fails_for_unreachable_host", problem, registry_id)]

    # --- helpers -----------------------------------------------------------------------

    def _outcome(
        self, check: str, wrong: list[str], tracked: Tracked, later: bool = False
    ) -> Outcome:
        """The outcome of a comparison; its cause names the kind of answer, not the operation,
        so one fault seen by several operations is one group in the reports."""
        if not wrong:
            return Outcome(check, None, tracked.id)
        write = "update" if check == "update_persists" else "create"
        cause = {
            "create_persists": "the create's answer lacks what it sent",
            "update_persists": "the update's answer lacks what it sent",
            "update_changes_only_what_was_sent": "an update changed members it was not sent",
        }[check]
        if later:
            cause = f"a later answer lacks what the {write} sent"
        return Outcome(check, Problem(cause, "; ".join(wrong)), tracked.id)

    def _clock(
        self, body: Mapping[str, Any], headers: Mapping[str, Any], members: tuple[str, ...],
        tracked: Tracked,
    ) -> list[Outcome]:  # fmt: skip
        now = server_clock(headers)
        if now is None:
            return []  # no Date header: nothing to compare with
        wrong = []
        for member in members:
            stamp = instant(body.get(member))
            if stamp is not None and abs(stamp - now) > CLOCK_TOLERANCE:
                wrong.append(f"{member} {body.get(member)} vs Date {now.isoformat()}")
        created, modified = instant(body.get(CREATED)), instant(body.get(MODIFIED))
        if created is not None and modified is not None and modified < created:
            wrong.append(f"{MODIFIED} {body.get(MODIFIED)} before {CREATED} {body.get(CREATED)}")
        check = "timestamps_agree_with_server_clock"
        if not wrong:
            return [Outcome(check, None, tracked.id)]
        cause = "a timestamp disagrees with the server's own clock"
        return [Outcome(check, Problem(cause, "; ".join(wrong)), tracked.id)]


def _modified_moved_back(previous: Mapping[str, Any], body: Mapping[str, Any]) -> list[str]:
    before, after = instant(previous.get(MODIFIED)), instant(body.get(MODIFIED))
    if before is not None and after is not None and after < before:
        return [f"{MODIFIED} went back: {previous.get(MODIFIED)} -> {body.get(MODIFIED)}"]
    return []


def provider_bound(body: Any, stored_kind: object = None, *, kind_unknown: bool = False) -> bool:
    """Whether the provider's rules apply to this body: it names a kind that has rules, or
    changes the URL of a registry whose kind has rules. The docs let the server refuse those.
    `kind_unknown`: an update of a registry whose stored kind the caller cannot see, which
    may have rules."""
    if not isinstance(body, dict):
        return False
    if RULES.kind_member in body:
        return RULES.has_rules(body[RULES.kind_member])
    return RULES.member in body and (kind_unknown or RULES.has_rules(stored_kind))


def _brief(body: Mapping[str, Any]) -> str:
    return ", ".join(f"{k}={v!r}" for k, v in list(body.items())[:4])
