"""openapi.yaml is valid and carries every field, bound and default of the docs page."""

from __future__ import annotations

from typing import Any

import pytest
from openapi_spec_validator import validate

from . import docs_page, spec

SPEC = spec.load()
RAW = spec.load_raw()
KINDS = ["other", "dockerhub", "gcr", "ghcr", "digitalocean", "azure"]


def _defaults() -> frozenset[str]:
    params = RAW["components"]["parameters"].values()
    return frozenset(str(p["schema"]["default"]) for p in params if "default" in p["schema"])


DOC_OPERATIONS = docs_page.operations(_defaults())
OP_IDS = [f"{op.method} {op.path}" for op in DOC_OPERATIONS]


def _operation(method: str, path: str) -> dict[str, Any]:
    item: dict[str, Any] = SPEC["paths"][path]
    op: dict[str, Any] = item[method.lower()]
    return {**op, "parameters": item.get("parameters", []) + op.get("parameters", [])}


def _json_schema(content_holder: dict[str, Any]) -> dict[str, Any]:
    schema: dict[str, Any] = content_holder["content"]["application/json"]["schema"]
    return schema


def _fields(schema: dict[str, Any]) -> dict[str, bool]:
    """Property name -> required, including the properties of an array's items."""
    found = {name: name in schema.get("required", []) for name in schema["properties"]}
    for prop in schema["properties"].values():
        if prop.get("type") == "array":
            found |= _fields(prop["items"])
    return found


def test_spec_is_valid_openapi_31() -> None:
    validate(RAW)
    assert RAW["openapi"].startswith("3.1")


def test_docs_page_parses_six_operations() -> None:
    assert len(DOC_OPERATIONS) == 6


def test_spec_has_exactly_the_documented_operations() -> None:
    in_spec = {
        f"{method.upper()} {path}"
        for path, item in SPEC["paths"].items()
        for method in item
        if method in {"get", "post", "put", "delete", "patch"}
    }
    assert in_spec == set(OP_IDS)


@pytest.mark.parametrize("doc_op", DOC_OPERATIONS, ids=OP_IDS)
def test_parameters_match_docs(doc_op: docs_page.DocOperation) -> None:
    op = _operation(doc_op.method, doc_op.path)
    for where in ("query", "path"):
        documented = {f.name: f for f in doc_op.sections.get(where, [])}
        declared = {p["name"]: p for p in op["parameters"] if p["in"] == where}
        assert set(declared) == set(documented), where
        for name, doc in documented.items():
            param = declared[name]
            assert param.get("required", False) == doc.required, name
            assert param.get("description"), f"{name} has no description"
            if doc.bounds:
                bounds = (param["schema"]["minimum"], param["schema"]["maximum"])
                assert bounds == doc.bounds, name
            if doc.default is not None:
                assert param["schema"]["default"] == doc.default, name
                assert doc.default in param["schema"]["enum"], name


@pytest.mark.parametrize("doc_op", DOC_OPERATIONS, ids=OP_IDS)
def test_request_body_matches_docs(doc_op: docs_page.DocOperation) -> None:
    op = _operation(doc_op.method, doc_op.path)
    documented = {f.name: f.required for f in doc_op.sections.get("body", [])}
    if not documented:
        assert "requestBody" not in op
        return
    schema = _json_schema(op["requestBody"])
    assert _fields(schema) == documented
    assert schema["properties"]["password"].get("writeOnly") is True
    assert schema["properties"]["kind"]["enum"] == KINDS


@pytest.mark.parametrize("doc_op", DOC_OPERATIONS, ids=OP_IDS)
def test_responses_match_docs(doc_op: docs_page.DocOperation) -> None:
    op = _operation(doc_op.method, doc_op.path)
    ok = _json_schema(op["responses"]["200"])
    assert _fields(ok) == {f.name: f.required for f in doc_op.sections["200"]}
    error = _json_schema(op["responses"]["default"])
    assert _fields(error) == {f.name: f.required for f in doc_op.sections["default"]}
    assert op["security"] == [{"BearerAuth": []}]


def test_no_response_schema_contains_the_password() -> None:
    def walk(node: Any) -> None:
        if isinstance(node, dict):
            assert "password" not in node.get("properties", {})
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for item in SPEC["paths"].values():
        for op in item.values():
            if isinstance(op, dict):
                walk(op.get("responses", {}))


def test_facts_beyond_the_page_are_in_the_spec() -> None:
    schemas = SPEC["components"]["schemas"]
    assert schemas["ContainerRegistryKind"]["enum"] == KINDS
    assert schemas["ContainerRegistryPage"]["properties"]["nextPage"]["type"] == ["string", "null"]
    assert schemas["Error"]["properties"]["details"]["type"] == "object"
    assert RAW["servers"][0]["url"] == "https://api.paperspace.com/v1"
    assert RAW["components"]["securitySchemes"]["BearerAuth"]["scheme"] == "bearer"


def test_no_invented_constraints() -> None:
    """Response schemas stay open and strings carry no rule the docs do not state."""
    for name, schema in RAW["components"]["schemas"].items():
        assert schema.get("additionalProperties", True) is not False, name
        for prop_name, prop in schema.get("properties", {}).items():
            invented = {"minLength", "maxLength", "pattern"} & set(prop)
            assert not invented, f"{name}.{prop_name}: {invented}"
            assert prop.get("format") in (None, "date-time"), f"{name}.{prop_name}"


def test_links_let_stateful_testing_walk_the_api() -> None:
    created = RAW["paths"]["/container-registries"]["post"]["responses"]["200"]["links"]
    targets = {
        RAW["components"]["links"][link["$ref"].rsplit("/", 1)[1]]["operationId"]
        for link in created.values()
    }
    assert targets == {
        "getContainerRegistry",
        "updateContainerRegistry",
        "deleteContainerRegistry",
        "testContainerRegistryConnection",
    }
    listed = RAW["paths"]["/container-registries"]["get"]["responses"]["200"]["links"]
    assert listed["NextPage"]["parameters"] == {"after": "$response.body#/nextPage"}
