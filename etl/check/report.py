"""The check's report: a line per problem (`PATH:LINE: error: [apple, spotify] … (rule)`, directories of one
level on one line), a table per directory, and the same as JSON for programs."""

from __future__ import annotations

from typing import Any

from etl.check.rules import DIRECTORIES, RULES, Problem

NAMES = {"apple": "Apple Podcasts", "spotify": "Spotify", "podcastindex": "Podcast Index"}
ORDER = {"error": 0, "warning": 1, "note": 2}


def _sorted(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.path, p.line or 0, p.rule, p.message))


def lines(problems: list[Problem]) -> list[str]:
    said = []
    for problem in _sorted(problems):
        by_level: dict[str, list[str]] = {}
        for directory, level in problem.levels().items():
            by_level.setdefault(level, []).append(directory)
        where = f"{problem.path}:{problem.line}" if problem.line else problem.path
        for level in sorted(by_level, key=ORDER.__getitem__):
            said.append(f"{where}: {level}: [{', '.join(by_level[level])}] {problem.message} ({problem.rule})")
    return said


def counts(problems: list[Problem], unreadable: int = 0) -> dict[str, dict[str, Any]]:
    """Per directory: ready (no error), and how many errors, warnings and notes (a feed that could not be read
    is an error for every directory)."""
    table = {d: {"ready": True, "errors": unreadable, "warnings": 0, "notes": 0} for d in DIRECTORIES}
    for problem in problems:
        for directory, level in problem.levels().items():
            table[directory][f"{level}s"] += 1
    for row in table.values():
        row["ready"] = row["errors"] == 0
    return table


def summary(table: dict[str, dict[str, Any]]) -> list[str]:
    width = max(len(n) for n in NAMES.values())
    rows = [f"{'directory':<{width}}  ready  errors  warnings  notes"]
    for directory, row in table.items():
        ready = "yes" if row["ready"] else "no"
        rows.append(
            f"{NAMES[directory]:<{width}}  {ready:<5}  {row['errors']:>6}  {row['warnings']:>8}  {row['notes']:>5}"
        )
    return rows


def document(feeds: list[str], problems: list[Problem], unreadable: list[dict[str, Any]]) -> dict[str, Any]:
    table = counts(problems, len(unreadable))
    return {
        "feeds": feeds,
        "ready": all(row["ready"] for row in table.values()),
        "directories": table,
        "unreadable": unreadable,
        "problems": [
            {
                "path": p.path,
                "line": p.line,
                "rule": p.rule,
                "levels": p.levels(),
                "message": p.message,
                "requirement": RULES[p.rule].source,
            }
            for p in _sorted(problems)
        ],
    }
