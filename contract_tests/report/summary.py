"""What a run says on the terminal: one line per check, then each failure once per cause with a
count, the rule or prediction, what came back, and how to reproduce it; then what stopped the
run early, the cleanup, the seed, and the run's wall time and request count.

Prose is wrapped at 100 columns; what a person copies (a curl line, a received JSON body, a
replay command) is never wrapped, so a copied line runs as it is.
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

from contract_tests.record.results import (
    FAILED,
    NOT_JUDGED,
    OUTCOMES,
    PASSED,
    SKIPPED,
    Group,
    ResultBook,
    ServerFacts,
)
from contract_tests.report.facts import RunFacts
from contract_tests.rules.registry import Check

WIDTH = 100
# Where each group's replay script was written, by (check, cause).
Scripts = dict[tuple[Check[Any], str], Path]
ORDER = OUTCOMES
# Keeps an operation's method and path together when a line is wrapped.
_GLUE = "\u00a0"


def wrap(text: str, indent: str, first: str = "") -> list[str]:
    lines = textwrap.wrap(
        text,
        WIDTH,
        initial_indent=first or indent,
        subsequent_indent=indent,
        break_on_hyphens=False,
        break_long_words=False,
    ) or [first.rstrip()]
    return [line.replace(_GLUE, " ") for line in lines]


def where(operations: list[str] | tuple[str, ...], applicable: int) -> str:
    """The operations, or "all N operations" when that is all of them; labels never split."""
    if len(operations) == applicable and applicable > 1:
        return f"all {applicable} operations"
    return ", ".join(operation.replace(" ", _GLUE) for operation in operations)


def _check_lines(book: ResultBook) -> list[str]:
    rows = []
    for check in book.checks:
        outcome, reason, operations = book.check_outcome(check)
        applicable = book.operations_of(check)
        if outcome == FAILED:
            detail = "on " + where(operations, len(applicable))
        elif outcome == PASSED:
            partial = len(operations) != len(applicable)
            detail = f"on {len(operations)} of {len(applicable)} operations" if partial else ""
        else:
            detail = reason
        rows.append((ORDER.index(outcome), outcome, check.name, detail))
    lines = []
    width = max(len(check.name) for check in book.checks)
    for _, outcome, name, detail in sorted(rows, key=lambda row: row[0]):
        head = f"  {outcome.upper() if outcome == FAILED else outcome:<8} {name:<{width}} "
        lines += wrap(detail, " " * len(head), head) if detail else [head.rstrip()]
    return lines


def tally(book: ResultBook) -> str:
    counts = book.tally()
    ran = counts[PASSED] + counts[FAILED]
    return (
        f"{len(book.checks)} checks, {ran} of them judged: {counts[PASSED]} passed, "
        f"{counts[FAILED]} failed, {counts[NOT_JUDGED]} not judged, {counts[SKIPPED]} skipped"
    )


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _group_lines(group: Group, script: Path | None) -> list[str]:
    example = group.example
    check: Check[Any] = group.check
    lines = wrap(f"FAILED {check.name}: {group.cause}", "    ")
    operations = where(group.operations, len(check.operations))
    e_g = example.operation.replace(" ", _GLUE)
    lines += wrap(f"{plural(group.count, 'answer')} on {operations}; e.g. {e_g}", "    ", "  ")
    lines += wrap(example.expected, "              ", "  expected: ")
    lines += ["  seen:", f"    {example.received}"]
    if example.came_back:
        lines += ["  came back:", f"    {example.came_back}"]
    for ruled in example.ruled_out:
        lines += wrap(ruled, "              ", "  ruled out: ")
    if example.curl:
        lines += ["  reproduce:", f"    {example.curl}"]
    if script is not None:
        lines += ["  replay:", f"    python3 {script}"]
    return lines


def server_lines(facts: ServerFacts) -> list[str]:
    """The facts of the server the run learnt: how far its reads lagged its writes, and the
    gateway answers a retry got past."""
    lines = [
        f"{operation} lagged writes by up to {seconds * 1000:.0f} ms "
        f"(read again {plural(facts.rereads[operation], 'time')})"
        for operation, seconds in sorted(facts.lags.items())
    ]
    lines += [
        f"read again for the whole consistency window, and it stayed: {cause}"
        for cause in sorted(facts.outlasted)
    ]
    if facts.transient:
        counted = ", ".join(f"{what} ({n}x)" for what, n in sorted(facts.transient.items()))
        lines.append(f"gateway answers a retry got past: {counted}")
    return lines


def cleanup_line(book: ResultBook) -> str:
    if not book.created:
        return ""
    line = f"deleted {book.deleted} of the {book.created} registries this run created"
    if book.left:
        line += (
            f"; {len(book.left)} left ({', '.join(book.left[:5])}): run `python -m "
            f"contract_tests cleanup --base-url {book.base_url}`"
        )
    return line


def summary(book: ResultBook, scripts: Scripts, facts: RunFacts) -> str:
    mode = "writes allowed" if book.writes else "read-only"
    lines = wrap(f"contract checks against {book.base_url} ({mode}, seed {book.seed})", "  ")
    lines += _check_lines(book)
    lines.append(tally(book))
    for group in book.groups():
        lines.append("")
        lines += _group_lines(group, scripts.get((group.check, group.cause)))
    notes = [f"error: {error}" for error in book.errors]
    if book.interrupted:
        notes.append(book.interrupted)
    if book.stopped:
        notes.append(f"stopped early: {book.stopped}; what had not run is skipped")
    notes.append(cleanup_line(book))
    notes += server_lines(book.facts)
    for note in filter(None, notes):
        lines += ["", *wrap(note, "    ")]
    lines += ["", f"seed: {book.seed} (repeat the run's requests with --seed {book.seed})"]
    lines.append(f"took {facts.seconds:.1f} s, {plural(facts.requests, 'request')}")
    return "\n".join(lines)
