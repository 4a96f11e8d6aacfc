"""The YAML document: parsed once per path, with its local `$ref`s resolved."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml

# The C parser is ten times faster; the mock and the suite start often.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@functools.cache
def read(path: Path) -> dict[str, Any]:
    """The document as YAML gives it, `$ref`s left in place."""
    data: dict[str, Any] = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    return data


def resolve(node: Any, root: dict[str, Any]) -> Any:
    """`node` with every `#/...` reference replaced by its target.

    Siblings of a `$ref` are kept and win over the target's members, as OpenAPI 3.1 allows
    (a property's own `description` next to the shared schema it points at).
    """
    if isinstance(node, dict):
        if "$ref" in node:
            target = pointer(root, node["$ref"])
            siblings = {k: v for k, v in node.items() if k != "$ref"}
            return {**resolve(target, root), **resolve(siblings, root)}
        return {key: resolve(value, root) for key, value in node.items()}
    if isinstance(node, list):
        return [resolve(item, root) for item in node]
    return node


def pointer(root: dict[str, Any], ref: str) -> Any:
    """The node a local JSON pointer (`#/components/schemas/X`) names."""
    target: Any = root
    for part in ref.removeprefix("#/").split("/"):
        target = target[part.replace("~1", "/").replace("~0", "~")]
    return target


def ref_name(node: Any) -> str | None:
    """The last segment of a `$ref` (`ContainerRegistryKind`), or None for an inline node."""
    if isinstance(node, dict) and isinstance(node.get("$ref"), str):
        return str(node["$ref"]).rsplit("/", 1)[-1]
    return None


def deref(root: dict[str, Any], node: Any) -> dict[str, Any]:
    """The raw node `node` is or points at (following `$ref`s), its own `$ref`s left in place,
    so the names of nested schemas survive."""
    while isinstance(node, dict) and "$ref" in node:
        node = pointer(root, node["$ref"])
    return node if isinstance(node, dict) else {}
