"""openapi.yaml loaded with its local `$ref`s resolved, for the foundation tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

SPEC_PATH = Path(__file__).resolve().parents[2] / "openapi.yaml"


def load_raw() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
    return data


def resolve(node: Any, root: dict[str, Any]) -> Any:
    """Follow `#/...` references (siblings of `$ref` are kept, as OpenAPI 3.1 allows)."""
    if isinstance(node, dict):
        if "$ref" in node:
            target: Any = root
            for part in node["$ref"].removeprefix("#/").split("/"):
                target = target[part.replace("~1", "/").replace("~0", "~")]
            siblings = {k: v for k, v in node.items() if k != "$ref"}
            return {**resolve(target, root), **resolve(siblings, root)}
        return {key: resolve(value, root) for key, value in node.items()}
    if isinstance(node, list):
        return [resolve(item, root) for item in node]
    return node


def load() -> dict[str, Any]:
    raw = load_raw()
    resolved: dict[str, Any] = resolve(raw, raw)
    return resolved
