"""Which handler a request's method and path reach.

Paths are matched segment by segment against the spec's templates: `{name}` takes one
non-empty segment (percent-decoded), anything else must be equal. A path split as it comes
matches nothing with an extra slash (`/container-registries/`).
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import unquote

from reference_server.errors import MethodNotAllowed, NotFound
from reference_server.operations import Handler

Template = tuple[str, ...]


def _segments(path: str) -> Template:
    return tuple(path.split("/")[1:]) if path.startswith("/") else ("",)


def _fit(template: Template, segments: Template) -> dict[str, str] | None:
    """The path parameters when `segments` fit `template`, else None."""
    if len(template) != len(segments):
        return None
    params: dict[str, str] = {}
    for want, got in zip(template, segments, strict=True):
        if want[:1] == "{" and want[-1:] == "}":
            if not got:
                return None
            params[want[1:-1]] = unquote(got)
        elif want != got:
            return None
    return params


class Router:
    def __init__(self, handlers: Mapping[str, Mapping[str, Handler]], base_path: str) -> None:
        self._base_path = base_path  # for messages only: paths come without it
        self._table = [(_segments(path), methods) for path, methods in handlers.items()]

    def find(self, method: str, path: str) -> tuple[Handler, dict[str, str]]:
        """The handler and path parameters for `method` on `path` (relative to the base
        path); 404 for a path of no operation, 405 naming the allowed methods."""
        segments = _segments(path)
        for template, methods in self._table:
            params = _fit(template, segments)
            if params is None:
                continue
            if method not in methods:
                allow = ", ".join(methods)
                raise MethodNotAllowed(
                    f"{method} is not supported here; use {allow}", headers={"Allow": allow}
                )
            return methods[method], params
        raise NotFound(f"No route {self._base_path}{path}")
