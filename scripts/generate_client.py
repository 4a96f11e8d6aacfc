"""Regenerate the vendored client in generated/ from openapi.yaml, or check it.

    python scripts/generate_client.py            # rewrite generated/
    python scripts/generate_client.py --check    # exit 1, naming the files, on drift

The generator always writes into a fresh temporary folder, so a stale file in
generated/ cannot survive a regeneration and the check compares like with like.
The post-hooks (ruff) listed in scripts/client/config.yaml run from the same
environment, with the versions pinned in pyproject.toml, which is what makes the
output byte-for-byte reproducible. They run after the hand-written extras are
copied in, so those are formatted and import-sorted like the generated modules.

The generator does not read the spec's `x-` extensions, so this script renders the
ones the templates need (`x-pagination`) into a Jinja file beside a copy of the
templates: the iterators of a list operation come from the spec, like the rest.
"""

from __future__ import annotations

import argparse
import dataclasses
import filecmp
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import api_spec  # noqa: E402

SPEC = ROOT / "openapi.yaml"
CONFIG = ROOT / "scripts" / "client" / "config.yaml"
TEMPLATES = ROOT / "scripts" / "client" / "templates"
# The client's hand-written modules, copied in as they are (each copy says where it came from).
EXTRAS = ROOT / "client_extras"
TEMPLATES_SHOWN = "scripts/client/templates"
TARGET = ROOT / "generated"


def _environment() -> dict[str, str]:
    # The hooks call `ruff` by name: put this environment's pinned one first.
    bin_dir = Path(sys.executable).parent
    return {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}


def _post_hooks() -> list[str]:
    hooks = yaml.safe_load(CONFIG.read_text()).get("post_hooks", [])
    return [str(hook) for hook in hooks]


def _config_without_hooks(folder: Path) -> Path:
    """A copy of the config whose hooks are empty: this script runs them after the extras."""
    settings = yaml.safe_load(CONFIG.read_text())
    settings["post_hooks"] = []
    path = folder / "config.yaml"
    path.write_text(yaml.safe_dump(settings, sort_keys=True))
    return path


def templates_with_extensions(folder: Path) -> Path:
    """A copy of the templates plus `x_pagination.jinja`, the spec's pagination extensions as data.

    Keyed by `"<method> <path>"`, which is how a template names its endpoint; each entry also
    carries the page size's bounds (`limit_minimum`, `limit_maximum`, None when unbounded).
    """
    target = folder / "templates"
    shutil.copytree(TEMPLATES, target)
    spec = api_spec.load(SPEC)
    data = {
        f"{op.method.lower()} {op.path}": _paging(op, op.pagination)
        for op in spec.paginated
        if op.pagination is not None
    }
    header = "{# Written by scripts/generate_client.py from openapi.yaml's x-pagination. #}\n"
    (target / "x_pagination.jinja").write_text(f"{header}{{% set PAGINATION = {data!r} %}}\n")
    return target


def _paging(op: api_spec.Operation, paging: api_spec.Pagination) -> dict[str, object]:
    """The operation's x-pagination, plus the bounds its schema sets on the page size: JSON
    Schema's `minimum` and `maximum`, which the generator does not pass to templates."""
    limit = op.query(paging.limit)
    bounds = {"limit_minimum": limit.minimum, "limit_maximum": limit.maximum}
    return dataclasses.asdict(paging) | bounds


def generate_into(out: Path) -> None:
    """Run openapi-python-client into `out`, which must not exist yet."""
    bin_dir = Path(sys.executable).parent
    command = [
        str(bin_dir / "openapi-python-client"),
        "generate",
        "--path",
        str(SPEC),
        "--config",
        str(_config_without_hooks(out.parent)),
        "--meta",
        "uv",
        "--output-path",
        str(out),
        "--fail-on-warning",
    ]
    command += ["--custom-template-path", str(templates_with_extensions(out.parent))]
    _run(command, cwd=out.parent, what="openapi-python-client")


def run_post_hooks(out: Path) -> None:
    for hook in _post_hooks():
        _run(shlex.split(hook), cwd=out, what=hook.split(maxsplit=1)[0])


def _run(command: list[str], *, cwd: Path, what: str) -> None:
    result = subprocess.run(command, cwd=cwd, env=_environment(), capture_output=True, text=True)
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"{what} failed with exit code {result.returncode}")


def add_extras(out: Path) -> dict[str, Path]:
    """Copy the hand-written modules the generator cannot create from a template; return
    each copy's path in the output and the source it came from.

    Custom templates can only replace files the generator already writes; new
    modules (pagination, retries, the command line) are kept in client_extras/ and
    copied in, so generated/ is still produced entirely by `make generate`. Each copy
    opens with a comment naming its source, so nobody edits the copy by mistake.
    """
    copied: dict[str, Path] = {}
    if not EXTRAS.is_dir():
        return copied
    for source in sorted(EXTRAS.rglob("*")):
        if source.is_file() and not CACHES.intersection(source.parts):
            relative = source.relative_to(EXTRAS)
            dest = out / relative
            dest.parent.mkdir(parents=True, exist_ok=True)
            text = source.read_text(encoding="utf-8")
            if source.suffix == ".py":
                text = copied_header(source) + text
            dest.write_text(text, encoding="utf-8")
            copied[relative.as_posix()] = source
    return copied


def copied_header(source: Path) -> str:
    shown = source.relative_to(ROOT).as_posix()
    return f"# Copied by `make generate` from {shown}: edit that file, not this one.\n"


def source_of(name: str) -> str:
    """The file to edit for a file of generated/: a hand-written module's own source, else the
    spec (and the templates, which shape what the generator writes from it)."""
    extra = EXTRAS / name
    if extra.is_file():
        return extra.relative_to(ROOT).as_posix()
    return f"openapi.yaml or {TEMPLATES_SHOWN}/"


# Caches that tools (python, mypy in `make lint`, ruff, pytest) leave in generated/:
# not output of the generator, so neither copied nor compared.
CACHES = frozenset({"__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache"})


def tree_files(root: Path) -> set[str]:
    return {
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_file() and not CACHES.intersection(p.parts) and not p.name.endswith(".egg-info")
    }


def differing_files(expected: Path, actual: Path) -> list[str]:
    """One line per file of `actual` that differs from `expected`, naming what to do."""
    want, have = tree_files(expected), tree_files(actual)
    changed = [
        f"{name}: edit {source_of(name)}"
        for name in sorted(want & have)
        if not filecmp.cmp(expected / name, actual / name, shallow=False)
    ]
    missing = [f"{name} (missing): made from {source_of(name)}" for name in sorted(want - have)]
    extra = [f"{name} (not produced by the spec): delete it" for name in sorted(have - want)]
    return changed + missing + extra


def build(out: Path) -> None:
    generate_into(out)
    add_extras(out)
    run_post_hooks(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare instead of rewriting")
    parser.add_argument(
        "--target", type=Path, default=TARGET, help="the folder to write or check (generated/)"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="generate-client-") as tmp:
        fresh = Path(tmp) / "generated"
        build(fresh)
        if args.check:
            diff = differing_files(fresh, args.target)
            if diff:
                print(f"{args.target} is not what openapi.yaml produces; run `make generate`.")
                print("Never edit generated/: edit the file named beside each difference.")
                print("\n".join(f"  {line}" for line in diff))
                return 1
            print(f"{args.target} matches openapi.yaml")
            return 0
        shutil.rmtree(args.target, ignore_errors=True)
        shutil.copytree(fresh, args.target)
    print(f"wrote {args.target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
