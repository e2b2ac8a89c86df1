-- wrk -s bench/report.lua: one machine-readable line after wrk's own report,
-- with the percentiles wrk's --latency table leaves out (p95).
done = function(summary, latency, requests)
  io.write(string.format(
    "bench: requests=%d duration_us=%d p50_us=%d p95_us=%d p99_us=%d mean_us=%d max_us=%d "
      .. "status_errors=%d timeouts=%d connect_errors=%d read_errors=%d write_errors=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.mean, latency.max, summary.errors.status, summary.errors.timeout,
    summary.errors.connect, summary.errors.read, summary.errors.write))
end
