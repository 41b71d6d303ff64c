"""What a run did, per kind, and what it could not copy and why (the final report)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

MAX_PROBLEMS = 1000  # a report stays readable; the count says how many there were


@dataclass(slots=True)
class Report:
    created: dict[str, int] = field(default_factory=dict)
    # Already copied by an earlier attempt of the same run (a resume).
    skipped: dict[str, int] = field(default_factory=dict)
    # (kind, source id, id here) for ids that were taken here.
    remapped: list[dict[str, Any]] = field(default_factory=list)
    problems: list[dict[str, Any]] = field(default_factory=list)
    problem_count: int = 0

    def count(self, kind: str, *, skipped: bool = False) -> None:
        bucket = self.skipped if skipped else self.created
        bucket[kind] = bucket.get(kind, 0) + 1

    def remap(self, kind: str, source_id: Any, target_id: Any) -> None:
        self.remapped.append({"kind": kind, "source_id": source_id, "id": target_id})

    def problem(self, kind: str, source_id: Any, reason: str) -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append({"kind": kind, "id": source_id, "reason": reason})

    def as_dict(self) -> dict[str, Any]:
        return {
            "created": dict(sorted(self.created.items())),
            "skipped": dict(sorted(self.skipped.items())),
            "remapped": self.remapped,
            "not_copied": self.problems,
            "not_copied_count": self.problem_count,
        }
