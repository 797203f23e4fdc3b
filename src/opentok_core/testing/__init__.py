"""Helpers for testing code that uses opentok-py: hypothesis strategies and pytest fixtures.

Install the ``testing`` extra (``pip install "opentok-py[testing]"``), which brings hypothesis and
pytest. ``import opentok_core`` never imports this package, so applications do not pay for it.

* ``opentok_core.testing.strategies``: valid session ids, credentials, token options, layouts,
  archive and broadcast options and callback payloads, for property tests of your own code.

The pytest fixtures (``opentok_emulator``, ``opentok_client``, ``opentok_async_client``,
``opentok_emulator_url``) are in ``opentok_sync.pytest_plugin``, registered with pytest by the
package's entry point.
"""

from __future__ import annotations
