import json

import pytest
from conftest import ROOT
from pydantic import ValidationError

from etl.model import Episode
from etl.model.draft import Paragraph
from etl.model.schema import episode_schema

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


def test_build_validator_judges_like_the_committed_schema():
    import copy

    import jsonschema

    from etl.model.schema import is_valid

    committed = json.loads((ROOT / "schemas" / "episode.schema.json").read_text(encoding="utf-8"))
    reference = jsonschema.Draft202012Validator(
        committed, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    good = json.loads((ROOT / "output" / "episodes" / "datatalks-s01e01.json").read_text(encoding="utf-8"))
    # (field, index, key, value, valid?)
    mutations = [
        (None, None, None, None, True),
        ("turns", 0, "start", -1, False),
        ("turns", 0, "start", None, True),
        ("turns", 0, "speaker", 5, False),
        ("turns", 0, "text", "", False),
        ("turns", 0, "extra", 1, False),
        ("chapters", 0, "start", "0", False),
        ("chapters", 0, "url", None, True),
        ("chapters", 0, "url", "ftp://x", False),
        ("people", 0, "href", None, True),
        ("people", 0, "role", None, False),
        ("duration", None, None, -5, False),
        ("duration", None, None, None, True),
        ("season", None, None, "1", False),
        ("published", None, None, "2024-13-01", False),
        ("published", None, None, "2024-02-30T10:00:00Z", False),
        ("published", None, None, "2024-02-03T10:00:00Z", True),
        ("enclosure", None, None, None, True),
        ("episode_type", None, None, "x", False),
    ]
    for field, index, key, value, valid in mutations:
        doc = copy.deepcopy(good)
        if index is not None:
            doc[field][index][key] = value
        elif field is not None:
            doc[field] = value
        assert is_valid(doc) is valid, (field, key, value)
        # jsonschema checks `date-time` only with the optional rfc3339-validator installed; without it
        # a bad date passes the date-time branch of `published`, which the compiled form does check
        lax = field == "published" and not valid
        assert reference.is_valid(doc) is (valid or lax), (field, key, value)


def test_schema_failures_name_the_field():
    import pytest

    from etl.errors import SourceError
    from etl.model.schema import validate_document

    good = json.loads((ROOT / "output" / "episodes" / "datatalks-s01e01.json").read_text(encoding="utf-8"))
    validate_document(good)
    with pytest.raises(
        SourceError, match=r"error: schema: turns/0/start: -1 is less than the minimum of 0; accepted: "
    ):
        validate_document({**good, "turns": [{**good["turns"][0], "start": -1}]})
    # only the compiled form checks date-time: its own message is the one given
    with pytest.raises(
        SourceError,
        match=r"error: schema: published \('2024-02-30T10:00:00Z'\): cannot be validated by any definition; "
        r"accepted: Publication date",
    ):
        validate_document({**good, "published": "2024-02-30T10:00:00Z"})


def test_validation_never_changes_the_document():
    from etl.model.schema import is_valid, validate_document

    good = json.loads((ROOT / "output" / "episodes" / "datatalks-s01e01.json").read_text(encoding="utf-8"))
    del good["chapters"][0]["toc"]  # a property with a default, left out
    before = json.dumps(good, sort_keys=True)
    is_valid(good)
    validate_document(good)
    assert json.dumps(good, sort_keys=True) == before


def test_a_paragraph_holds_only_what_a_turn_may():
    """Turns are built from paragraphs without checking them again (etl.transform.complete.build_turns): a value
    that would not pass cannot get in by `Paragraph.of`, and a paragraph, a tuple, cannot be changed after."""
    assert Paragraph.of("A\x01", 1, "text\x02") == Paragraph(start=1.0, text="text", line=None, speaker="A")
    for start, text in ((-1, "x"), (float("nan"), "x"), (float("inf"), "x"), (1, ""), (1, "\x02")):
        with pytest.raises(ValidationError):
            Paragraph.of(None, start, text)
    paragraph = Paragraph.of("A", 1, "fine", line=3)
    assert (paragraph.speaker, paragraph.start, paragraph.text, paragraph.line) == ("A", 1.0, "fine", 3)
    with pytest.raises(AttributeError):
        paragraph.text = ""  # type: ignore[misc]
