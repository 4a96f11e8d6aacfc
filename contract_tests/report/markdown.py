"""The Markdown report, for a pull request: the run's facts and verdict, each check with where
it passed or failed, the matrix of checks by operation with the answers each examined, and each
failure with its reproduction, the replay scripts folded in `<details>` blocks."""

from __future__ import annotations

from contract_tests.record.results import FAILED, PASSED, ResultBook
from contract_tests.report.facts import RunFacts
from contract_tests.report.repro import own_part
from contract_tests.report.summary import (
    Scripts,
    cleanup_line,
    plural,
    server_lines,
    tally,
    where,
)


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    def line(cells: list[str]) -> str:
        return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"

    return [line(header), line(["---"] * len(header)), *(line(row) for row in rows)]


def _head(book: ResultBook, facts: RunFacts) -> list[str]:
    mode = "writes allowed" if book.writes else "read-only"
    lines = [
        "# Contract suite report",
        "",
        f"- verdict: **{facts.verdict}** (exit {facts.exit_code}); {tally(book)}",
        f"- server: `{book.base_url}` ({mode})",
        f"- date: {facts.started.isoformat(timespec='seconds')}; took {facts.seconds:.1f} s, "
        f"{plural(facts.requests, 'request')}",
        f"- suite: contract_tests {facts.version}; spec: `openapi.yaml` sha256 "
        f"`{facts.spec_sha256}`",
        f"- seed: `{book.seed}` (repeat the run's requests with `--seed {book.seed}`)",
    ]
    for note in (book.interrupted, book.stopped and f"stopped early: {book.stopped}"):
        if note:
            lines.append(f"- {note}")
    if cleanup_line(book):
        lines.append(f"- cleanup: {cleanup_line(book)}")
    return lines


def _checks(book: ResultBook) -> list[str]:
    rows = []
    for check in book.checks:
        outcome, reason, operations = book.check_outcome(check)
        if outcome in (FAILED, PASSED):
            detail = where(operations, len(book.operations_of(check))).replace("\u00a0", " ")
        else:
            detail = reason
        rows.append([f"`{check.name}`", outcome, detail, check.rule])
    return ["", "## Checks", "", *_table(["check", "outcome", "where / why", "rule"], rows)]


def _matrix(book: ResultBook) -> list[str]:
    """Each check by operation: its outcome, and for a judged cell how many answers it saw."""
    operations = list(dict.fromkeys(op for c in book.checks for op in book.operations_of(c)))
    rows = []
    for check in book.checks:
        cells = []
        for operation in operations:
            if operation not in book.operations_of(check):
                cells.append("")
                continue
            outcome, _ = book.outcome(check, operation)
            examined = book.examined(check, operation)
            unjudged = book.not_judged_count(check, operation)
            counted = f" ({examined}; {unjudged} not judged)" if unjudged else f" ({examined})"
            cells.append(outcome + counted if outcome in (FAILED, PASSED) else outcome)
        rows.append([f"`{check.name}`", *cells])
    note = (
        "Each judged cell gives the number of things the check judged there, and of those it "
        "applied to but could not judge (a 5xx, no answer, nothing to judge)."
    )
    return ["", "## By operation", "", note, "", *_table(["check", *operations], rows)]


def _failures(book: ResultBook, scripts: Scripts) -> list[str]:
    groups = book.groups()
    parts = ["", "## Failures", ""] if groups else []
    for group in groups:
        example = group.example
        on = where(group.operations, len(group.check.operations)).replace("\u00a0", " ")
        parts += [
            f"### `{group.check.name}`: {group.cause}",
            "",
            f"- {plural(group.count, 'answer')} on {on}; e.g. `{example.operation}`",
            f"- expected: {example.expected}",
            "- seen:",
            "",
            "```",
            example.received,
            "```",
        ]
        if example.came_back:
            parts += ["", "- came back:", "", "```", example.came_back, "```"]
        parts += [f"- ruled out: {ruled}" for ruled in example.ruled_out]
        if example.curl:
            parts += ["", "```sh", example.curl, "```"]
        path = scripts.get((group.check, group.cause))
        if path is not None:
            parts += [
                "",
                f"<details><summary>Replay script (<code>python3 {path}</code>)</summary>",
                "",
                "Its own part; the runtime above it in the file is the same in every replay.",
                "",
                "```python",
                own_part(path.read_text(encoding="utf-8")).rstrip(),
                "```",
                "",
                "</details>",
            ]
        parts.append("")
    return parts


def markdown(book: ResultBook, scripts: Scripts, facts: RunFacts) -> str:
    parts = [*_head(book, facts), *_checks(book), *_matrix(book), *_failures(book, scripts)]
    server = server_lines(book.facts)
    if server:
        parts += ["", "## The server", "", *(f"- {line}" for line in server)]
    if book.errors:
        parts += ["", "## Errors", "", *(f"- {error}" for error in book.errors)]
    return "\n".join(parts) + "\n"
