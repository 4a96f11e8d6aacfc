"""Contract suite: certifies a server against the container-registries spec.

Public surface:

- ``python -m contract_tests --base-url URL ...`` (see ``cli``), or
  ``pytest contract_tests --base-url URL`` (options in ``plugin``).
- ``contract_tests.violations.Violation``: what every named check raises.
"""
