"""The long fuzzing run: schemathesis against every operation of the OpenAPI schema, with the
coverage phase (every boundary value of every field) and many random examples per operation.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> \
        .venv/bin/python bench/security_fuzz_api.py [--examples 300]

It runs the suite's fuzz test (tests/security/test_api_fuzz.py) with the bounds lifted, against a
test database of its own (``bench_fuzz``), and prints the operations, the time and the outcome.
A failure prints schemathesis' reproduction (a curl command) of the request that broke.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--examples", type=int, default=300, help="random examples per operation")
    args = parser.parse_args()
    env = {
        **os.environ,
        "API_FUZZ_EXAMPLES": str(args.examples),
        "API_FUZZ_COVERAGE": "1",
        "TEST_DB_NAME": "bench_fuzz",
        "DJANGO_SETTINGS_MODULE": "congress.settings.test",
    }
    started = time.monotonic()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "--create-db",
            "-q",
            "tests/security/test_api_fuzz.py",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.monotonic() - started
    summary = [line for line in result.stdout.splitlines() if re.search(r"\d+ (passed|failed)", line)]
    print(f"examples per operation {args.examples} (+ coverage phase); {elapsed:.0f} s")
    print(summary[-1] if summary else result.stdout[-2000:])
    if result.returncode != 0:
        print(result.stdout[-6000:])
    print("HELD" if result.returncode == 0 else "FAILED")


if __name__ == "__main__":
    main()
