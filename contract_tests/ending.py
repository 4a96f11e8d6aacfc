"""The end of a run, whichever way it ended: the run's own checks judged (throttling), the facts
the request layer kept, the cleanup (every registry the run created deleted), the exit status,
and the reports and the summary."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from contract_tests.engine.schema import SCHEMA
from contract_tests.exits import CANNOT_RUN, CONFORMS, FAILED, INTERRUPTED
from contract_tests.report.facts import RunFacts
from contract_tests.report.machine import as_json
from contract_tests.report.markdown import markdown
from contract_tests.report.scripts import write_scripts
from contract_tests.report.summary import summary
from contract_tests.rules.evidence import RunSeen
from contract_tests.run import Run
from contract_tests.wire.cleanup import delete_created
from contract_tests.wire.session import MAX_SILENT


@dataclass(frozen=True)
class Ended:
    """How the tests ended, as the adapter that ran them saw it."""

    interrupted: bool  # a signal stopped them
    deselected: bool  # -k or -m chose some tests only
    finished: int  # tests run to the end
    tests: int  # tests chosen
    started: datetime
    clock: float  # time.monotonic() at the start


def finish(run: Run, ended: Ended) -> int:
    """Judge the run's checks, clean up, write the reports; the exit status."""
    book = run.book
    _judge_the_run(run)
    _clean_up(run, ended.interrupted)
    if ended.interrupted:
        book.interrupted = f"interrupted after {ended.finished} of {ended.tests} tests"
        book.not_reached("interrupted")
    if book.stopped:
        book.skip_unexamined(book.stopped)
    if ended.deselected:
        book.skip_unexamined("not selected (-k)")
    status = _status(run, ended.interrupted)
    _report(run, ended, status)
    return status


def _label(method: str, path: str, base_path: str) -> str:
    """The label of the operation a request went to, as schemathesis matches it."""
    operation = SCHEMA.find_operation_by_path(method, path.removeprefix(base_path) or "/")
    return str(operation.label) if operation is not None else f"{method} {path}"


def _judge_the_run(run: Run) -> None:
    pacer = run.wire.guards.pacer
    base = run.settings.base_path
    touched = [_label(method, path, base) for method, path in pacer.recovered]
    if pacer.throttled_out is not None:
        touched.append(_label(pacer.throttled_out.method, pacer.throttled_out.path, base))
    run.engine.end(RunSeen(pacer.throttled_out, frozenset(pacer.recovered)), touched)
    for (method, path, status), count in pacer.transient.items():
        run.book.facts.transient[f"{status} to {_label(method, path, base)}"] += count


def _clean_up(run: Run, interrupted: bool) -> None:
    book = run.book
    run.stopper.finishing()
    ledger = run.wire.guards.ledger
    try:
        deadline = run.stopper.time_left() if interrupted else None
        created, left = delete_created(run.wire, run.settings.name_prefix, deadline)
    except KeyboardInterrupt:  # a second signal: what is left stays in the ledger
        created = ledger.created_by_run()
        left = [registry for _, registry in ledger.outstanding()]
    finally:
        run.wire.close()
    book.created, book.deleted, book.left = len(created), len(created) - len(left), left


def _status(run: Run, interrupted: bool) -> int:
    if interrupted:
        return INTERRUPTED
    if run.wire.guards.silent >= MAX_SILENT:
        return CANNOT_RUN
    if run.book.failed_checks:
        return FAILED
    if not run.book.verified_anything:
        return CANNOT_RUN
    return CONFORMS


def _report(run: Run, ended: Ended, status: int) -> None:
    book, chosen = run.book, run.settings
    facts = RunFacts(
        started=ended.started,
        seconds=time.monotonic() - ended.clock,
        requests=run.wire.guards.pacer.sent,
        exit_code=status,
    )
    scripts = write_scripts(book, chosen)
    if chosen.report is not None:
        _write(chosen.report, markdown(book, scripts, facts))
    if chosen.report_json is not None:
        _write(chosen.report_json, as_json(book, facts, scripts))
    print(summary(book, scripts, facts), flush=True)
    if status == CANNOT_RUN:
        print(f"contract_tests: {_cannot_finish(run)}", file=sys.stderr)


def _cannot_finish(run: Run) -> str:
    if run.wire.guards.silent >= MAX_SILENT:
        return run.book.stopped or run.wire.guards.stopped_answering
    return "nothing was verified: every check was skipped or judged nothing"


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
