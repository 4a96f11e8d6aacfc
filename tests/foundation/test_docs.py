"""The documentation stays true: the tables read off the code are current, every link
resolves, and the front page stays a front page."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from contract_tests.wire.redaction import REDACTED

ROOT = Path(__file__).resolve().parents[2]
LINK = re.compile(r"\]\(([^)#]+)(#[^)]*)?\)")
PAGES = [
    ROOT / "README.md",
    *sorted((ROOT / "docs").glob("*.md")),
    ROOT / "generated" / "README.md",
]


def test_the_tables_read_off_the_code_are_current() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "render_docs.py"), "--check"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr


def test_every_relative_link_resolves() -> None:
    broken = []
    for page in PAGES:
        for target, _ in LINK.findall(page.read_text()):
            if "://" not in target and not (page.parent / target).exists():
                broken.append(f"{page.relative_to(ROOT)} -> {target}")
    assert not broken, broken


def test_the_readme_links_every_reference_page() -> None:
    readme = (ROOT / "README.md").read_text()
    for page in sorted((ROOT / "docs").glob("*.md")):
        assert f"docs/{page.name}" in readme, page.name


def test_the_readme_is_a_front_page() -> None:
    assert len((ROOT / "README.md").read_text().splitlines()) <= 300


def test_the_redaction_word_in_the_docs_is_the_codes() -> None:
    """The docs name what a report shows for a password: the word the code writes."""
    page = (ROOT / "docs" / "live-api.md").read_text()
    named = re.findall(r"passwords `([^`]+)`", page)
    assert named and set(named) == {REDACTED}, named
