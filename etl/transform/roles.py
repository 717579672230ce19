"""Podcasting 2.0 person roles and their groups, as feeds write them (lower-case).

The table is the published taxonomy (podcast-namespace `taxonomy.json`, CC0), every role of it, reduced to what
the code needs: role -> group. A test holds it to the taxonomy file. `editor` is listed twice there (Writing
and Video Post-Production); it is credited in its first group, as the taxonomy lists it first.
"""

from __future__ import annotations

import re
from typing import NamedTuple

_GROUPS: dict[str, tuple[str, ...]] = {
    "creative direction": (
        "director",
        "assistant director",
        "executive producer",
        "senior producer",
        "producer",
        "associate producer",
        "development producer",
        "creative director",
    ),
    "cast": ("host", "co-host", "guest host", "guest", "voice actor", "narrator", "announcer", "reporter"),
    "writing": (
        "author",
        "editorial director",
        "co-writer",
        "writer",
        "songwriter",
        "guest writer",
        "story editor",
        "managing editor",
        "script editor",
        "script coordinator",
        "researcher",
        "editor",
        "fact checker",
        "translator",
        "transcriber",
        "logger",
    ),
    "audio production": (
        "studio coordinator",
        "technical director",
        "technical manager",
        "audio engineer",
        "remote recording engineer",
        "post production engineer",
    ),
    "audio post-production": (
        "audio editor",
        "sound designer",
        "foley artist",
        "composer",
        "theme music",
        "music production",
        "music contributor",
    ),
    "administration": (
        "production coordinator",
        "booking coordinator",
        "production assistant",
        "content manager",
        "marketing manager",
        "sales representative",
        "sales manager",
    ),
    "visuals": ("graphic designer", "cover art designer"),
    "community": ("social media manager",),
    "misc.": ("consultant", "intern"),
    "video production": ("camera operator", "lighting designer", "camera grip", "assistant camera"),
    "video post-production": ("editor", "assistant editor"),
}

ROLE_GROUPS: dict[str, str] = {}
for _group, _roles in _GROUPS.items():
    for _role in _roles:
        ROLE_GROUPS.setdefault(_role, _group)

HOSTS = frozenset({"host", "co-host"})  # credited first


class Role(NamedTuple):
    role: str
    group: str
    known: bool  # False: not in the taxonomy, credited as a guest


def _fold(role: str) -> str:
    # letters only: `Co-Host`, `cohost`, `co_host` and `co host` are one role
    return re.sub(r"[^a-z]", "", role.casefold())


_BY_FOLD = {_fold(role): role for role in ROLE_GROUPS}


def normalise(role: str) -> Role:
    """The taxonomy role a source or config means, however it is spelt; unknown roles are credited as guests."""
    found = _BY_FOLD.get(_fold(role))
    if found is None:
        return Role("guest", ROLE_GROUPS["guest"], False)
    return Role(found, ROLE_GROUPS[found], True)
