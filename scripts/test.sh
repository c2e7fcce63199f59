#!/usr/bin/env bash
# Every test: formatting, lints, API docs, Rust unit/integration/doc tests, end-to-end
# tests, then the Python package built by maturin and its pytest suite.
# One target directory and one profile (release) for cargo and maturin, so
# HiGHS is compiled once.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --tests

echo "== cargo fmt --check"
cargo fmt --all -- --check
echo "== cargo clippy"
cargo clippy --release --workspace --all-targets -- -D warnings
echo "== cargo doc: no broken or private links in the API docs"
RUSTDOCFLAGS="-D warnings" cargo doc --release --workspace --no-deps --quiet
echo "== cargo build (release): the end-to-end tests run the parkwater binary"
cargo build --release
echo "== cargo test (release)"
cargo test --release
echo "== fuzz (proptest, bounded: 20 000 cases per target, about two minutes)"
# The execution counts are printed; a finding fails the run and its report
# (its end: the failing test's panic and minimal input) is printed from
# target/fuzz.log.
if ! PARKWATER_FUZZ_CASES=20000 cargo test --release -p parkwater-tests --test fuzz -- --nocapture \
  >target/fuzz.log 2>&1; then
  grep -E "^fuzz |^test result" target/fuzz.log || true
  echo "== fuzz finding (from target/fuzz.log)"
  tail -c 15000 target/fuzz.log
  exit 1
fi
grep -E "^fuzz |^test result" target/fuzz.log
echo "== memcheck: HiGHS's rarer warm-start paths under valgrind (about a minute)"
# Any invalid read or write fails the run; the solves are plain tests natively.
CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_RUNNER="valgrind --quiet --error-exitcode=99 --num-callers=40" \
  cargo test --release -p parkwater-tests --test memcheck
echo "== python"
python/dev.sh
