"""Helpers for testing code that uses opentok-py: hypothesis strategies and pytest fixtures.

Install the ``testing`` extra (``pip install "opentok-py[testing]"``), which brings hypothesis and
pytest. ``import opentok_core`` never imports this package, so applications do not pay for it.

* ``opentok_core.testing.strategies``: valid session ids, credentials, token options, and more,
  for property tests of your own code.
"""

from __future__ import annotations
