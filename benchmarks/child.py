"""Run one command and write its wall time, CPU time and peak RSS as JSON (used by
`benchmarks.live.run_measured`).

    python -m benchmarks.child RESULT.json COMMAND [ARGS...]

Why a small process in between: Linux counts in a child's `ru_maxrss` the memory of the process
it was spawned from (at exec, the old address space's high-water mark is kept), so a child
started straight from the benchmark, which holds a whole synthetic set, would report at least
the benchmark's own size. Started from this small process, it reports its own.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path


def main(argv: list[str]) -> int:
    result, command = Path(argv[0]), argv[1:]
    start = time.perf_counter()
    child = subprocess.Popen(command)  # stdin, stdout and stderr are ours, passed through
    _pid, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)  # reaped: Popen must not wait
    figures = {
        "seconds": seconds,
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "rss_mb": usage.ru_maxrss / 1024,  # KiB on Linux
        "returncode": child.returncode,
    }
    result.write_text(json.dumps(figures), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
