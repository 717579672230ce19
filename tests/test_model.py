import json

import pytest
from conftest import ROOT
from pydantic import ValidationError

from etl.model import Episode, episode_schema

BASE = {
    "id": "show-s01e01",
    "guid": "x",
    "show": {"id": "show", "title": "Show"},
    "title": "T",
    "sources": [{"path": "a.md", "format": "datatalks", "sha256": "0" * 64}],
}


def episode(**changes):
    return Episode.model_validate({**BASE, **changes})


def test_minimal_episode_is_valid():
    assert episode().turns == []


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"id": "Bad Id"}, "slug"),
        ({"chapters": [{"start": 10, "title": "b"}, {"start": 5, "title": "a"}]}, "sorted"),
        ({"chapters": [{"start": -1, "title": "a"}]}, "greater than or equal"),
        ({"duration": 100, "chapters": [{"start": 101, "title": "late"}]}, "after the end"),
        (
            {"turns": [{"speaker": "a", "start": 5, "text": "x"}, {"speaker": "b", "start": 4, "text": "y"}]},
            "decrease",
        ),
        ({"links": [{"url": "javascript:alert(1)", "title": "x"}]}, "http"),
        ({"published": "18 Dec 2019"}, "ISO 8601"),
        ({"sources": []}, "at least 1"),
    ],
)
def test_invariants_are_enforced(changes, message):
    with pytest.raises(ValidationError, match=message):
        episode(**changes)


def test_turns_without_times_do_not_break_ordering():
    e = episode(
        turns=[
            {"speaker": None, "start": 5, "text": "a"},
            {"speaker": None, "start": None, "text": "b"},
            {"speaker": None, "start": 6, "text": "c"},
        ]
    )
    assert [t.start for t in e.turns] == [5, None, 6]


def test_whole_seconds_serialise_as_integers():
    dumped = episode(duration=734.0, chapters=[{"start": 1.5, "title": "a"}]).model_dump(mode="json")
    assert dumped["duration"] == 734 and isinstance(dumped["duration"], int)
    assert dumped["chapters"][0]["start"] == 1.5


def test_committed_schema_matches_the_model():
    committed = json.loads((ROOT / "schemas" / "episode.schema.json").read_text(encoding="utf-8"))
    assert committed == episode_schema(), "schema drifted: run `make schema` and commit it deliberately"
