"""Load test: public pages under gunicorn, as a ratio to a baseline in the same run.

Absolute numbers depend on the machine; the ratio to /healthz (one tiny
Django view with one query, through the same middleware) says how much a
page costs on top of the framework. Run with `make bench`.

    python scripts/bench.py [--duration 10] [--connections 16] [--workers 2]
"""

import argparse
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts.production_server import ProductionServer  # noqa: E402

BASELINE = "/healthz"
PATHS = [
    "/nl/",
    "/fr/instituts-regionaux/",
    "/nl/toegankelijkheid/",
    "/nl/instituten/",
    "/nl/instituten/zoeken/?postcode=9040",
]


def wrk(url, duration, connections):
    result = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    )
    output = result.stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = re.search(r"50%\s+([\d.]+\w+)", output).group(1)
    p99 = re.search(r"99%\s+([\d.]+\w+)", output).group(1)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": rate,
        "p50": p50,
        "p99": p99,
        "non_2xx": int(errors.group(1)) if errors else 0,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--output", default="bench-results/latest.json")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is needed: apt-get install wrk")

    results = {}
    with ProductionServer(workers=args.workers) as server:
        for path in [BASELINE, *PATHS]:
            results[path] = wrk(server.url + path, args.duration, args.connections)
    baseline = results[BASELINE]["rps"]
    print(f"{'path':45} {'req/s':>9} {'ratio':>7} {'p50':>9} {'p99':>9} {'non-2xx':>8}")
    for path, row in results.items():
        row["ratio_to_baseline"] = round(row["rps"] / baseline, 3)
        print(
            f"{path:45} {row['rps']:9.1f} {row['ratio_to_baseline']:7.2f} "
            f"{row['p50']:>9} {row['p99']:>9} {row['non_2xx']:8d}"
        )
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
