"""`python -m mock_server`: serve the mock API."""

import sys

from mock_server.cli import main

sys.exit(main(sys.argv[1:]))
