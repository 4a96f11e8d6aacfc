"""The operations of the spec, with their parameters, bodies, answers and extensions."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from api_spec.document import deref, read, ref_name, resolve
from api_spec.extensions import Pagination, ProviderRules
from api_spec.schema import ObjectSchema, Parameter

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "openapi.yaml"
METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
JSON = "application/json"


def _named_schema(node: Any, root: dict[str, Any], fallback: str) -> ObjectSchema:
    """The object schema `node` describes, named after its `$ref` when it has one."""
    return ObjectSchema.from_schema(ref_name(node) or fallback, resolve(node, root))


def _json_schema_node(holder: Mapping[str, Any]) -> Any:
    return (holder.get("content") or {}).get(JSON, {}).get("schema")


@dataclass(frozen=True)
class Operation:
    operation_id: str
    method: str  # upper case
    path: str  # the spec's template, e.g. /container-registries/{id}
    parameters: Mapping[str, Parameter]
    body: ObjectSchema | None
    answer: ObjectSchema | None  # the JSON body of the 2xx answer
    statuses: tuple[str, ...]  # documented response keys: "200", "400", "default"...
    pagination: Pagination | None
    # The items' schema, for a list operation.
    item: ObjectSchema | None

    @property
    def label(self) -> str:
        """`GET /container-registries/{id}`: how reports name the operation."""
        return f"{self.method} {self.path}"

    @property
    def path_parameters(self) -> tuple[str, ...]:
        return tuple(n for n, p in self.parameters.items() if p.location == "path")

    def query(self, name: str) -> Parameter:
        parameter = self.parameters[name]
        if parameter.location != "query":
            raise KeyError(f"{name} is not a query parameter of {self.label}")
        return parameter

    def url_path(self, **values: str) -> str:
        """The path with its parameters filled in (not encoded: callers pass safe values)."""
        path = self.path
        for name in self.path_parameters:
            path = path.replace("{" + name + "}", values[name])
        return path


@dataclass(frozen=True)
class Spec:
    path: Path
    document: Mapping[str, Any]
    operations: Mapping[str, Operation]
    provider_rules: ProviderRules | None

    def operation(self, operation_id: str) -> Operation:
        try:
            return self.operations[operation_id]
        except KeyError:
            raise KeyError(f"{self.path.name} has no operation {operation_id!r}") from None

    def by_label(self, label: str) -> Operation:
        for operation in self.operations.values():
            if operation.label == label:
                return operation
        raise KeyError(f"{self.path.name} has no operation {label!r}")

    @property
    def paginated(self) -> tuple[Operation, ...]:
        return tuple(op for op in self.operations.values() if op.pagination is not None)

    @property
    def resource(self) -> ObjectSchema:
        """The schema of the items the first paginated list answers with: the API's resource."""
        for operation in self.paginated:
            if operation.item is not None:
                return operation.item
        raise KeyError(f"{self.path.name} has no paginated list to name its resource")

    @property
    def kinds(self) -> tuple[Any, ...]:
        """The values of the member the provider rules are keyed by (`kind`)."""
        if self.provider_rules is None:
            return ()
        member = self.resource.members.get(self.provider_rules.kind_member)
        return member.enum or () if member is not None else ()


def _parameters(
    root: dict[str, Any], path_item: Mapping[str, Any], op: Mapping[str, Any]
) -> dict[str, Parameter]:
    nodes = list(path_item.get("parameters", [])) + list(op.get("parameters", []))
    parameters = (Parameter.from_spec(resolve(node, root)) for node in nodes)
    return {parameter.name: parameter for parameter in parameters}


def _answer_node(op: Mapping[str, Any], root: dict[str, Any]) -> Any:
    for status, response in (op.get("responses") or {}).items():
        if str(status).startswith("2"):
            return _json_schema_node(deref(root, response))
    return None


def _item_schema(
    answer_node: Any, pagination: Pagination, root: dict[str, Any]
) -> ObjectSchema | None:
    page = resolve(answer_node, root) if answer_node is not None else {}
    results = (page.get("properties") or {}).get(pagination.results, {})
    raw_page = deref(root, answer_node)
    raw_items = ((raw_page.get("properties") or {}).get(pagination.results) or {}).get("items")
    if not results.get("items"):
        return None
    return ObjectSchema.from_schema(ref_name(raw_items) or pagination.results, results["items"])


def _operation(
    root: dict[str, Any], path: str, method: str, path_item: Mapping[str, Any]
) -> Operation:
    op: Mapping[str, Any] = path_item[method]
    body_node = _json_schema_node(op.get("requestBody") or {})
    answer_node = _answer_node(op, root)
    extension = op.get("x-pagination")
    pagination = Pagination.from_extension(extension) if extension else None
    name = str(op["operationId"])
    return Operation(
        operation_id=name,
        method=method.upper(),
        path=path,
        parameters=_parameters(root, path_item, op),
        body=_named_schema(body_node, root, f"{name}Body") if body_node is not None else None,
        answer=_named_schema(answer_node, root, f"{name}Answer")
        if answer_node is not None
        else None,
        statuses=tuple(str(status) for status in op.get("responses", {})),
        pagination=pagination,
        item=_item_schema(answer_node, pagination, root) if pagination else None,
    )


def _provider_rules(root: dict[str, Any]) -> ProviderRules | None:
    schemas: Mapping[str, Any] = (root.get("components") or {}).get("schemas") or {}
    for name, schema in schemas.items():
        extension = schema.get("x-provider-rules")
        if extension is None:
            continue
        # The member that names the kind is the body member whose schema is this one.
        for other in schemas.values():
            for member, node in (other.get("properties") or {}).items():
                if ref_name(node) == name:
                    return ProviderRules.from_extension(member, extension)
    return None


@functools.cache
def load(path: Path = DEFAULT_PATH) -> Spec:
    """The spec at `path`, read and built once per process."""
    root = read(path)
    operations = {
        operation.operation_id: operation
        for spec_path, path_item in (root.get("paths") or {}).items()
        for method in METHODS
        if method in path_item
        for operation in [_operation(root, spec_path, method, path_item)]
    }
    return Spec(
        path=path, document=root, operations=operations, provider_rules=_provider_rules(root)
    )


SPEC = load()
