"""opentok_web: thin web-framework adapters for ``opentok_core.CallbackRouter``.

Framework glue lives here, above the clients (like the command line and the test helpers),
so neither the core nor a client ever imports a web framework. Each adapter imports its
framework only when called:

* ``opentok_web.flask.view(router)``: a Flask view function;
* ``opentok_web.fastapi.endpoint(router)``: a FastAPI/Starlette endpoint (async handlers
  are awaited);
* ``opentok_web.django.view(router)`` / ``async_view(router)``: a CSRF-exempt Django view,
  sync or async.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
