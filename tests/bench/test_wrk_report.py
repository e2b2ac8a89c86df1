import pytest

from bench.wrk import parse

# wrk 4.1.0 (Debian) with --latency and -s bench/report.lua, trimmed.
REPORT = """\
Running 5s test @ http://127.0.0.1:44779/ar/plans/scale-test/ideas/
  2 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     2.91s   687.12ms   4.38s    70.00%
    Req/Sec     0.50      0.71     2.00     80.00%
  Latency Distribution
     50%    3.25s
     75%    3.41s
     90%    4.03s
     99%    4.38s
  10 requests in 5.02s, 178.45KB read
  Socket errors: connect 0, read 0, write 0, timeout 1
  Non-2xx or 3xx responses: 2
Requests/sec:      1.99
Transfer/sec:     35.54KB
bench: requests=10 duration_us=5021532 p50_us=3248211 p95_us=4034295 p99_us=4381243 mean_us=2913004 \
max_us=4381243 status_errors=2 timeouts=1 connect_errors=0 read_errors=0 write_errors=0
"""


def test_it_reads_the_report_line_of_the_lua_script():
    result = parse(REPORT)
    assert result["rps"] == 1.99
    assert result["requests"] == 10
    assert result["p50_ms"] == pytest.approx(3248.211)
    assert result["p95_ms"] == pytest.approx(4034.295)
    assert result["p99_ms"] == pytest.approx(4381.243)
    assert result["non_2xx"] == 2
    assert result["socket_errors"] == 1


def test_without_the_script_it_reads_wrks_own_table():
    plain = REPORT.split("bench:")[0].replace("     50%    3.25s", "     50%  812.50us")
    result = parse(plain)
    assert result["p50_ms"] == pytest.approx(0.8125)
    assert result["p99_ms"] == pytest.approx(4380)
    assert result["p95_ms"] is None  # wrk's table has no p95
    assert result["non_2xx"] == 2
    assert result["socket_errors"] == 1


def test_a_clean_run_has_no_error_lines():
    lines = REPORT.split("bench:")[0].splitlines()
    clean = "\n".join(line for line in lines if "errors" not in line and "Non-2xx" not in line)
    assert parse(clean)["non_2xx"] == 0
    assert parse(clean)["socket_errors"] == 0
