"""Run plain `schemathesis run openapi.yaml --checks all` against a mock and read its findings.

The token goes to schemathesis through the environment (a config file's
`${API_TOKEN}`), not argv. Each failed check is read back from the NDJSON event
report with the answer that failed it, so a test can tell the two documented
refusals (provider rules, an unknown cursor) from real findings.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mock_server.testing import RunningMock

SPEC = Path(__file__).resolve().parents[2] / "openapi.yaml"
SCHEMATHESIS = Path(sys.executable).parent / "schemathesis"
CONFIG = 'headers = { Authorization = "Bearer ${API_TOKEN}" }\n'


@dataclass(frozen=True)
class Finding:
    check: str
    operation: str
    status: int | None
    body: Any

    @property
    def documented(self) -> bool:
        """A schema-valid request the API documents it may refuse: provider rules, cursors."""
        if self.check != "positive_data_acceptance" or self.status != 400:
            return False
        details = self.body.get("details", {}) if isinstance(self.body, dict) else {}
        provider = "registry must be on" in str(details.get("url", ""))
        cursor = details.get("after") == "is not a cursor this server issued"
        return bool(details) and set(details) <= {"url", "after"} and (provider or cursor)


def _decoded(content: dict[str, str] | None) -> Any:
    if not content or "$base64" not in content:
        return None
    raw = base64.b64decode(content["$base64"])
    try:
        return json.loads(raw)
    except ValueError:
        return raw.decode("utf-8", "replace")


def _findings(event: dict[str, Any]) -> Iterator[Finding]:
    recorder = event.get("recorder", {})
    for case_id, checks in recorder.get("checks", {}).items():
        response = (recorder.get("interactions", {}).get(case_id) or {}).get("response") or {}
        for check in checks:
            if check.get("status") == "failure":
                yield Finding(
                    check["name"],
                    recorder.get("label", "?"),
                    response.get("status_code"),
                    _decoded(response.get("content")),
                )


def run(mock: RunningMock, workdir: Path, *, examples: int, seed: int) -> list[Finding]:
    config = workdir / "schemathesis.toml"
    config.write_text(CONFIG)
    report = workdir / "events.ndjson"
    command = [
        str(SCHEMATHESIS), "--config-file", str(config), "run", str(SPEC),
        "--url", mock.base_url, "--checks", "all", "--no-color",
        "--max-examples", str(examples), "--seed", str(seed),
        "--report", "ndjson", "--report-ndjson-path", str(report),
    ]  # fmt: skip
    env = {**os.environ, "API_TOKEN": mock.token}
    subprocess.run(command, cwd=workdir, env=env, capture_output=True, timeout=600, check=False)
    findings: list[Finding] = []
    for line in report.read_text().splitlines():
        event = json.loads(line)
        if "ScenarioFinished" in event:
            findings.extend(_findings(event["ScenarioFinished"]))
    return findings
