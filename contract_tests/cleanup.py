"""Deleting what runs created: at the end of a run, and the `cleanup` sweep after a crash."""

from __future__ import annotations

import requests

from contract_tests.api import walk
from contract_tests.context import RunContext
from contract_tests.policy import COLLECTION
from contract_tests.settings import NAME_PREFIX
from contract_tests.violations import RunError, Violation

MAX_SWEEP_PAGES = 1000


def delete_created(context: RunContext) -> list[str]:
    """Delete every registry this run created and has not deleted; return the ids that remain."""
    created = context.ledger.outstanding()
    context.policy.owned.update(created)  # a resumed --run-id owns what its ledger names
    return _delete_all(context, created)


def sweep(context: RunContext) -> tuple[list[str], list[str]]:
    """Delete what any run left on this base URL: ledger ids, and registries named with the prefix.

    Returns (deleted ids, ids that could not be deleted).
    """
    from_ledger = context.ledger.outstanding(this_run_only=False)
    # A list that cannot be read names nothing to sweep; the ledger still does.
    listed = walk(context, context.session(), {"limit": 120}, MAX_SWEEP_PAGES).pages
    by_name = [
        str(item["id"])
        for page in listed
        for item in page.get("items") or []
        if isinstance(item, dict) and str(item.get("name", "")).startswith(NAME_PREFIX)
    ]
    targets = list(dict.fromkeys(from_ledger + by_name))
    # A sweep owns exactly what the ledger and the prefix name, nothing else.
    context.policy.owned.update(targets)
    remaining = _delete_all(context, targets)
    return [t for t in targets if t not in remaining], remaining


def _delete_all(context: RunContext, ids: list[str]) -> list[str]:
    session = context.session()
    remaining = []
    context.pacer.cleaning_up = True
    for registry_id in ids:
        try:
            answer = session.delete(context.url(f"{COLLECTION}/{registry_id}"), timeout=30)
        except (Violation, RunError, requests.RequestException):
            remaining.append(registry_id)  # the ledger keeps it for `cleanup`
            continue
        if answer.status_code == 404:
            # Already gone: record it so the ledger stops naming it.
            context.ledger.deleted(registry_id)
        elif not answer.ok:
            remaining.append(registry_id)
    return remaining
