#!/usr/bin/env bash
# Installs what a fresh Debian/Ubuntu machine with only Rust and Python 3.11
# lacks to build parkwater: HiGHS is compiled from C++ source by highs-sys,
# which needs cmake, a C++ compiler and libclang (for bindgen). With --tests,
# also what the tests need: chromium and valgrind.
set -euo pipefail

need=()
command -v cmake >/dev/null 2>&1 || need+=(cmake)
command -v c++ >/dev/null 2>&1 || need+=(g++)
command -v clang >/dev/null 2>&1 || need+=(clang)
ls /usr/lib/llvm-*/lib/libclang*.so* >/dev/null 2>&1 || ls /usr/lib/x86_64-linux-gnu/libclang*.so* >/dev/null 2>&1 || need+=(libclang-dev)
python3 -c "import venv, ensurepip" >/dev/null 2>&1 || need+=(python3-venv)
if [ "${1:-}" = "--tests" ]; then
    # Headless Chromium opens the HTML park reports in the end-to-end browser tests
    # (tests/tests/report_browser.rs); Debian's package, no browser download of its own.
    command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || need+=(chromium)
    # Valgrind checks HiGHS's memory on the warm-start paths (tests/tests/memcheck.rs).
    command -v valgrind >/dev/null 2>&1 || need+=(valgrind)
fi

if [ ${#need[@]} -gt 0 ]; then
    echo "setup: installing ${need[*]}" >&2
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi
