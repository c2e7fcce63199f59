"""The `.pyi` stubs match the compiled module, and the package type-checks."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import PYTHON_DIR


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args],
        cwd=PYTHON_DIR,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.mark.slow
def test_stubtest_extension_module() -> None:
    """Every function of `_parkwater` is in the stub with the runtime's signature, and
    the stub names nothing the module lacks."""
    done = run("mypy.stubtest", "parkwater._parkwater")
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.slow
def test_mypy_strict_on_the_package() -> None:
    done = run("mypy", "--strict", "-p", "parkwater")
    assert done.returncode == 0, done.stdout + done.stderr
