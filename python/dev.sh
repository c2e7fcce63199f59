#!/usr/bin/env bash
# Build the `parkwater` Python package and run its tests, from any directory:
#
#     bash python/dev.sh              # venv + requirements + release build + pytest
#     bash python/dev.sh -k pickle    # extra arguments go to pytest
#
# Idempotent: creates python/.venv with python3.11 when missing, installs the
# pinned test requirements (requirements-test.txt; a no-op once satisfied),
# builds the extension with maturin in release mode into the venv (cargo reuses
# the workspace's target/ and its release HiGHS build), then runs pytest.
# Needs Rust, Python 3.11 and HiGHS's build tools (cmake, a C++ compiler);
# nothing else from the system.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="$here/.venv"
python="${PARKWATER_PYTHON:-$(command -v python3.11 || command -v python3)}"

if [[ ! -x "$venv/bin/python" ]]; then
    echo "dev.sh: creating $venv with $python"
    "$python" -m venv "$venv"
fi
export VIRTUAL_ENV="$venv"
export PATH="$venv/bin:$PATH"
unset CONDA_PREFIX PYTHONHOME

python -m pip install --quiet --disable-pip-version-check -r "$here/requirements-test.txt"

cd "$here"
# `--release` so cargo reuses the workspace's release artifacts (HiGHS is a
# long C++ build); the extension is installed editable into the venv.
maturin develop --release --quiet

# The notebook test runs the venv's own kernel.
python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (parkwater)" >/dev/null

exec python -m pytest "$@"
