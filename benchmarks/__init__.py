"""Benchmarks: search latency, index build and store load on synthetic fact sets, beside a
naive full-scan baseline. Run with `python -m benchmarks.run` (or `make bench`)."""
