"""Runs wrk (Debian's, installed by scripts/bootstrap-system.sh) against one
URL and reads its report."""

import re
import subprocess
from pathlib import Path

SCRIPT = Path(__file__).with_name("report.lua")
UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * UNITS_MS[unit]


def parse(output: str) -> dict:
    """wrk's report (with --latency, and -s report.lua for the `bench:` line)
    as numbers: rps, p50_ms, p95_ms, p99_ms, mean_ms, requests, non_2xx,
    socket_errors. p95 comes only from the `bench:` line; without it, None."""
    result = {
        "rps": float(re.search(r"^Requests/sec:\s+([\d.]+)", output, re.M).group(1)),
        "requests": int(re.search(r"^\s*(\d+) requests in", output, re.M).group(1)),
        # wrk counts a status of 400 or more here; 3xx are checked by the runner.
        "non_2xx": 0,
        "socket_errors": 0,
        "p50_ms": None,
        "p95_ms": None,
        "p99_ms": None,
        "mean_ms": None,
    }
    if match := re.search(r"^\s*Non-2xx or 3xx responses:\s+(\d+)", output, re.M):
        result["non_2xx"] = int(match.group(1))
    if match := re.search(r"^\s*Socket errors: (.*)$", output, re.M):
        result["socket_errors"] = sum(int(n) for n in re.findall(r"\d+", match.group(1)))
    for percentile in (50, 99):
        if match := re.search(rf"^\s*{percentile}%\s+([\d.]+(?:us|ms|s|m))\s*$", output, re.M):
            result[f"p{percentile}_ms"] = _ms(match.group(1))
    if match := re.search(r"^bench: (.*)$", output, re.M):
        line = dict(pair.split("=") for pair in match.group(1).split())
        for key in ("p50", "p95", "p99", "mean"):
            result[f"{key}_ms"] = int(line[f"{key}_us"]) / 1000
        result["non_2xx"] = int(line["status_errors"])
        result["socket_errors"] = sum(
            int(line[key]) for key in ("timeouts", "connect_errors", "read_errors", "write_errors")
        )
    return result


def run(url: str, *, seconds: int, connections: int = 8, threads: int = 2, timeout_s: int = 10) -> dict:
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        f"--timeout={timeout_s}s",
        "--latency",
        "-s",
        str(SCRIPT),
        url,
    ]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return parse(output)
