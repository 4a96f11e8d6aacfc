"""Make the repo's `mock_server` package importable by these tests.

pytest runs with `--import-mode=importlib`, which does not put the repo root on
`sys.path`, and `mock_server/` is not an installed package. (A `pythonpath = ["."]`
in pytest's config would make this file unnecessary.)
"""

import sys
from pathlib import Path

ROOT = str(Path(__file__).resolve().parents[2])
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)
