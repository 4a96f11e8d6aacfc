"""`make check-generated` catches a hand edit of generated/ (tested on a copy)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _check(target: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "generate_client.py"),
            "--check",
            "--target",
            str(target),
        ],
        capture_output=True,
        text=True,
        check=False,
    )


def test_drift_check_passes_on_an_exact_copy_and_names_every_edit(tmp_path: Path) -> None:
    copy = tmp_path / "generated"
    shutil.copytree(ROOT / "generated", copy, ignore=shutil.ignore_patterns("__pycache__"))
    clean = _check(copy)
    assert clean.returncode == 0, clean.stdout + clean.stderr

    edited = copy / "paperspace_client" / "models" / "error.py"
    edited.write_text(edited.read_text() + "\n# a hand edit\n")
    (copy / "paperspace_client" / "models" / "container_registry_kind.py").unlink()
    (copy / "paperspace_client" / "stray.py").write_text("x = 1\n")

    drifted = _check(copy)
    assert drifted.returncode == 1
    assert "run `make generate`" in drifted.stdout
    assert "paperspace_client/models/error.py: edit openapi.yaml" in drifted.stdout
    assert "paperspace_client/models/container_registry_kind.py (missing)" in drifted.stdout
    assert "paperspace_client/stray.py (not produced by the spec): delete it" in drifted.stdout


def test_a_hand_written_module_names_its_source(tmp_path: Path) -> None:
    """A copy of a hand-written module says where it came from, and drift in it names that
    file as the one to edit."""
    copy = tmp_path / "generated"
    shutil.copytree(ROOT / "generated", copy, ignore=shutil.ignore_patterns("__pycache__"))
    cli = copy / "paperspace_client" / "cli.py"
    source = "client_extras/paperspace_client/cli.py"
    assert cli.read_text().splitlines()[0].startswith(f"# Copied by `make generate` from {source}")
    cli.write_text(cli.read_text() + "\n# a hand edit\n")
    drifted = _check(copy)
    assert drifted.returncode == 1
    assert f"paperspace_client/cli.py: edit {source}" in drifted.stdout
