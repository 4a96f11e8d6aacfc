"""The JSON report, for machines: the verdict and exit code at the top, the run's facts, each
check with its outcome per operation and the answers it examined, the cleanup as numbers, and
each group of failures with an example."""

from __future__ import annotations

import json
from typing import Any

from contract_tests.record.results import ResultBook
from contract_tests.report.facts import RunFacts
from contract_tests.report.summary import Scripts
from contract_tests.rules.violations import Finding, Single, Story, Walk

# What a replay repeats, as the report names it.
REPLAY_KINDS = {Single: "single request", Story: "story of a registry", Walk: "walk of the list"}


def _finding(finding: Finding) -> dict[str, Any]:
    return {
        "check": finding.check.name,
        "operation": finding.operation,
        "cause": finding.cause,
        "expected": finding.expected,
        "received": finding.received,
        "came_back": finding.came_back,
        "ruled_out": list(finding.ruled_out),
        "curl": finding.curl,
        "steps": [step.describe() for step in getattr(finding.replay, "steps", ())],
        "replay": REPLAY_KINDS.get(type(finding.replay)),
        "expectation": finding.expectation,
    }


def _checks(book: ResultBook) -> list[dict[str, Any]]:
    checks = []
    for check in book.checks:
        outcome, reason, _ = book.check_outcome(check)
        cells = {}
        for operation in book.operations_of(check):
            status, why = book.outcome(check, operation)
            cell = book.cells.get((check, operation))
            cells[operation] = {
                "outcome": status,
                "reason": why,
                "examined": cell.examined if cell else 0,
                "violations": cell.violations if cell else 0,
                "not_judged": dict(cell.not_judged) if cell else {},
            }
        checks.append(
            {
                "name": check.name,
                "rule": check.rule,
                "outcome": outcome,
                "reason": reason,
                "operations": cells,
            }
        )
    return checks


def as_json(book: ResultBook, facts: RunFacts, scripts: Scripts) -> str:
    document = {
        "verdict": facts.verdict,
        "exit_code": facts.exit_code,
        "date": facts.started.isoformat(timespec="seconds"),
        "version": facts.version,
        "spec_sha256": facts.spec_sha256,
        "base_url": book.base_url,
        "seed": book.seed,
        "writes": book.writes,
        "seconds": round(facts.seconds, 3),
        "requests": facts.requests,
        "failed_checks": [check.name for check in book.failed_checks],
        "tally": book.tally(),
        "stopped": book.stopped,
        "interrupted": book.interrupted,
        "cleanup": {"created": book.created, "deleted": book.deleted, "left": len(book.left)},
        "left": book.left,
        "errors": book.errors,
        "server": {
            "lags_ms": {op: round(s * 1000) for op, s in book.facts.lags.items()},
            "rereads": dict(book.facts.rereads),
            "outlasted": dict(book.facts.outlasted),
            "transient": dict(book.facts.transient),
        },
        "checks": _checks(book),
        "failures": [
            {
                "check": g.check.name,
                "cause": g.cause,
                "count": g.count,
                "operations": list(g.operations),
                "example": _finding(g.example),
                "replay_script": str(scripts[(g.check, g.cause)])
                if (g.check, g.cause) in scripts
                else None,
            }
            for g in book.groups()
        ],
    }
    return json.dumps(document, indent=2)
