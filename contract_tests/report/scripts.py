"""Writing the replay script of each group of findings that has one, where the summary can
name it in a short line."""

from __future__ import annotations

import tempfile
from pathlib import Path

from contract_tests.record.results import ResultBook
from contract_tests.report.repro import script
from contract_tests.report.summary import Scripts


def write_scripts(book: ResultBook, prefix: str, rate: float | None, run_id: str) -> Scripts:
    """Write each group's replay script; return where each went."""
    written: Scripts = {}
    groups = [group for group in book.groups() if group.example.replay is not None]
    if not groups:
        return written
    # A short path, so the summary's replay line stays short; the Markdown report embeds them.
    folder = Path(tempfile.gettempdir()) / f"contract-replay-{run_id}"
    folder.mkdir(parents=True, exist_ok=True)
    for number, group in enumerate(groups, start=1):
        example = group.example
        assert example.replay is not None
        title = f"[{group.check.name}] {example.operation}: {group.cause}"
        text = script(title, book.base_url, prefix, rate, example.replay, read_only=not book.writes)
        path = folder / f"{number}-{group.check.name}.py"
        path.write_text(text, encoding="utf-8")
        written[(group.check, group.cause)] = path
    return written
