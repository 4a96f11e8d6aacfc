"""`python -m contract_tests`: see `contract_tests.cli`."""

import sys

from contract_tests.cli import main

sys.exit(main())
