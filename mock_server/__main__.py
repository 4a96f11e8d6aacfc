"""`python -m mock_server`: serve the mock API."""

import sys

try:
    from mock_server.cli import main
except ImportError as error:
    # A Python without the project's dependencies: say so in one line, exit 2.
    sys.stderr.write(
        f"mock_server: cannot start ({error}); run it with the project's environment: "
        ".venv/bin/python -m mock_server, or make mock\n"
    )
    sys.exit(2)

sys.exit(main(sys.argv[1:]))
