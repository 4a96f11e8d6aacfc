"""Make the repo's `mock_server` and `contract_tests` packages importable by these tests.

pytest runs with `--import-mode=importlib`, which does not put the repo root on `sys.path`.
"""

import sys
from pathlib import Path

ROOT = str(Path(__file__).resolve().parents[2])
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)
