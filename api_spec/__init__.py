"""openapi.yaml as Python: the one reader of the spec that the mock, the suite and the client
generator share, so none of them restates a fact of the API.

- `document`: the YAML read once, its local `$ref`s resolved.
- `schema`: flat JSON Schema objects (`ObjectSchema`, `Member`) and query `Parameter`s, with
  the checks a server applies to a request.
- `extensions`: what JSON Schema cannot say (`x-pagination`, `x-provider-rules`).
- `spec`: `Spec`, the operations with their parameters, bodies and answers; `SPEC` is the
  repository's own `openapi.yaml`, loaded on first use.
"""

from api_spec.extensions import Pagination, ProviderRules
from api_spec.schema import Member, ObjectSchema, Parameter
from api_spec.spec import SPEC, Operation, Spec, load

__all__ = [
    "SPEC",
    "Member",
    "ObjectSchema",
    "Operation",
    "Pagination",
    "Parameter",
    "ProviderRules",
    "Spec",
    "load",
]
