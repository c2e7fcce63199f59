"""What calling from Python adds to a solve, against the command line, on the
500x500x4 synthetic parks (the issue's yardstick).

    cargo build --release && python/.venv/bin/python python/benchmarks/cli_vs_python.py [--full] [--repeat N]

For each family (sparse and heavy reuse) the park is written once by
``parkwater bench --save``; then the median wall time of
``parkwater solve FILE --format json`` (a process: start, read, solve, print
the JSON) is compared with ``parkwater.load(FILE).solve()`` in this process
(read, encode, solve with the GIL released, decode into a Result). Both use
the same engine options (pricing auto, one HiGHS thread). ``--full`` adds the
full LP (``pricing="off"``, about half a minute per solve here). Not a test:
figures depend on the machine.
"""

from __future__ import annotations

import argparse
import subprocess
import tempfile
from pathlib import Path

import parkwater
from overhead import median_time  # same folder: one timing helper for both benchmarks

REPO = Path(__file__).resolve().parents[2]
BINARY = REPO / "target" / "release" / "parkwater"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--full", action="store_true", help="also time the full LP (pricing off)")
    parser.add_argument("--repeat", type=int, default=5, help="runs per figure (median)")
    parser.add_argument("--size", default="500x500x4")
    args = parser.parse_args()
    if not BINARY.exists():
        raise SystemExit(f"{BINARY} is missing: cargo build --release")
    print(f"{'park':<24} {'pricing':>8} {'CLI s':>9} {'Python s':>9} {'added':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for family in ("sparse", "heavy"):
            path = Path(tmp) / f"{family}.json"
            subprocess.run(
                [str(BINARY), "bench", "--size", args.size, "--family", family, "--no-solve", "--save", str(path)],
                check=True,
                capture_output=True,
            )
            for pricing in ("auto", "off") if args.full else ("auto",):
                repeat = args.repeat if pricing == "auto" else 1

                def cli() -> None:
                    subprocess.run(
                        [str(BINARY), "solve", str(path), "--format", "json", "--pricing", pricing],
                        check=True,
                        stdout=subprocess.DEVNULL,
                    )

                def python() -> None:
                    parkwater.load(path).solve(pricing=pricing)

                python()  # warm the file cache and the extension
                t_cli = median_time(cli, repeat)
                t_py = median_time(python, repeat)
                added = 100 * (t_py - t_cli) / t_cli
                print(f"{args.size + ' ' + family:<24} {pricing:>8} {t_cli:>9.3f} {t_py:>9.3f} {added:>7.1f}%")


if __name__ == "__main__":
    main()
