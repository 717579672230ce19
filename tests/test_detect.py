"""Format detection: by content only, with reasons; tested on every seed, the corpus and ambiguous files."""

import pytest
from conftest import shared

from etl import extract
from etl.errors import SourceError

SEEDS = {"000": "captions", "001": "captions", "002": "blog", "003": "community", "004": "datatalks"}


@pytest.mark.parametrize(("prefix", "fmt"), sorted(SEEDS.items()))
def test_every_seed(prefix, fmt):
    from conftest import seed

    path = seed(prefix)
    reader, reasons = extract.detect(path.read_text(encoding="utf-8"), str(path))
    assert fmt == reader.NAME
    assert reasons[-1].startswith(f"{fmt}: yes")


@pytest.mark.parametrize(("folder", "fmt"), [("datatalks", "datatalks"), ("datatalks-timestamps", "chapters")])
def test_corpus_folders(folder, fmt):
    files = sorted(shared("corpus", folder).glob("*.*"))
    assert files
    for path in files:
        reader, _ = extract.detect(path.read_text(encoding="utf-8"), str(path))
        assert fmt == reader.NAME, path.name


def test_people_pages_are_not_episodes():
    page = shared("corpus", "datatalks-people", "dannyleybzon.md")
    with pytest.raises(SourceError, match="unrecognised"):
        extract.detect(page.read_text(encoding="utf-8"), str(page))


@pytest.mark.parametrize(
    ("text", "fmt"),
    [
        ("0:00 hi\n0:03 there\n", "captions"),  # two cues, seconds apart
        ("00:00:00 Intro\n00:05:00 Main part\n", "chapters"),  # two chapters, minutes apart
        ("00:00:00 Intro\n", "chapters"),  # one stamp can only be a chapter list
        ("0:00 Intro\n12:30 Tools\n31:02 Q&A\n", "chapters"),  # unpadded, but minutes apart
        ("[00:00] Intro\n[00:04] Hello\n[00:07] again\n", "captions"),  # bracketed cues seconds apart
        ("Monday, January 13, 2020\n\nPodcast: X\n\n[MP3 1:00]\n", "blog"),
        ("x\n\nT // G // Series #3\n", "community"),
        ("---\ntitle: x\nseason: 1\n---\n", "datatalks"),
    ],
)
def test_ambiguous_shapes(text, fmt):
    reader, _ = extract.detect(text, "x")
    assert fmt == reader.NAME


@pytest.mark.parametrize("text", ["", "   \n\n", "just prose\nwith lines\n", "Podcast: X but no date\n"])
def test_unrecognised_is_an_error_naming_the_file(text):
    with pytest.raises(SourceError) as info:
        extract.detect(text, "some/file.txt")
    assert info.value.path == "some/file.txt"


def test_format_override_skips_detection():
    drafts, reasons = extract.extract("0:00 hi\n0:03 there\n", "x.txt", "chapters")
    assert drafts[0].sidecar and reasons == ["chapters: forced"]
    with pytest.raises(SourceError, match="unknown format"):
        extract.extract("0:00 hi\n", "x.txt", "nope")
