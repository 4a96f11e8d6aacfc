"""Why a run cannot be made or go on: the request layer's errors (exit 2).

RunError                  the run cannot be made or go on; the message is one line saying
│                         what to fix (bad settings, no token, a refused token...)
├── UnsafeRequest         the request layer refused to send a request: it could touch data
│                         the run does not own, or write in a read-only run
├── StoppedAnswering      several requests in a row got no answer: the run ends after cleanup
├── ThrottledForever      429s outlasted the retry bound (judged by `throttling_recovers`)
└── BudgetExhausted       --max-requests or --max-time ran out: what had not run is skipped

The findings a run reports (a broken rule) are not errors of this layer: they are drawn in
`contract_tests.rules.violations`, which the request layer never imports.
"""

from __future__ import annotations


class RunError(Exception):
    """The run cannot be made or go on; the message says what to fix, on one line."""


class UnsafeRequest(RunError):
    """The request layer refused a request that could touch data the run does not own."""


class StoppedAnswering(RunError):
    """The server stopped answering (several requests in a row got no answer)."""


class ThrottledForever(RunError):
    """429s outlasted the retry bound; the pacer holds what happened."""


class BudgetExhausted(RunError):
    """`--max-requests` or `--max-time` ran out; the remaining checks are skipped."""
