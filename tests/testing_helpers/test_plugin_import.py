"""pytest loads opentok_testing.pytest_plugin (entry point pytest11) in every run of every project
where opentok-py is installed: loading it must import none of the SDK until a fixture runs."""

from __future__ import annotations

import subprocess
import sys


def test_loading_the_pytest_plugin_imports_nothing_of_the_sdk() -> None:
    code = (
        "import sys, opentok_testing.pytest_plugin\n"
        "heavy = ('opentok_core', 'opentok_sync', 'opentok_async', 'urllib3', 'httpx',"
        " 'cryptography', 'attrs')\n"
        "print(sorted(m for m in heavy if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_package_still_exports_its_names_on_first_use() -> None:
    import opentok_sync

    assert opentok_sync.Client.__name__ == "Client"
    assert {n for n in opentok_sync.__all__ if getattr(opentok_sync, n, None) is None} == set()
