"""`python -m contract_tests`: see `contract_tests.cli`."""

import sys

try:
    from contract_tests.cli import main
except ImportError as error:
    # A Python without the project's dependencies: say so in one line, exit 2 (no run made).
    sys.stderr.write(
        f"contract_tests: cannot start ({error}); run it with the project's environment: "
        ".venv/bin/python -m contract_tests, or make conformance\n"
    )
    sys.exit(2)

sys.exit(main())
