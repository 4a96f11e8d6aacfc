"""`make conformance`: the contract suite against BASE_URL, or against the bundled mock.

With no BASE_URL the mock is started on a free loopback port with two teams, each with a
generated token, the suite runs against it with writes allowed and both tokens (so it judges
tenant isolation too), and the mock is stopped. With BASE_URL, writes only when
ALLOW_WRITES=1, and isolation only when SECOND_API_TOKEN is set. Extra arguments go to
`python -m contract_tests`. Exits with the suite's status.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mock_server.testing import running_mock  # noqa: E402


def suite(base_url: str, allow_writes: bool, extra: list[str], env: dict[str, str]) -> int:
    command = [sys.executable, "-m", "contract_tests", "--base-url", base_url, *extra]
    if allow_writes:
        command.append("--allow-writes")
    return subprocess.run(command, cwd=ROOT, env=env, check=False).returncode


def main() -> int:
    extra = sys.argv[1:]
    base_url = os.environ.get("BASE_URL", "").strip()
    if base_url:
        writes = os.environ.get("ALLOW_WRITES", "").strip() == "1"
        return suite(base_url, writes, extra, dict(os.environ))
    token, second = secrets.token_urlsafe(24), secrets.token_urlsafe(24)
    with running_mock(token=token, second_token=second) as mock:
        env = {**os.environ, "API_TOKEN": token, "SECOND_API_TOKEN": second}
        return suite(mock.base_url, True, extra, {**env, "PYTHONPATH": str(ROOT)})


if __name__ == "__main__":
    sys.exit(main())
