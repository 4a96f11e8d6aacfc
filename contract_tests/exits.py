"""The suite's exit statuses, defined once: the command line, the pytest plugin and the reports
read them from here."""

from __future__ import annotations

CONFORMS, FAILED, CANNOT_RUN, INTERRUPTED = 0, 1, 2, 130
# What a report calls each status.
VERDICTS = {
    CONFORMS: "conforms",
    FAILED: "failed",
    CANNOT_RUN: "could not run",
    INTERRUPTED: "interrupted",
}
EXIT_CODES = "\n".join(
    [
        "exit status:",
        f"  {CONFORMS}    the server conforms (cleanup: everything found was deleted)",
        f"  {FAILED}    checks failed (cleanup: some registries could not be deleted)",
        f"  {CANNOT_RUN}    the run could not be made or finish: bad arguments, no token, an "
        "unreachable server,",
        "       a refused token, not the API, the server stopped answering, nothing could be "
        "verified",
        f"  {INTERRUPTED}  interrupted (after cleaning up)",
    ]
)
