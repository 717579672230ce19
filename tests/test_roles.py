"""Podcasting 2.0 roles: every role of the published taxonomy is credited as itself, however it is spelt."""

from __future__ import annotations

import json

import pytest
from conftest import FIXTURES, shared
from helpers import run_specs

from etl.config import Config, EpisodeOverride, SourceConfig
from etl.pipeline.sources import SourceSpec
from etl.transform.roles import ROLE_GROUPS, normalise

CAPTIONS = FIXTURES / "captions" / "release-retro.txt"


def credited(role: str):
    """The one person of an episode whose override credits them with `role`, and the run's warnings."""
    override = EpisodeOverride(title="T", people=[{"name": "Dana Whitfield", "role": role}])
    spec = SourceSpec(CAPTIONS, SourceConfig(path=str(CAPTIONS), override=override), 0)
    result = run_specs([spec], Config())
    (episode,) = result.episodes
    (person,) = episode.people
    return person, [w.message for w in result.warnings]


@pytest.mark.parametrize(
    ("written", "role", "group"),
    [
        ("cohost", "co-host", "cast"),  # was credited as co-host while warning "credited as guest"
        ("guest_host", "guest host", "cast"),
        ("Co-Host", "co-host", "cast"),
        ("HOST", "host", "cast"),
        ("Post-Production Engineer", "post production engineer", "audio production"),
        ("theme music", "theme music", "audio post-production"),
        ("Editor", "editor", "writing"),  # listed twice in the taxonomy: its first group
    ],
)
def test_spellings_of_taxonomy_roles_are_credited_as_the_role_without_a_warning(written, role, group):
    person, warnings = credited(written)
    assert (person.role, person.group) == (role, group)
    assert not [w for w in warnings if "role" in w]


def test_a_role_outside_the_taxonomy_is_a_guest_with_a_warning_naming_it():
    person, warnings = credited("sound wizard")
    assert (person.role, person.group) == ("guest", "cast")
    assert "role 'sound wizard' is not a Podcasting 2.0 role we know; credited as guest" in warnings


def test_every_taxonomy_role_is_credited_as_itself():
    path = shared("specs", "podcast-namespace", "taxonomy.json")
    taxonomy = json.loads(path.read_text(encoding="utf-8"))
    assert set(ROLE_GROUPS) == {entry["role"].lower() for entry in taxonomy}
    for entry in taxonomy:
        found = normalise(entry["role"])
        groups = {e["group"].lower() for e in taxonomy if e["role"] == entry["role"]}
        assert found.known and found.role == entry["role"].lower() and found.group in groups, entry
