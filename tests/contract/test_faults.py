"""Against each fault of the mock's catalogue the suite fails, on the check that should catch it."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from mock_server.faults import CATALOGUE

from .support import FAST, Outcome, run_suite

EXPECTED_CHECK = {
    "missing-field": "response_schema_conformance",
    "id-as-number": "response_schema_conformance",
    "kind-out-of-enum": "response_schema_conformance",
    "timestamp-not-datetime": "response_schema_conformance",
    "null-required": "response_schema_conformance",
    "test-connection-shape": "test_connection_shape",
    "success-text-plain": "content_type_conformance",
    "error-plain-text": "error_shape",
    "error-missing-code": "error_shape",
    "unknown-id-500": "not_a_server_error",
    "accept-invalid": "invalid_input_refused",
    "limit-unchecked": "limit_out_of_range_refused",
    "refuse-valid": "valid_input_accepted",
    "parse-error-500": "not_a_server_error",
    "crash-on-unicode": "not_a_server_error",
    "no-auth": "auth_required",
    "any-token": "wrong_token_refused",
    "auth-wrong-status": "auth_required",
    "page-overflow": "page_size_within_limit",
    "wrong-order": "order_by_dtcreated",
    "default-order-asc": "order_by_dtcreated",
    "cursor-skip": "walk_yields_each_once",
    "cursor-repeat": "walk_yields_each_once",
    "hasmore-without-next": "hasmore_matches_nextpage",
    "nextpage-on-last": "hasmore_matches_nextpage",
    "empty-last-page": "no_empty_page_after_hasmore",
    "cursor-ignored": "walk_yields_each_once",
    "lost-create": "create_persists",
    "lost-update": "update_persists",
    "partial-update-clears": "partial_update_keeps_fields",
    "delete-noop": "delete_removes",
    "dtmodified-regress": "dtmodified_monotonic",
    "list-stale": "walk_yields_each_once",
    "get-wrong-id": "get_returns_requested_id",
    "echo-password": "password_not_echoed",
    "echo-password-header": "password_not_echoed",
    "empty-string-500": "not_a_server_error",
    "max-limit-500": "not_a_server_error",
    "throttle-forever": "throttling_recovers",
}
WORKERS = 2


def test_every_fault_is_caught_by_its_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    names = [fault.name for fault in CATALOGUE]
    assert set(names) == set(EXPECTED_CHECK), "fault table out of date with the mock's catalogue"

    def attempt(name: str) -> Outcome:
        return run_suite(tmp_path / name, ["--fault", name], "--allow-writes", *FAST)

    with ThreadPoolExecutor(WORKERS) as pool:
        outcomes = dict(zip(names, pool.map(attempt, names), strict=True))
    missed = {
        name: sorted(outcome.failed_checks)
        for name, outcome in outcomes.items()
        if outcome.status != 1 or EXPECTED_CHECK[name] not in outcome.failed_checks
    }
    with capsys.disabled():  # the score is the point of this test: show it in every run
        print(
            f"\nfault score: {len(names) - len(missed)}/{len(names)} caught by the expected check"
        )
    assert not missed, f"faults not caught by their check (name: failed checks): {missed}"
