#!/usr/bin/env bash
# Every test: formatting, lints, Rust unit/integration/doc tests, end-to-end
# tests, then the Python package built by maturin and its pytest suite.
# One target directory and one profile (release) for cargo and maturin, so
# HiGHS is compiled once.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

echo "== cargo fmt --check"
cargo fmt --all -- --check
echo "== cargo clippy"
cargo clippy --release --workspace --all-targets -- -D warnings
echo "== cargo test (release)"
cargo test --release
echo "== python"
python/dev.sh
