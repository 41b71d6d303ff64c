"""Fold py-spy's raw samples (`py-spy record --native --full-filenames -f raw`: one line per
distinct stack, `frame;frame;...;leaf count`, root first) into the layers a request crosses.

Each sample is charged to the layer of its leaf frame (self time). Native frames of the interpreter
itself (libpython, libc: the eval loop's helpers, allocation, reference counting, GC) are the
"CPython runtime"; the second figure charges them, and the standard library's frames (typing,
inspect, contextlib, ...), instead to the layer of the nearest Python frame above them outside
both, which says which layer made that work.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

RUNTIME = "CPython runtime (native: eval helpers, objects, allocator, GC)"
STDLIB = "Python standard library (other)"
# Our middleware classes (app.py adds them), told apart from the rest of our code.
OUR_MIDDLEWARE = (
    "/openinfinity/core/requestid.py",
    "/openinfinity/core/accesslog.py",
    "/openinfinity/core/metrics.py",
    "/openinfinity/core/compression.py",
    "/openinfinity/core/dialects.py",
    "/openinfinity/core/ratelimit.py",
    "/openinfinity/core/conditional.py",
    "/openinfinity/core/cors.py",
    "/openinfinity/idempotency/middleware.py",
)
# (substring of the file, layer), first match wins; files under /openinfinity/ not listed in
# OUR_MIDDLEWARE are "ours: <package>".
RULES = (
    ("/sqlalchemy/orm/", "SQLAlchemy ORM"),
    ("/sqlalchemy/sql/", "SQLAlchemy Core (expressions, compiler)"),
    ("/sqlalchemy/engine/", "SQLAlchemy engine (execution, results)"),
    ("/sqlalchemy/pool/", "SQLAlchemy engine (execution, results)"),
    ("/sqlalchemy/util/queue.py", "SQLAlchemy engine (execution, results)"),  # the pool's queue
    ("/sqlalchemy/cyextension/", "SQLAlchemy engine (execution, results)"),
    ("/sqlalchemy/ext/asyncio/", "SQLAlchemy asyncio bridge (greenlet)"),
    ("/sqlalchemy/util/_concurrency", "SQLAlchemy asyncio bridge (greenlet)"),
    ("/sqlalchemy/util/concurrency.py", "SQLAlchemy asyncio bridge (greenlet)"),
    ("/greenlet/", "SQLAlchemy asyncio bridge (greenlet)"),
    ("/sqlalchemy/dialects/", "SQLAlchemy dialect (driver adapter)"),
    ("/sqlalchemy/connectors/", "SQLAlchemy dialect (driver adapter)"),
    ("/sqlalchemy/", "SQLAlchemy other (util, events)"),
    ("/fastapi/", "FastAPI (routing, dependencies, parameters)"),
    ("/starlette/middleware/", "middleware (Starlette)"),
    ("/starlette/", "Starlette (routing, request, response)"),
    ("/pydantic", "Pydantic"),
    ("/uvicorn/", "uvicorn + asyncio (HTTP, event loop)"),
    ("/asyncio/", "uvicorn + asyncio (HTTP, event loop)"),
    ("/uvloop/", "uvicorn + asyncio (HTTP, event loop)"),
    ("/httptools/", "uvicorn + asyncio (HTTP, event loop)"),
    ("/h11/", "uvicorn + asyncio (HTTP, event loop)"),
    ("/selectors.py", "uvicorn + asyncio (HTTP, event loop)"),
    ("_asyncio.", "uvicorn + asyncio (HTTP, event loop)"),
    ("/Modules/_asynciomodule.c", "uvicorn + asyncio (HTTP, event loop)"),
    ("/aiosqlite/", "SQLite (sqlite3 driver, library)"),
    ("/sqlite3/", "SQLite (sqlite3 driver, library)"),
    ("_sqlite", "SQLite (sqlite3 driver, library)"),
    ("libsqlite3", "SQLite (sqlite3 driver, library)"),
    ("/asyncpg/", "asyncpg (driver)"),
    ("orjson", "orjson (serialisation)"),
    ("/site-packages/", "other libraries"),
    ("/lib/python3", STDLIB),
    ("<frozen ", STDLIB),
)
SYSCALLS = "system calls (socket I/O, polling)"
# libc wrappers of system calls: the kernel's share (on loopback, a write also runs the receiver's
# TCP stack), not the interpreter's.
_SYSCALL_FUNCTIONS = {
    "write",
    "writev",
    "send",
    "sendto",
    "sendmsg",
    "read",
    "readv",
    "recv",
    "recvfrom",
    "recvmsg",
    "epoll_wait",
    "epoll_pwait",
    "epoll_ctl",
    "getpid",
    "futex",
    "syscall",
    "__GI___libc_write",
    "__libc_send",
    "__libc_recv",
    "__libc_write",
    "__libc_read",
    "clock_gettime",
    "fdatasync",
    "fsync",
    "pread64",
    "pwrite64",
    "__pthread_mutex_lock",
    "sched_yield",
}
_FRAME = re.compile(r"^(?P<function>.*) \((?P<file>[^()]*?)(?::(?P<line>\d+))?\)$")
_NATIVE_RUNTIME = re.compile(
    r"(libpython|/python3\.\d+$|libc\.so|libm\.so|ld-linux|/Python-3\.|/cpython-3\.|/include/python3)"
)
# C modules of the standard library built with the interpreter (datetime, json, ...), but not the
# collector, which is the runtime's.
_STDLIB_C = re.compile(r"/(Python|cpython)-3\.[^/]*/(\./)?Modules/(?!gc)")


@dataclass
class Frame:
    function: str
    file: str
    python: bool  # a Python function (file:line) rather than a native symbol


def parse_frame(text: str) -> Frame:
    match = _FRAME.match(text)
    if not match:
        return Frame(text, "", False)
    file = match["file"]
    return Frame(match["function"], file, file.endswith(".py") or file.startswith("<"))


def layer_of(frame: Frame) -> str:
    """The layer a frame belongs to, by its file (a Python module or a native library)."""
    file = frame.file
    if "/openinfinity/" in file and file.endswith(".py"):
        if file.endswith(OUR_MIDDLEWARE):
            return "middleware (ours)"
        package = file.split("/openinfinity/", 1)[1].split("/")[0].removesuffix(".py")
        return f"ours: {package}"
    if "/bench/" in file and file.endswith(".py"):
        return "benchmark reference app"
    for needle, layer in RULES:
        if needle in file:
            return layer
    if frame.python:
        return "other"
    if frame.function in _SYSCALL_FUNCTIONS and (not file or "libc" in file or "libpthread" in file):
        return SYSCALLS
    if _STDLIB_C.search(file):
        return STDLIB
    if not file or _NATIVE_RUNTIME.search(file) or file.startswith("0x"):
        return RUNTIME
    return "other"


@dataclass
class Profile:
    samples: int = 0
    self_time: Counter[str] = field(default_factory=Counter)  # leaf frame's layer
    charged: Counter[str] = field(default_factory=Counter)  # runtime charged to the Python caller
    inclusive: Counter[str] = field(default_factory=Counter)  # marker functions anywhere in the stack


# Phases of a request: a sample counts for a phase when any frame of its stack matches both the
# function (a regular expression, searched) and the file (a substring).
PHASES = (
    ("FastAPI dependency solving", r"solve_dependencies$", "/fastapi/dependencies/"),
    ("FastAPI endpoint (parameters, handler, response)", r"(^|\.)app$", "/fastapi/routing.py"),
    ("SQLAlchemy ORM statement execution", r"\.(execute|scalars?)$", "/sqlalchemy/orm/session.py"),
    ("SQLAlchemy ORM row loading", r"instances$", "/sqlalchemy/orm/loading.py"),
    ("SQLAlchemy engine execution", r"_execute_context$", "/sqlalchemy/engine/base.py"),
    ("statement compilation (cache key + compile)", r"_compile_w_cache$", "/sqlalchemy/sql/"),
    ("response serialisation (orjson)", r".", "orjson"),
)
_PHASES = [(phase, re.compile(function), needle) for phase, function, needle in PHASES]


def fold(lines: Iterable[str]) -> Profile:
    profile = Profile()
    for line in lines:
        line = line.rstrip("\n")
        if not line or " " not in line:
            continue
        stack_text, _, count_text = line.rpartition(" ")
        try:
            count = int(count_text)
        except ValueError:
            continue
        frames = [parse_frame(f) for f in stack_text.split(";")]
        frames = [f for f in frames if not f.function.startswith(("process ", "thread ("))]
        if not frames:
            continue
        profile.samples += count
        leaf = layer_of(frames[-1])
        profile.self_time[leaf] += count
        if leaf in (RUNTIME, STDLIB):
            callers = (layer_of(f) for f in reversed(frames) if f.python)
            leaf = next((layer for layer in callers if layer not in (RUNTIME, STDLIB)), leaf)
        profile.charged[leaf] += count
        for phase, function, needle in _PHASES:
            if any(needle in f.file and function.search(f.function) for f in frames):
                profile.inclusive[phase] += count
    return profile


def report(profile: Profile) -> str:
    total = profile.samples or 1
    width = max([len(layer) for layer in profile.charged | profile.self_time] + [40])
    lines = [
        f"{'layer':<{width}} {'self %':>7} {'charged %':>9}",
        f"{'-' * width} {'-' * 7} {'-' * 9}",
    ]
    for layer, count in profile.self_time.most_common():
        lines.append(
            f"{layer:<{width}} {100 * count / total:>7.1f} {100 * profile.charged[layer] / total:>9.1f}"
        )
    for layer, count in profile.charged.most_common():
        if layer not in profile.self_time:
            lines.append(f"{layer:<{width}} {0:>7.1f} {100 * count / total:>9.1f}")
    groups: Counter[str] = Counter()
    for layer, count in profile.self_time.items():
        groups[layer.split(" ")[0].rstrip(":")] += count
    lines += [
        "",
        "grouped (self %): " + ", ".join(f"{g} {100 * c / total:.1f}" for g, c in groups.most_common()),
    ]
    lines += [
        "",
        "phases (share of samples with the phase anywhere in the stack; the ORM's work runs in",
        "SQLAlchemy's greenlet, whose stack py-spy sees from the ORM call down, so the phases above",
        "it, FastAPI's, do not include the database work they cause):",
    ]
    for phase, *_ in PHASES:
        lines.append(f"  {phase:<50} {100 * profile.inclusive[phase] / total:>5.1f}%")
    return "\n".join(lines)
