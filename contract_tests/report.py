"""What a run says: a summary for the terminal (one line per check, failures grouped by check
and cause, within 100 columns), and the Markdown and JSON reports, which add the
per-operation matrix. All are read off the book; the checks come from the registry."""

from __future__ import annotations

import json
import tempfile
import textwrap
from pathlib import Path
from typing import Any

from contract_tests.registry import CHECKS
from contract_tests.results import FAILED, NOT_RUN, PASSED, SKIPPED, Group, ResultBook
from contract_tests.settings import Settings

WIDTH = 100
ORDER = (FAILED, PASSED, SKIPPED, NOT_RUN)


# Keeps an operation's method and path together when a line is wrapped.
_GLUE = "\u00a0"


def _wrap(text: str, indent: str, first: str = "") -> list[str]:
    lines = textwrap.wrap(
        text,
        WIDTH,
        initial_indent=first or indent,
        subsequent_indent=indent,
        break_on_hyphens=False,
    ) or [first.rstrip()]
    return [line.replace(_GLUE, " ") for line in lines]


def _where(operations: list[str] | tuple[str, ...], applicable: int) -> str:
    """The operations, or "all N operations" when that is all of them; labels never split."""
    if len(operations) == applicable and applicable > 1:
        return f"all {applicable} operations"
    return ", ".join(operation.replace(" ", _GLUE) for operation in operations)


def _check_lines(book: ResultBook) -> list[str]:
    rows = []
    for check in CHECKS.values():
        outcome, reason, operations = book.check_outcome(check)
        if outcome == FAILED:
            detail = "on " + _where(operations, len(book.operations_of(check)))
        elif outcome == PASSED:
            applicable = book.operations_of(check)
            detail = (
                ""
                if len(operations) == len(applicable)
                else f"on {len(operations)} of {len(applicable)} operations"
            )
        else:
            detail = reason
        rows.append((ORDER.index(outcome), outcome, check.name, detail))
    lines = []
    for _, outcome, name, detail in sorted(rows, key=lambda row: row[0]):
        head = f"  {outcome.upper() if outcome == FAILED else outcome:<8} {name:<36} "
        lines += _wrap(detail, " " * len(head), head) if detail else [head.rstrip()]
    return lines


def _tally(book: ResultBook) -> str:
    counts = book.tally()
    ran = counts[PASSED] + counts[FAILED]
    return (
        f"{len(CHECKS)} checks, {ran} of them ran: {counts[PASSED]} passed, "
        f"{counts[FAILED]} failed, {counts[SKIPPED]} skipped, {counts[NOT_RUN]} not run"
    )


def _group_lines(group: Group, script: Path | None) -> list[str]:
    example = group.example
    where = _where(group.operations, len(book_operations(group.check)))
    lines = _wrap(f"FAILED {group.check}: {group.cause}", "    ")
    lines[0] = lines[0].lstrip()
    answers = f"{group.count} answer{'s' if group.count > 1 else ''}"
    lines += _wrap(
        f"{answers} on {where}; e.g. {example.operation.replace(' ', _GLUE)}",
        "    ",
        "  ",
    )
    lines += _wrap(example.expected, "              ", "  expected: ")
    lines += _wrap(example.received, "              ", "  received: ")
    if example.steps:
        lines.append("  steps:")
        lines += [line for step in example.steps for line in _wrap(step, "       ", "    - ")]
    if script is not None:
        lines.append(f"  replay:   python3 {script}")
    elif example.curl:
        lines += _wrap(example.curl, "              ", "  reproduce: ")
    return lines


def book_operations(check: str) -> tuple[str, ...]:
    return CHECKS[check].operations


def write_scripts(book: ResultBook, settings: Settings) -> dict[tuple[str, str], Path]:
    """Write each group's replay script; return where each went."""
    groups = [g for g in book.groups() if g.example.repro]
    if not groups:
        return {}
    # A short path, so the summary's replay line fits; the Markdown report embeds the scripts.
    folder = Path(tempfile.gettempdir()) / f"contract-replay-{settings.run_id}"
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for number, group in enumerate(groups, start=1):
        path = folder / f"{number}-{group.check}.py"
        path.write_text(group.example.repro, encoding="utf-8")
        written[(group.check, group.cause)] = path
    return written


def summary(book: ResultBook, scripts: dict[tuple[str, str], Path]) -> str:
    mode = "writes allowed" if book.writes else "read-only"
    lines = _wrap(f"contract checks against {book.base_url} ({mode}, seed {book.seed})", "  ")
    lines += _check_lines(book)
    lines.append(_tally(book))
    for group in book.groups():
        lines.append("")
        lines += _group_lines(group, scripts.get((group.check, group.cause)))
    notes = [f"error: {error}" for error in book.errors]
    if book.stopped:
        notes.append(f"stopped early: {book.stopped}; what had not run is skipped")
    if book.cleanup:
        notes.append(book.cleanup)
    for note in notes:
        lines += ["", *_wrap(note, "    ")]
    lines += ["", f"seed: {book.seed} (repeat the run's requests with --seed {book.seed})"]
    return "\n".join(
        line[:WIDTH] if len(line) > WIDTH and " " not in line.strip() else line for line in lines
    )


# --- the reports -----------------------------------------------------------------------


def _markdown_table(header: list[str], rows: list[list[str]]) -> list[str]:
    def line(cells: list[str]) -> str:
        return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"

    return [line(header), line(["---"] * len(header)), *(line(row) for row in rows)]


def markdown(book: ResultBook, scripts: dict[tuple[str, str], Path]) -> str:
    verdict = "FAILED" if book.failed_checks else "passed"
    parts = [
        "# Contract suite report",
        "",
        f"- server: `{book.base_url}` ({'writes allowed' if book.writes else 'read-only'})",
        f"- seed: `{book.seed}` (repeat the run's requests with `--seed {book.seed}`)",
        f"- verdict: **{verdict}**; {_tally(book)}",
    ]
    if book.stopped:
        parts.append(f"- stopped early: {book.stopped}")
    if book.cleanup:
        parts.append(f"- cleanup: {book.cleanup}")
    rows = []
    for check in CHECKS.values():
        outcome, reason, operations = book.check_outcome(check)
        detail = ", ".join(operations) if outcome in (FAILED, PASSED) else reason
        rows.append([f"`{check.name}`", outcome, detail, check.rule])
    parts += [
        "",
        "## Checks",
        "",
        *_markdown_table(["check", "outcome", "where / why", "rule"], rows),
    ]
    operations = list(
        dict.fromkeys(op for check in CHECKS.values() for op in book.operations_of(check))
    )
    matrix = [
        [
            f"`{check.name}`",
            *(
                book.outcome(check.name, op)[0] if op in book.operations_of(check) else ""
                for op in operations
            ),
        ]
        for check in CHECKS.values()
    ]
    parts += ["", "## By operation", "", *_markdown_table(["check", *operations], matrix)]
    groups = book.groups()
    if groups:
        parts += ["", "## Failures", ""]
    for group in groups:
        example = group.example
        parts += [
            f"### `{group.check}`: {group.cause}",
            "",
            f"- {group.count} answers on {', '.join(group.operations)}; e.g. {example.operation}",
            f"- expected: {example.expected}",
            f"- received: {example.received}",
        ]
        parts += [f"- step: `{step}`" for step in example.steps]
        if example.curl:
            parts += ["", "```sh", example.curl, "```"]
        if example.repro:
            path = scripts.get((group.check, group.cause))
            parts += [
                "",
                f"Replay (`python3 {path}`):" if path else "Replay:",
                "",
                "```python",
                example.repro.rstrip(),
                "```",
            ]
        parts.append("")
    if book.errors:
        parts += ["", "## Errors", "", *(f"- {error}" for error in book.errors)]
    return "\n".join(parts) + "\n"


def as_json(book: ResultBook) -> str:
    checks: list[dict[str, Any]] = []
    for check in CHECKS.values():
        outcome, reason, _ = book.check_outcome(check)
        cells = {}
        for operation in book.operations_of(check):
            status, why = book.outcome(check.name, operation)
            cell = book.cells.get((check.name, operation))
            cells[operation] = {
                "outcome": status,
                "reason": why,
                "examined": cell.examined if cell else 0,
                "violations": cell.violations if cell else 0,
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
    document = {
        "base_url": book.base_url,
        "seed": book.seed,
        "writes": book.writes,
        "failed_checks": book.failed_checks,
        "tally": book.tally(),
        "stopped": book.stopped,
        "cleanup": book.cleanup,
        "errors": book.errors,
        "checks": checks,
        "failures": [
            {
                "check": g.check,
                "cause": g.cause,
                "count": g.count,
                "operations": list(g.operations),
                "example": g.example.__dict__,
            }
            for g in book.groups()
        ],
    }
    return json.dumps(document, indent=2, default=list)
