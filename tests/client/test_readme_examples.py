"""The README's "Using the client" examples run as written against the mock.

Reads the section from README.md and runs its ```python blocks in order, in one
fresh interpreter, with PAPERSPACE_API_KEY and PAPERSPACE_API_URL pointing at the mock.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from mock_server.testing import running_mock

from .support import write_seed

ROOT = Path(__file__).resolve().parents[2]
HEADING = "## Using the client"
PYTHON_BLOCK = re.compile(r"^```python\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def section() -> str:
    text = (ROOT / "README.md").read_text()
    start = text.index(HEADING) + len(HEADING)
    end = text.find("\n## ", start)
    return text[start:] if end == -1 else text[start:end]


def test_the_section_has_an_example_for_each_topic() -> None:
    text = section()
    for topic in ("from_env", "iter_items", "create_container_registry", "errors.", "RetryPolicy"):
        assert topic in "".join(PYTHON_BLOCK.findall(text)), topic


def test_examples_run_as_written(tmp_path: Path) -> None:
    code = "\n".join(PYTHON_BLOCK.findall(section()))
    seed = tmp_path / "seed.json"
    write_seed(seed, 3)
    with running_mock("--seed-file", str(seed), token="readme-token") as mock:
        env = {
            **os.environ,
            "PAPERSPACE_API_KEY": mock.token,
            "PAPERSPACE_API_URL": mock.base_url,
        }
        result = subprocess.run(
            [sys.executable, "-c", code],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    assert result.returncode == 0, result.stderr
    assert "deleted team-images" in result.stdout
    assert "404 NOT_FOUND" in result.stdout
    assert "reg-0" in result.stdout
