"""Deleting what runs created, and nothing else: at the end of a run, and the `cleanup` sweep
after a crash.

What is deleted is read first, and deleted only if it is the run's: its name carries the prefix
the run names its registries with, or it was created at the very time the ledger noted when the
run created it (a server may have changed its name). A server may reuse ids (a staging database
reset, a sequence restarted), so an id in an old ledger may name someone else's registry now,
created at another time. The reads:

- both teams' lists, newest first, for registries named with the prefix: each is deleted
  with the token whose list showed it (wherever the server filed it, and whether or not its
  create was ever answered);
- each registry the ledger names that no list showed (a list may lag): read with the token
  that created it, then with the other team's; deleted with the token that reads it.

A registry is gone from the ledger only when it is seen gone: a delete answered, or a 404 to
every team's token.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import requests

from api_spec.registries import CREATED, ID, LIMIT, PAGINATION
from contract_tests.wire.client import Wire
from contract_tests.wire.credentials import Team
from contract_tests.wire.errors import RunError
from contract_tests.wire.policy import COLLECTION
from contract_tests.wire.session import MAX_SILENT

# Pages of each team's list read for the run's registries at its end (they are the newest),
# and for a sweep of every run's.
RUN_PAGES = 10
MAX_SWEEP_PAGES = 1000
Targets = list[tuple[Team, str]]


@dataclass
class Sweep:
    """What one cleanup found and did."""

    deleted: list[str]
    left: list[str]


def next_cursor(page: dict[str, Any]) -> str | None:
    """The cursor of the page after `page`, or None on the last."""
    cursor = page.get(PAGINATION.next_cursor)
    if page.get(PAGINATION.has_more) is True and isinstance(cursor, str) and cursor:
        return cursor
    return None


def delete_created(
    wire: Wire, name_prefix: str, deadline: float | None = None
) -> tuple[list[str], list[str]]:
    """Delete every registry this run created and has not deleted, within `deadline` seconds.
    Returns (ids created by the run, ids left behind)."""
    stop_at = None if deadline is None else time.monotonic() + deadline
    ledger = wire.guards.ledger
    created = ledger.created_by_run()
    if not wire.guards.policy.allow_writes or not (created or wire.guards.unsure_creates):
        return created, []  # the run made nothing, and no create of it may have
    sweep = _clean(wire, name_prefix, ledger.outstanding(), RUN_PAGES, stop_at)
    ledger.compact()
    # A registry the run made that no answer ever named (a create whose answer never came)
    # was found by its name, and counts as the run's.
    made = list(dict.fromkeys(created + sweep.deleted + sweep.left))
    return made, sweep.left


def sweep(wire: Wire, name_prefix: str) -> tuple[list[str], list[str]]:
    """Delete what any run left on this base URL: ledger ids, and registries named with the
    prefix, in every team the run has a token for. Returns (deleted ids, ids left)."""
    targets = wire.guards.ledger.outstanding(this_run_only=False)
    found = _clean(wire, name_prefix, targets, MAX_SWEEP_PAGES, None)
    wire.guards.ledger.compact()
    return found.deleted, found.left


def _clean(wire: Wire, prefix: str, ledger: Targets, pages: int, stop_at: float | None) -> Sweep:
    wire.guards.pacer.cleaning_up = True
    listed = _listed_with_prefix(wire, prefix, pages, stop_at)
    shown = {registry for _, registry in listed}
    unlisted = [(team, registry) for team, registry in ledger if registry not in shown]
    done = Sweep([], [])
    for team, registry in listed:
        _delete(wire, team, registry, done, stop_at)
    stamps = wire.guards.ledger.stamps()
    for team, registry in unlisted:
        reader = _reader(wire, team, registry, prefix, stamps.get(registry, ""), stop_at)
        if reader is not None:
            _delete(wire, reader, registry, done, stop_at)
    return done


def _late(wire: Wire, stop_at: float | None) -> bool:
    silent = wire.guards.silent >= MAX_SILENT  # each further request would only time out
    return silent or (stop_at is not None and time.monotonic() > stop_at)


def _listed_with_prefix(wire: Wire, prefix: str, pages: int, stop_at: float | None) -> Targets:
    """(team, id) of each registry a team's list shows named with `prefix`, newest first (none
    from a list that fails)."""
    found: Targets = []
    query: dict[str, Any] = {PAGINATION.limit: int(LIMIT.maximum or 100)}
    if PAGINATION.sort_direction:
        query[PAGINATION.sort_direction] = PAGINATION.descending
    for team, credentials in wire.teams.items():
        session = wire.session(credentials)
        params = dict(query)
        for _ in range(pages):
            if _late(wire, stop_at):
                break
            try:
                answer = session.get(wire.url(COLLECTION), params=params)
                page = answer.json() if answer.status_code == 200 else None
            except (RunError, requests.RequestException, ValueError):
                break
            if not isinstance(page, dict):
                break
            items = page.get(PAGINATION.results)
            for item in items if isinstance(items, list) else []:
                if isinstance(item, dict) and _ours(item, prefix):
                    found.append((team, str(item.get(ID))))
            cursor = next_cursor(page)
            if cursor is None:
                break
            params = {**params, PAGINATION.cursor: cursor}
    return list(dict.fromkeys(found))


def _ours(body: Any, prefix: str) -> bool:
    return isinstance(body, dict) and str(body.get("name", "")).startswith(prefix)


def _order(wire: Wire, first: Team) -> list[Team]:
    """The team that created a registry first, then the other(s)."""
    return [first, *(team for team in wire.teams if team is not first)]


def _reader(
    wire: Wire, team: Team, registry: str, prefix: str, stamp: str, stop_at: float | None
) -> Team | None:
    """The team whose token reads `registry` as one of the run's (named with `prefix`, or
    created at `stamp`); None when none does (gone: noted in the ledger when every token says
    404; or now another's)."""
    path = wire.url(f"{COLLECTION}/{quote(registry, safe='')}")
    gone = True
    for reader in _order(wire, team):
        if reader not in wire.teams or _late(wire, stop_at):
            return None
        try:
            answer = wire.session(wire.teams[reader]).get(path)
        except (RunError, requests.RequestException):
            return None
        if answer.status_code == 200:
            try:
                body = answer.json()
            except ValueError:
                return None
            mine = _ours(body, prefix) or (
                bool(stamp) and isinstance(body, dict) and body.get(CREATED) == stamp
            )
            return reader if mine else None
        gone = gone and answer.status_code == 404
    if gone:
        wire.guards.ledger.deleted(registry, team)
    return None


def _delete(wire: Wire, team: Team, registry: str, done: Sweep, stop_at: float | None) -> None:
    """Delete `registry` with `team`'s token (it was just read as the run's)."""
    credentials = wire.teams.get(team)
    if credentials is None or _late(wire, stop_at):
        done.left.append(registry)  # the ledger keeps it for `cleanup`
        return
    wire.guards.policy.own(team, registry)  # read just now as one of the run's
    try:
        answer = wire.session(credentials).delete(
            wire.url(f"{COLLECTION}/{quote(registry, safe='')}")
        )
    except (RunError, requests.RequestException):
        done.left.append(registry)
        return
    if answer.ok or answer.status_code == 404:
        if answer.status_code == 404:  # gone since it was read (a delete noted itself)
            wire.guards.ledger.deleted(registry, team)
        done.deleted.append(registry)
    else:
        done.left.append(registry)
