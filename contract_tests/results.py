"""The book of a run: each named check by operation, passed, failed or skipped, and the findings."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from contract_tests.violations import Finding

PASSED, FAILED, SKIPPED = "passed", "failed", "skipped"


@dataclass
class ResultBook:
    seed: int
    base_url: str
    outcomes: dict[tuple[str, str], str] = field(default_factory=dict)
    findings: dict[tuple[str, str], Finding] = field(default_factory=dict)
    skip_reasons: dict[tuple[str, str], str] = field(default_factory=dict)
    # Why the run stopped sending early (a request or time budget), if it did.
    stopped: str | None = None

    def passed(self, check: str, operation: str) -> None:
        self.outcomes.setdefault((check, operation), PASSED)

    def failed(self, finding: Finding) -> None:
        key = (finding.check, finding.operation)
        self.outcomes[key] = FAILED
        # Hypothesis replays the minimal failing example last: the last finding is the one to show.
        self.findings[key] = finding

    def skipped(self, check: str, operation: str, reason: str) -> None:
        if (check, operation) not in self.outcomes:
            self.outcomes[(check, operation)] = SKIPPED
            self.skip_reasons[(check, operation)] = reason

    @property
    def failed_checks(self) -> list[str]:
        return sorted({check for (check, _), status in self.outcomes.items() if status == FAILED})

    def table(self) -> str:
        """The summary: one row per check, one column per operation."""
        operations = sorted({operation for _, operation in self.outcomes})
        by_check: dict[str, dict[str, str]] = defaultdict(dict)
        for (check, operation), status in self.outcomes.items():
            by_check[check][operation] = status
        header = ["check", *operations]
        rows = [
            [check, *(by_check[check].get(op, "") for op in operations)]
            for check in sorted(by_check)
        ]
        return _markdown_table(header, rows)

    def markdown(self) -> str:
        verdict = "FAILED" if self.failed_checks else "passed"
        parts = [
            "# Contract suite report",
            "",
            f"- server: `{self.base_url}`",
            f"- seed: `{self.seed}` (rerun with `--seed {self.seed}`)",
            f"- verdict: **{verdict}**",
            *(
                [f"- stopped early: {self.stopped}; the remaining tests were skipped"]
                if self.stopped
                else []
            ),
            "",
            "## Summary",
            "",
            self.table(),
        ]
        if self.findings:
            parts += ["", "## Failures", ""]
            for finding in self.findings.values():
                parts += [
                    f"### `{finding.check}` on {finding.operation}",
                    "",
                    f"- expected: {finding.expected}",
                    f"- received: {finding.received}",
                    f"- seed: `{self.seed}`",
                    "",
                    "```sh",
                    finding.curl or "# no single request reproduces this",
                    "```",
                    "",
                ]
        if self.skip_reasons:
            parts += ["", "## Skipped", ""]
            parts += sorted(
                {f"- `{check}`: {why}" for (check, _), why in self.skip_reasons.items()}
            )
        return "\n".join(parts) + "\n"

    def as_json(self) -> str:
        return json.dumps(
            {
                "seed": self.seed,
                "failed_checks": self.failed_checks,
                "outcomes": [
                    {"check": c, "operation": o, "status": s}
                    for (c, o), s in sorted(self.outcomes.items())
                ],
                "findings": [finding.__dict__ for finding in self.findings.values()],
            },
            indent=2,
        )

    def write(self, path: Path, text: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _markdown_table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    return "\n".join([line(header), line(["-" * w for w in widths]), *(line(r) for r in rows)])
