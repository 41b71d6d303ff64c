"""OPENINFINITY_METRICS_DIR: `serve` and `openinfinity worker` record their metrics into one
directory, so the server's /metrics also counts the deliveries the workers made.

prometheus-client decides when it is imported whether values go to files (PROMETHEUS_MULTIPROC_DIR),
which happens before settings (and `.env`) are read. So a command that must share and was not
started with it set restarts itself once, same arguments, with it set (`os.execv`, same process id).
"""

from __future__ import annotations

import os
import sys

from openinfinity.core import metrics
from openinfinity.core.config import Settings


def share_metrics(config: Settings) -> bool:
    """Make this process record into the configured directory; False when none is configured."""
    if config.metrics_dir is None:
        return False
    path = config.metrics_dir.expanduser().resolve()
    if metrics.records_into(path):
        return True
    path.mkdir(parents=True, exist_ok=True)
    os.environ[metrics.MULTIPROC_ENV] = str(path)
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(sys.executable, [sys.executable, "-m", "openinfinity.cli", *sys.argv[1:]])
