"""CPU time of a server: its process and every child (the workers), user + system, in seconds.

Read before and after a measured run, the difference divided by the requests served is the CPU
the server spent per request, whatever the machine's other load did to its throughput.
"""

from __future__ import annotations

import psutil


def tree_seconds(pid: int) -> float:
    try:
        root = psutil.Process(pid)
        processes = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0.0
    total = 0.0
    for process in processes:
        try:
            times = process.cpu_times()
        except psutil.NoSuchProcess:  # a worker that exited between the listing and now
            continue
        total += times.user + times.system
    return total
