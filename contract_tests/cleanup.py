"""Deleting what runs created: at the end of a run, and the `cleanup` sweep after a crash."""

from __future__ import annotations

import time
from typing import Any

import requests

from api_spec.registries import ID, LIMIT, PAGINATION
from contract_tests.api import COLLECTION
from contract_tests.calls import next_cursor
from contract_tests.context import RunContext
from contract_tests.session import MAX_SILENT
from contract_tests.settings import NAME_PREFIX
from contract_tests.violations import RunError

MAX_SWEEP_PAGES = 1000


def delete_created(run: RunContext, deadline: float | None = None) -> tuple[list[str], list[str]]:
    """Delete every registry this run created and has not deleted, within `deadline` seconds.

    A create whose answer never came may still have made a registry: then this run's name
    prefix is swept as well. Returns (ids created by the run, ids left behind).
    """
    stop_at = None if deadline is None else time.monotonic() + deadline
    created = run.ledger.created_by_run()
    targets = run.ledger.outstanding()
    if run.guards.unsure_creates:
        targets += [
            i
            for i in _listed_with_prefix(run, run.settings.name_prefix, stop_at)
            if i not in targets
        ]
    run.policy.owned.update(targets)  # a resumed --run-id owns what its ledger names
    return created, _delete_all(run, targets, stop_at)


def sweep(run: RunContext) -> tuple[list[str], list[str]]:
    """Delete what any run left on this base URL: ledger ids, and registries named with the prefix.

    Returns (deleted ids, ids that could not be deleted).
    """
    from_ledger = run.ledger.outstanding(this_run_only=False)
    targets = list(dict.fromkeys(from_ledger + _listed_with_prefix(run, NAME_PREFIX, None)))
    # A sweep owns exactly what the ledger and the prefix name, nothing else.
    run.policy.owned.update(targets)
    remaining = _delete_all(run, targets, None)
    return [t for t in targets if t not in remaining], remaining


def _listed_with_prefix(run: RunContext, prefix: str, stop_at: float | None) -> list[str]:
    """Ids of listed registries whose name starts with `prefix` (none if the list fails)."""
    session, found = run.session(), []
    params: dict[str, Any] = {PAGINATION.limit: int(LIMIT.maximum or 100)}
    run.pacer.cleaning_up = True
    for _ in range(MAX_SWEEP_PAGES):
        if stop_at is not None and time.monotonic() > stop_at:
            break
        try:
            answer = session.get(run.url(COLLECTION), params=params)
            page = answer.json() if answer.status_code == 200 else None
        except (RunError, requests.RequestException, ValueError):
            break
        if not isinstance(page, dict):
            break
        items = page.get(PAGINATION.results)
        for item in items if isinstance(items, list) else []:
            if isinstance(item, dict) and str(item.get("name", "")).startswith(prefix):
                found.append(str(item.get(ID)))
        cursor = next_cursor(page)
        if cursor is None:
            break
        params = {**params, PAGINATION.cursor: cursor}
    return found


def _delete_all(run: RunContext, ids: list[str], stop_at: float | None) -> list[str]:
    session = run.session()
    remaining = []
    run.pacer.cleaning_up = True
    for registry_id in ids:
        silent = run.guards.silent >= MAX_SILENT  # each further delete would only time out
        if silent or (stop_at is not None and time.monotonic() > stop_at):
            remaining.append(registry_id)
            continue
        try:
            answer = session.delete(run.url(f"{COLLECTION}/{registry_id}"))
        except (RunError, requests.RequestException):
            remaining.append(registry_id)  # the ledger keeps it for `cleanup`
            continue
        if answer.status_code == 404:
            # Already gone: record it so the ledger stops naming it.
            run.ledger.deleted(registry_id)
        elif not answer.ok:
            remaining.append(registry_id)
    return remaining
