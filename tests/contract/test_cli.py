"""`python -m contract_tests` exits 2 with one line saying what to fix when it cannot run."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from .support import ROOT

CASES = {
    "no token": (["--base-url", "http://127.0.0.1:9"], {}, "API_TOKEN"),
    "bad url": (["--base-url", "ftp://example"], {"API_TOKEN": "x" * 12}, "--base-url"),
    "clear http": (["--base-url", "http://example.com"], {"API_TOKEN": "x" * 12}, "--insecure"),
    "bad rate": (
        ["--base-url", "http://127.0.0.1:9", "--rate-limit", "fast"],
        {"API_TOKEN": "x" * 12},
        "--rate-limit",
    ),
    "unreachable": (["--base-url", "http://127.0.0.1:9"], {"API_TOKEN": "x" * 12}, "cannot reach"),
    "no url": ([], {"API_TOKEN": "x" * 12}, "--base-url"),
    "bad number": (
        ["--base-url", "http://127.0.0.1:9", "--max-examples", "many"],
        {"API_TOKEN": "x" * 12},
        "--max-examples",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_cannot_run_exits_2_with_one_line(case: str) -> None:
    args, env, hint = CASES[case]
    clean = {k: v for k, v in os.environ.items() if k not in ("API_TOKEN", "PAPERSPACE_API_KEY")}
    done = subprocess.run(
        [sys.executable, "-m", "contract_tests", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and hint in lines[0], done.stderr
    assert "Traceback" not in done.stderr
