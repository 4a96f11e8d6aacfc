"""Deleting what runs created: at the end of a run, and the `cleanup` sweep after a crash.

Each registry is deleted with the token of the team that created it (the ledger says which).
"""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import quote

import requests

from api_spec.registries import ID, LIMIT, PAGINATION
from contract_tests.wire.client import Wire
from contract_tests.wire.credentials import Team
from contract_tests.wire.errors import RunError
from contract_tests.wire.policy import COLLECTION
from contract_tests.wire.session import MAX_SILENT

MAX_SWEEP_PAGES = 1000
Targets = list[tuple[Team, str]]


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

    A create whose answer never came may still have made a registry: then this run's name
    prefix is swept as well. Returns (ids created by the run, ids left behind).
    """
    stop_at = None if deadline is None else time.monotonic() + deadline
    ledger = wire.guards.ledger
    created = ledger.created_by_run()
    targets = ledger.outstanding()
    if wire.guards.unsure_creates:
        listed = _listed_with_prefix(wire, name_prefix, stop_at)
        targets += [target for target in listed if target not in targets]
    return created, _delete_all(wire, targets, stop_at)


def sweep(wire: Wire, name_prefix: str) -> tuple[list[str], list[str]]:
    """Delete what any run left on this base URL: ledger ids, and registries named with the
    prefix, in every team the run has a token for. Returns (deleted ids, ids left)."""
    from_ledger = wire.guards.ledger.outstanding(this_run_only=False)
    listed = _listed_with_prefix(wire, name_prefix, None)
    targets = list(dict.fromkeys(from_ledger + listed))
    remaining = _delete_all(wire, targets, None)
    return [registry for _, registry in targets if registry not in remaining], remaining


def _listed_with_prefix(wire: Wire, prefix: str, stop_at: float | None) -> Targets:
    """(team, id) of listed registries whose name starts with `prefix` (none if a list fails)."""
    found: Targets = []
    for team, credentials in wire.teams.items():
        session = wire.session(credentials)
        params: dict[str, Any] = {PAGINATION.limit: int(LIMIT.maximum or 100)}
        wire.guards.pacer.cleaning_up = True
        for _ in range(MAX_SWEEP_PAGES):
            if stop_at is not None and time.monotonic() > stop_at:
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
                if isinstance(item, dict) and str(item.get("name", "")).startswith(prefix):
                    found.append((team, str(item.get(ID))))
            cursor = next_cursor(page)
            if cursor is None:
                break
            params = {**params, PAGINATION.cursor: cursor}
    return found


def _delete_all(wire: Wire, targets: Targets, stop_at: float | None) -> list[str]:
    guards = wire.guards
    remaining = []
    guards.pacer.cleaning_up = True
    for team, registry_id in targets:
        credentials = wire.teams.get(team)
        silent = guards.silent >= MAX_SILENT  # each further delete would only time out
        late = stop_at is not None and time.monotonic() > stop_at
        if credentials is None or silent or late:
            remaining.append(registry_id)  # the ledger keeps it for `cleanup`
            continue
        guards.policy.own(team, registry_id)  # what the ledger or the prefix names is ours
        try:
            answer = wire.session(credentials).delete(
                wire.url(f"{COLLECTION}/{quote(registry_id, safe='')}")
            )
        except (RunError, requests.RequestException):
            remaining.append(registry_id)
            continue
        if answer.status_code == 404:
            # Already gone: record it so the ledger stops naming it.
            guards.ledger.deleted(registry_id, team)
        elif not answer.ok:
            remaining.append(registry_id)
    return remaining
