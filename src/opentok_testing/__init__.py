"""opentok_testing: helpers for testing code that uses opentok-py.

* ``opentok_testing.clients``: ``emulated_client`` / ``emulated_async_client``, a client wired
  to a fresh emulator, in process (no sockets) or over HTTP on 127.0.0.1.
* ``opentok_testing.strategies``: hypothesis strategies for valid session ids, credentials,
  token options, layouts, archive and broadcast options and callback payloads (install the
  ``testing`` extra: ``pip install "opentok-py[testing]"``).
* ``opentok_testing.pytest_plugin``: the pytest fixtures (``opentok_emulator``,
  ``opentok_client``, ``opentok_async_client``, ``opentok_emulator_url``), registered with
  pytest by the package's ``pytest11`` entry point.

pytest imports this package for every run of every project where opentok-py is installed, so
it imports nothing itself: each helper lives in the submodule named above.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
