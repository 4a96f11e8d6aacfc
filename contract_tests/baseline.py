"""Plain schemathesis, the baseline the suite is measured against (`make bench`) and the mock is
fuzzed with (tests/mock/test_schemathesis.py): its CLI with every check against a server, and
its findings read back from its NDJSON report.

The token reaches schemathesis through the environment (a config file's `${API_TOKEN}`), never
argv. Which findings are refusals the docs allow is decided from the request, as the suite
decides it (`rules.model.provider_bound`), so it holds for any server.
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
from urllib.parse import parse_qs, urlsplit

from api_spec.registries import PAGINATION
from contract_tests.rules.model import provider_bound
from contract_tests.wire.policy import COLLECTION

SPEC = Path(__file__).resolve().parent.parent / "openapi.yaml"
SCHEMATHESIS = Path(sys.executable).parent / "schemathesis"
CONFIG = 'headers = { Authorization = "Bearer ${API_TOKEN}" }\n'


@dataclass(frozen=True)
class Finding:
    check: str
    method: str
    uri: str
    status: int | None
    body: Any  # the JSON request body, if it had one

    @property
    def documented(self) -> bool:
        """A schema-valid request the docs let the server refuse with 400: a body the provider's
        rules apply to (a PUT may change the URL of a registry whose kind has rules), or a
        cursor the server did not issue."""
        if self.check != "positive_data_acceptance" or self.status != 400:
            return False
        path = urlsplit(self.uri).path.rstrip("/")
        if self.method == "GET" and path.endswith(COLLECTION):
            return PAGINATION.cursor in parse_qs(urlsplit(self.uri).query, keep_blank_values=True)
        return provider_bound(self.body, kind_unknown=self.method == "PUT")


def _json(content: dict[str, str] | None) -> Any:
    if not content or "$base64" not in content:
        return None
    try:
        return json.loads(base64.b64decode(content["$base64"]))
    except ValueError:
        return None


def _findings(event: dict[str, Any]) -> Iterator[Finding]:
    recorder = event.get("recorder", {})
    for case_id, checks in recorder.get("checks", {}).items():
        interaction = recorder.get("interactions", {}).get(case_id) or {}
        request, response = interaction.get("request") or {}, interaction.get("response") or {}
        for check in checks:
            if check.get("status") == "failure":
                yield Finding(
                    check=check["name"],
                    method=str(request.get("method", "")),
                    uri=str(request.get("uri", "")),
                    status=response.get("status_code"),
                    body=_json(request.get("body")),
                )


def run(base_url: str, token: str, workdir: Path, *, examples: int, seed: int) -> list[Finding]:
    """`schemathesis run openapi.yaml --checks all` against `base_url`; its findings."""
    workdir.mkdir(parents=True, exist_ok=True)
    config = workdir / "schemathesis.toml"
    config.write_text(CONFIG)
    report = workdir / "events.ndjson"
    command = [
        str(SCHEMATHESIS), "--config-file", str(config), "run", str(SPEC),
        "--url", base_url, "--checks", "all", "--no-color",
        "--max-examples", str(examples), "--seed", str(seed),
        "--report", "ndjson", "--report-ndjson-path", str(report),
    ]  # fmt: skip
    env = {**os.environ, "API_TOKEN": token}
    subprocess.run(command, cwd=workdir, env=env, capture_output=True, timeout=900, check=False)
    findings: list[Finding] = []
    for line in report.read_text().splitlines() if report.exists() else []:
        event = json.loads(line)
        if "ScenarioFinished" in event:
            findings.extend(_findings(event["ScenarioFinished"]))
    return findings
