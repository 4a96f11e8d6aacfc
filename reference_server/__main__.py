"""`python -m reference_server`: serve the API from http.server."""

import sys

from reference_server.cli import main

sys.exit(main(sys.argv[1:]))
