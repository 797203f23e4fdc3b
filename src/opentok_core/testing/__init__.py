"""Helpers for testing code that uses opentok-py: hypothesis strategies and pytest fixtures.

Install the ``testing`` extra (``pip install "opentok-py[testing]"``), which brings hypothesis and
pytest. ``import opentok_core`` never imports this package, so applications do not pay for it.

* ``opentok_core.testing.strategies``: valid session ids, credentials, token options, layouts,
  archive and broadcast options and callback payloads, for property tests of your own code.
* ``opentok_core.testing.pytest_plugin``: the fixtures ``opentok_emulator``, ``opentok_client``
  and ``opentok_async_client`` (enable with ``pytest_plugins = [...]`` in your conftest).
"""

from __future__ import annotations
