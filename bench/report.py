"""The benchmark's figures as text per run, as the Markdown tables of a whole run, and as the JSON
summary (bench/run.py). Medians of the repetitions; a ratio is the median of the per-repetition
ratios (the two sides of a ratio were measured back to back, so the machine's load of that moment
hits both)."""

from __future__ import annotations

import argparse
import statistics
from collections.abc import Callable
from dataclasses import dataclass

from bench.drive import Figure

# kind name -> server label ("ours@2", "reference@1", ...) -> one figure per repetition
Results = dict[str, dict[str, list[Figure]]]
BACKENDS = {"sqlite": "SQLite", "postgres": "PostgreSQL"}
SEARCH = "q search, common word (2%)"


@dataclass
class Run:
    backend: str
    n: int
    results: Results


def median(values: list[float]) -> float:
    values = [v for v in values if v == v]  # without NaN (a figure not measured)
    return statistics.median(values) if values else float("nan")


def _of(figures: list[Figure] | None, attr: str) -> float:
    return median([getattr(f, attr) for f in figures or []])


def ratios(top: list[Figure] | None, bottom: list[Figure] | None) -> list[float]:
    """Per repetition, top's throughput over bottom's."""
    if not top or not bottom:
        return []
    return [t.rps / b.rps for t, b in zip(top, bottom, strict=False) if b.rps]


def _num(value: float, digits: int = 0) -> str:
    return "-" if value != value else f"{value:,.{digits}f}"


def print_text(run: Run, args: argparse.Namespace) -> None:
    ours, ref = f"ours@{args.workers}", f"reference@{args.workers}"
    print(
        f"\nN={run.n:,} items ({run.backend}, {args.server}, {args.workers} workers, "
        f"wrk -c{args.connections}, {args.seconds:g} s x {args.repeat}; medians)"
    )
    print(
        f"{'request':<30} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'CPU ms':>7} {'errors':>6} | "
        f"{'ref req/s':>9} {'ref p99':>7} {'ref CPU':>7} | {'ratio':>5} (per repetition)"
    )
    for name, by_server in run.results.items():
        mine, theirs = by_server.get(ours, []), by_server.get(ref)
        line = (
            f"{name:<30} {_of(mine, 'rps'):>8.0f} {_of(mine, 'p50_ms'):>7.1f} {_of(mine, 'p99_ms'):>7.1f}"
            f" {_of(mine, 'cpu_ms'):>7.2f} {sum(m.errors for m in mine):>6} | "
        )
        if theirs:
            each = ratios(mine, theirs)
            line += (
                f"{_of(theirs, 'rps'):>9.0f} {_of(theirs, 'p99_ms'):>7.1f} {_of(theirs, 'cpu_ms'):>7.2f} | "
            )
            line += f"{median(each):>5.2f} (" + " ".join(f"{x:.2f}" for x in each) + ")"
        else:
            line += f"{'-':>9} {'-':>7} {'-':>7} | {'-':>5}"
        print(line, flush=True)


def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    return [
        "| " + " | ".join(head) + " |",
        "|" + "---|" * len(head),
        *("| " + " | ".join(r) + " |" for r in rows),
    ]


def _against_reference(runs: list[Run], args: argparse.Namespace) -> list[str]:
    ours, ref = f"ours@{args.workers}", f"reference@{args.workers}"
    head = ["backend", "items", "request", "req/s", "p99 ms", "CPU ms/req", "db CPU ms/req", "errors"]
    head += ["ref req/s", "ref p99 ms", "ref CPU ms/req", "ref db CPU ms/req", "ratio"]
    rows = []
    for run in runs:
        for name, by_server in run.results.items():
            mine, theirs = by_server.get(ours, []), by_server.get(ref)
            rows.append(
                [run.backend, f"{run.n:,}", name, _num(_of(mine, "rps")), _num(_of(mine, "p99_ms"), 1)]
                + [
                    _num(_of(mine, "cpu_ms"), 2),
                    _num(_of(mine, "db_cpu_ms"), 2),
                    str(sum(m.errors for m in mine)),
                ]
                + [_num(_of(theirs, "rps")), _num(_of(theirs, "p99_ms"), 1), _num(_of(theirs, "cpu_ms"), 2)]
                + [_num(_of(theirs, "db_cpu_ms"), 2)]
                + [_num(median(ratios(mine, theirs)), 2)]
            )
    title = (
        f"### Ours against the reference ({args.workers} workers, {args.server}, "
        f"wrk -t1 -c{args.connections}, {args.seconds:g} s x {args.repeat} repetitions; medians, "
        "ratio = ours / reference req/s)"
    )
    return [title, "", *_table(head, rows)]


def _by_size(runs: list[Run], args: argparse.Namespace) -> list[str]:
    """Page cost at the largest size against the smallest: req/s small / req/s large (1.30 = 30% dearer)."""
    ours = f"ours@{args.workers}"
    rows = []
    for backend in dict.fromkeys(r.backend for r in runs):
        sized = sorted((r for r in runs if r.backend == backend), key=lambda r: r.n)
        if len(sized) < 2:
            continue
        small, large = sized[0], sized[-1]
        for name in small.results:
            a, b = (
                _of(small.results[name].get(ours), "rps"),
                _of(large.results.get(name, {}).get(ours), "rps"),
            )
            cost = a / b if b == b and b else float("nan")
            rows.append([backend, name, _num(a), _num(b), _num(cost, 2)])
    if not rows:
        return []
    head = ["backend", "request", f"req/s at {small.n:,}", f"req/s at {large.n:,}", "cost large / small"]
    return [f"### Page cost by board size (ours, {args.workers} workers)", "", *_table(head, rows)]


def _scaling(runs: list[Run], args: argparse.Namespace) -> list[str]:
    if not args.workers_compare or args.workers == 1:
        return []
    w = args.workers
    rows = []
    for run in runs:
        for name, by_server in run.results.items():
            one, many = by_server.get("ours@1"), by_server.get(f"ours@{w}")
            if not one:
                continue
            ref_one, ref_many = by_server.get("reference@1"), by_server.get(f"reference@{w}")
            rows.append(
                [run.backend, f"{run.n:,}", name, _num(_of(one, "rps")), _num(_of(many, "rps"))]
                + [
                    _num(median(ratios(many, one)), 2),
                    _num(_of(one, "cpu_ms"), 2),
                    _num(_of(many, "cpu_ms"), 2),
                ]
                + [_num(median(ratios(ref_many, ref_one)), 2)]
                + [_num(_of(ref_one, "cpu_ms"), 2), _num(_of(ref_many, "cpu_ms"), 2)]
            )
    head = ["backend", "items", "request", "req/s 1 worker", f"req/s {w} workers", f"{w} / 1"]
    head += ["CPU ms/req 1", f"CPU ms/req {w}", f"ref {w} / 1", "ref CPU ms/req 1", f"ref CPU ms/req {w}"]
    title = f"### Scaling from 1 to {w} workers (ours and the reference, measured back to back)"
    return [title, "", *_table(head, rows)]


def markdown(runs: list[Run], args: argparse.Namespace) -> str:
    parts: list[Callable[[list[Run], argparse.Namespace], list[str]]] = [
        _against_reference,
        _by_size,
        _scaling,
    ]
    lines: list[str] = []
    for part in parts:
        table = part(runs, args)
        if table:
            lines += [*table, ""]
    return "\n".join(lines)


def summary(run: Run, args: argparse.Namespace) -> dict[str, float | str]:
    """The headline figures of one run (the JSON line `make bench-quick` ends with)."""
    ours, ref = f"ours@{args.workers}", f"reference@{args.workers}"
    names = {name.split(" ")[0]: name for name in run.results}
    out: dict[str, float | str] = {"backend": run.backend, "items": run.n}
    for key, name in (
        ("list", names.get("list")),
        ("get", names.get("get")),
        ("create", names.get("create")),
    ):
        if name:
            by_server = run.results[name]
            out[f"{key}_rps"] = round(_of(by_server.get(ours), "rps"), 1)
            out[f"{key}_p99_ms"] = round(_of(by_server.get(ours), "p99_ms"), 1)
            out[f"{key}_cpu_ms"] = round(_of(by_server.get(ours), "cpu_ms"), 2)
            out[f"ratio_{key}"] = round(median(ratios(by_server.get(ours), by_server.get(ref))), 2)
    if SEARCH in run.results:
        by_server = run.results[SEARCH]
        out["search_rps"] = round(_of(by_server.get(ours), "rps"), 1)
        out["ratio_search"] = round(median(ratios(by_server.get(ours), by_server.get(ref))), 2)
    return out
