"""Podcasting 2.0 person roles we credit, with their taxonomy group (lower-case, as feeds write them).

A subset written for this project; tests check every pair against the published taxonomy.json.
"""

from __future__ import annotations

ROLE_GROUPS: dict[str, str] = {
    "host": "cast",
    "co-host": "cast",
    "guest host": "cast",
    "guest": "cast",
    "narrator": "cast",
    "announcer": "cast",
    "reporter": "cast",
    "producer": "creative direction",
    "executive producer": "creative direction",
    "director": "creative direction",
    "author": "writing",
    "writer": "writing",
    "editor": "writing",
    "researcher": "writing",
    "transcriber": "writing",
    "audio engineer": "audio production",
    "audio editor": "audio post-production",
    "sound designer": "audio post-production",
    "composer": "audio post-production",
    "cover art designer": "visuals",
    "social media manager": "community",
}


def normalise(role: str) -> tuple[str, str]:
    """(role, group) for a role as a source or config wrote it; unknown roles are credited as guests."""
    key = " ".join(role.casefold().replace("_", " ").split())
    if key == "cohost":
        key = "co-host"
    if key in ROLE_GROUPS:
        return key, ROLE_GROUPS[key]
    return "guest", "cast"
