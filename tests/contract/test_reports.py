"""A failing run's reports: the check, the operation, expected and received, curl, seed, table."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from pathlib import Path

from .support import FAST, run_suite


def test_failure_report_says_what_broke_and_how_to_reproduce(tmp_path: Path) -> None:
    outcome = run_suite(tmp_path, ["--fault", "get-wrong-id"], "--allow-writes", *FAST)
    assert outcome.status == 1
    report = (tmp_path / "report.md").read_text()
    section = report.split("### `get_returns_requested_id` on GET /container-registries/{id}")[1]
    assert "- expected: the registry with id" in section
    assert "- received: 200, id=" in section
    assert "- seed: `1`" in section
    assert "curl -X GET" in section and '"Authorization: Bearer $API_TOKEN"' in section
    table_row = next(line for line in report.splitlines() if line.startswith("| get_returns"))
    assert "failed" in table_row
    assert "[get_returns_requested_id] GET /container-registries/{id}" in outcome.output
    failures = ElementTree.parse(tmp_path / "junit.xml").getroot().iter("failure")
    assert any("get_returns_requested_id" in (f.get("message") or "") for f in failures)
