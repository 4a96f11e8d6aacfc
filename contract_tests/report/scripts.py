"""Writing the replay script of each group of findings that has one, where the summary can
name it in a short line."""

from __future__ import annotations

import tempfile
from pathlib import Path

from contract_tests.record.results import ResultBook
from contract_tests.report.repro import script
from contract_tests.report.summary import Scripts
from contract_tests.settings import Settings


def write_scripts(book: ResultBook, chosen: Settings) -> Scripts:
    """Write each group's replay script; return where each went."""
    written: Scripts = {}
    groups = [group for group in book.groups() if group.example.replay is not None]
    if not groups:
        return written
    # A short path, so the summary's replay line stays short; the Markdown report embeds them.
    folder = Path(tempfile.gettempdir()) / f"contract-replay-{chosen.run_id}"
    folder.mkdir(parents=True, exist_ok=True)
    for number, group in enumerate(groups, start=1):
        example, check = group.example, group.check
        assert example.replay is not None
        text = script(
            f"[{check.name}] {example.operation}: {group.cause}",
            book.base_url,
            chosen.name_prefix,
            chosen.rate,
            example.replay,
            read_only=not book.writes,
            check=check.name,
            expectation=example.expectation,
            # A replay of a rule a lagging replica may break waits as the run did.
            settle=chosen.consistency_window if check.lags else 0.0,
            timeout=chosen.timeout,
        )
        path = folder / f"{number}-{check.name}.py"
        path.write_text(text, encoding="utf-8")
        written[(check, group.cause)] = path
    return written
