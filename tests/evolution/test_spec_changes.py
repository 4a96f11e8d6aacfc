"""A change to the API is an edit of openapi.yaml and `make generate`, and nothing else.

Each test applies one change to a copy of the project, editing only its openapi.yaml, runs
`make generate` there, and shows that the copy follows: its mock accepts and keeps what the
new spec allows and refuses what it does not, its generated client has the change, its suite
passes against its mock, and its suite run against the unchanged mock fails on the check
that names the difference. `make generate` touches nothing outside generated/.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from mock_server.testing import RunningMock, running_mock
from tests.contract.support import FAST, Outcome

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "evolution-token"
USERNAME_MEMBER = """        username:
          type: string
          description: >-
            A username for the container registry. See
            https://docs.digitalocean.com/products/container-registry/.
"""
DESCRIPTION_MEMBER = """        description:
          type: string
          description: A note about the registry, for the people who use it.
"""


def raise_limit(spec: str) -> str:
    return replaced(
        spec,
        "        minimum: 1\n        maximum: 120\n",
        "        minimum: 1\n        maximum: 200\n",
    )


def add_kind(spec: str) -> str:
    return replaced(
        spec,
        "enum: [other, dockerhub, gcr, ghcr, digitalocean, azure]",
        "enum: [other, dockerhub, gcr, ghcr, digitalocean, azure, quay]",
    )


def add_description(spec: str) -> str:
    """An optional `description` on the registry and on both request bodies."""
    assert spec.count(USERNAME_MEMBER) == 3, "the spec's username members moved"
    return spec.replace(USERNAME_MEMBER, USERNAME_MEMBER + DESCRIPTION_MEMBER)


def replaced(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"expected exactly one {old!r} in openapi.yaml"
    return text.replace(old, new)


def project_copy(destination: Path) -> Path:
    """The project's files (tracked or not ignored) in a fresh git repository, sharing this
    checkout's environment."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT, capture_output=True, check=True,
    ).stdout.decode().split("\0")  # fmt: skip
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            target = destination / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    for shared in (".venv", ".tools"):
        (destination / shared).symlink_to(ROOT / shared)
    git = ["git", "-c", "user.email=t@example.test", "-c", "user.name=test"]
    subprocess.run([*git, "init", "-q"], cwd=destination, check=True)
    subprocess.run([*git, "add", "-A"], cwd=destination, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "copy"], cwd=destination, check=True)
    return destination


def evolve(tmp_path: Path, change: Callable[[str], str]) -> Path:
    """A copy of the project with `change` applied to its openapi.yaml and `make generate` run."""
    copy = project_copy(tmp_path / "project")
    spec = copy / "openapi.yaml"
    spec.write_text(change(spec.read_text()))
    # The environment is this checkout's: it is up to date, so make must not re-install it.
    subprocess.run(
        ["make", "-o", ".venv/.installed", "generate"],
        cwd=copy, check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    changed = subprocess.run(
        ["git", "status", "--porcelain"], cwd=copy, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    outside = [line for line in changed if not line[3:].startswith(("generated/", "openapi.yaml"))]
    assert not outside, f"make generate touched files outside generated/: {outside}"
    return copy


def client_has(copy: Path, expression: str) -> bool:
    """Whether `expression` is true of the copy's generated client (and false of this one's)."""
    code = (
        "import paperspace_client, paperspace_client.models as models\n"
        f"assert paperspace_client.__file__.startswith({str(copy)!r})\n"
        f"print(bool({expression}))"
    )
    env = {**os.environ, "PYTHONPATH": str(copy / "generated")}
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    import paperspace_client.models as models  # this checkout's client, for contrast

    return done.stdout.strip() == "True" and not eval(expression, {"models": models})


def suites(copy: Path, tmp_path: Path, differs: str) -> tuple[Outcome, Outcome]:
    """The copy's suite against the copy's mock (every check), then against the unchanged mock
    (only the check that names the difference, `differs`)."""
    with running_mock(token=TOKEN, root=copy) as mock:
        new = run_copy_suite(copy, mock, tmp_path / "new")
    with running_mock(token=TOKEN, root=ROOT) as mock:
        old = run_copy_suite(copy, mock, tmp_path / "old", "--checks", differs)
    return new, old


def run_copy_suite(copy: Path, mock: RunningMock, workdir: Path, *args: str) -> Outcome:
    env = {**os.environ, "PYTHONPATH": str(copy)}
    command = [sys.executable, "-m", "contract_tests", "--base-url", mock.base_url]
    workdir.mkdir(parents=True)
    done = subprocess.run(
        [*command, "--allow-writes", *FAST, "--report-json", str(workdir / "report.json"),
         "--ledger", str(workdir / "ledger.jsonl"), *args],
        cwd=copy, env={**env, "API_TOKEN": TOKEN}, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    report = workdir / "report.json"
    import json

    parsed = json.loads(report.read_text()) if report.exists() else {}
    return Outcome(done.returncode, done.stdout + done.stderr, done.stdout, parsed)


def api(mock: RunningMock) -> httpx.Client:
    return httpx.Client(base_url=mock.base_url, headers={"Authorization": f"Bearer {mock.token}"})


BODY = {
    "name": "n",
    "namespace": "ns",
    "url": "u.example.test",
    "username": "u",
    "password": "p" * 10,
}


def test_a_larger_page_size(tmp_path: Path) -> None:
    copy = evolve(tmp_path, raise_limit)
    listed = subprocess.run(
        [sys.executable, "-m", "paperspace_client", "list", "--help"],
        env={**os.environ, "PYTHONPATH": str(copy / "generated")},
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert "page size, 1 to 200" in " ".join(listed.split())  # the command's help follows
    with running_mock(token=TOKEN, root=copy) as mock, api(mock) as http:
        assert http.get("/container-registries", params={"limit": 200}).status_code == 200
        assert http.get("/container-registries", params={"limit": 201}).status_code == 400
    new, old = suites(copy, tmp_path, "valid_input_accepted")
    assert new.status == 0, new.output
    assert old.status == 1 and "valid_input_accepted" in old.failed_checks, old.output


def test_a_new_kind(tmp_path: Path) -> None:
    copy = evolve(tmp_path, add_kind)
    assert client_has(copy, "models.ContainerRegistryKind('quay').is_known")
    with running_mock(token=TOKEN, root=copy) as mock, api(mock) as http:
        created = http.post("/container-registries", json={**BODY, "kind": "quay"})
        assert created.status_code == 200, created.text
        assert http.get(f"/container-registries/{created.json()['id']}").json()["kind"] == "quay"
        assert http.post("/container-registries", json={**BODY, "kind": "quai"}).status_code == 400
    new, old = suites(copy, tmp_path, "update_accepted")
    assert new.status == 0, new.output
    assert old.status == 1 and "update_accepted" in old.failed_checks, old.output


def test_a_new_optional_member(tmp_path: Path) -> None:
    copy = evolve(tmp_path, add_description)
    assert client_has(copy, "'description' in models.ContainerRegistry.__annotations__")
    assert client_has(
        copy, "'description' in models.UpdateContainerRegistryRequest.__annotations__"
    )
    with running_mock(token=TOKEN, root=copy) as mock, api(mock) as http:
        created = http.post("/container-registries", json={**BODY, "description": "builds"}).json()
        assert created["description"] == "builds"
        path = f"/container-registries/{created['id']}"
        assert http.put(path, json={"description": "releases"}).json()["description"] == "releases"
        assert http.get(path).json()["description"] == "releases"
        assert http.put(path, json={"description": 7}).status_code == 400
    new, old = suites(copy, tmp_path, "create_persists")
    assert new.status == 0, new.output
    assert old.status == 1 and "create_persists" in old.failed_checks, old.output


@pytest.fixture(autouse=True)
def _make_available() -> None:
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
