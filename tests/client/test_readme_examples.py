"""The client's own guide (generated/README.md, from the generator's template) runs as written.

Its ```python blocks run in order, in one fresh interpreter, with PAPERSPACE_API_KEY and
PAPERSPACE_API_URL pointing at the real mock; its shell examples of the command line are
checked against the command's own help.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

from paperspace_client.cli import build_parser

from mock_server.testing import running_mock

from .support import write_seed

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "generated" / "README.md"
PYTHON_BLOCK = re.compile(r"^```python\n(.*?)^```$", re.MULTILINE | re.DOTALL)
SYNOPSIS = "paperspace-registries [--version] [--api-url URL] [--json] COMMAND"
FLAG = re.compile(r"--[a-z][a-z-]*")


def python_blocks() -> list[str]:
    return PYTHON_BLOCK.findall(GUIDE.read_text())


def test_the_guide_stands_alone() -> None:
    text = GUIDE.read_text()
    assert "README" not in text.replace("README.md", "")  # no pointer to another guide
    sections = (
        "## Install or vendor it",
        "## Authenticate",
        "## Handle errors",
        "## Retries and timeouts",
        "## Forward compatibility",
        "paperspace-registries",
    )
    for topic in sections:
        assert topic in text, topic


def test_the_guide_opens_with_one_sentence_of_its_own() -> None:
    title, opening, *_ = GUIDE.read_text().split("\n\n")
    sentence = " ".join(opening.split())
    assert title.startswith("# ")
    assert "A client library for accessing" not in GUIDE.read_text()  # the generator's default
    assert sentence.endswith(".") and ". " not in sentence, sentence


def test_the_guide_has_an_example_for_each_topic() -> None:
    code = "".join(python_blocks())
    topics = (
        "from_env",
        "iter_items",
        "aiter_items",
        "create_container_registry",
        "test_container_registry_connection",
        "errors.NotFoundError",
        "RetryPolicy",
    )
    for topic in topics:
        assert topic in code, topic


def test_examples_run_as_written(tmp_path: Path) -> None:
    code = "\n".join(python_blocks())
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
    assert "not reachable:" in result.stdout  # the mock does not connect to ghcr.io
    assert "404 NOT_FOUND" in result.stdout
    assert "reg-0" in result.stdout


def test_the_front_page_example_runs(tmp_path: Path) -> None:
    """README.md's example of the client, against the mock as the README says to point it."""
    code = "\n".join(PYTHON_BLOCK.findall((ROOT / "README.md").read_text()))
    with running_mock(token="mock-development-token") as mock:
        env = {**os.environ, "PAPERSPACE_API_KEY": mock.token, "PAPERSPACE_API_URL": mock.base_url}
        result = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
        )
    assert result.returncode == 0, result.stderr
    assert "404 NOT_FOUND" in result.stdout and "team-images" in result.stdout


def options(parser: argparse.ArgumentParser) -> set[str]:
    """The long flags a parser defines, but --help, which every one has."""
    return {
        flag
        for action in parser._actions
        if not isinstance(action, argparse._HelpAction)
        for flag in action.option_strings
        if flag.startswith("--")
    }


def commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    (subparsers,) = (a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(subparsers.choices)


def test_the_synopsis_lists_every_option_the_parser_defines() -> None:
    """Read off the parser: a flag added to the command (or to the spec) fails this until the
    guide names it, and the guide cannot name a flag the command lacks."""
    parser = build_parser()
    lines = GUIDE.read_text().split(SYNOPSIS)[1].split("```")[0].strip().splitlines()
    in_guide = {line.split()[0]: set(FLAG.findall(line)) for line in lines}
    top = options(parser)
    assert set(FLAG.findall(SYNOPSIS)) == top
    assert set(in_guide) == set(commands(parser))
    for name, command in commands(parser).items():
        # The global flags are accepted after the command too; the synopsis names them once.
        assert in_guide[name] == options(command) - top, name


def test_the_command_synopsis_matches_its_help() -> None:
    synopsis = GUIDE.read_text().split(SYNOPSIS)[1]
    help_text = subprocess.run(
        [sys.executable, "-m", "paperspace_client", "--help"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for command in ("list", "get", "create", "update", "delete", "test"):
        assert f"\n  {command} " in synopsis and command in help_text, command
