#!/usr/bin/env bash
# The main job: optimize the bundled demo park and print KPIs and flows.
# Extra arguments go to `parkwater solve` (e.g. --format json).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cargo build --release -q -p parkwater-cli
exec target/release/parkwater solve scenarios/lianyungang-demo.toml "$@"
