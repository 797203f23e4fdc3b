"""``python -m opentok_cli``: the ``opentok`` command."""

from __future__ import annotations

import sys

from . import main

sys.exit(main())
