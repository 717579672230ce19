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


STRAY = "_theme-park-crowd-modeling-to-tesla-full-stack-data-engineering.md"  # a `_` line above its front matter


@pytest.mark.parametrize(("folder", "fmt"), [("datatalks", "datatalks"), ("datatalks-timestamps", "chapters")])
def test_corpus_folders(folder, fmt):
    files = sorted(shared("corpus", folder).glob("*.*"))
    assert files
    for path in files:
        if path.name == STRAY:  # no reader claims what none can read; the verdict says why
            with pytest.raises(SourceError, match="datatalks: no, YAML front matter starts on line 2"):
                extract.detect(path.read_text(encoding="utf-8"), str(path))
            continue
        reader, _ = extract.detect(path.read_text(encoding="utf-8"), str(path))
        assert fmt == reader.NAME, path.name


def test_people_pages_are_not_episodes():
    page = shared("corpus", "datatalks-people", "dannyleybzon.md")
    with pytest.raises(SourceError, match="unrecognised"):
        extract.detect(page.read_text(encoding="utf-8"), str(page))


STAMP_ALONE = "".join(f"0:{2 * n:02d}\nword {n} of the cue\n" for n in range(12))
SLOW_TRANSCRIPT = "".join(f"{n}:00\nA long paragraph said in minute {n}, and more of it.\n" for n in range(6))
PROSE = "\n".join(f"Line {n} of a description that talks about the episode." for n in range(12))


@pytest.mark.parametrize(
    ("text", "fmt"),
    [
        # captions vs chapter lists: rhythm, and where the words sit
        ("0:00 hi\n0:03 there\n", "captions"),  # two cues, seconds apart
        ("00:00:00 Intro\n00:05:00 Main part\n", "chapters"),  # two chapters, minutes apart
        ("00:00:00 Intro\n", "chapters"),  # one stamp can only be a chapter list
        ("0:00 Intro\n12:30 Tools\n31:02 Q&A\n", "chapters"),  # unpadded, but minutes apart
        ("[00:00] Intro\n[00:04] Hello\n[00:07] again\n", "captions"),  # bracketed cues seconds apart
        (STAMP_ALONE, "captions"),  # stamps alone on their lines, words below: under half the lines stamped
        (SLOW_TRANSCRIPT, "captions"),  # stamp alone, a paragraph a minute: words below stamps are spoken
        ("0:011 second[music]\n0:044 secondsHello all\n0:099 secondsWelcome\n", "captions"),  # spoken labels
        ("My Talk\nurl: https://e.org/v\n-----\n0:00 Hi.\n0:03 Welcome.\n0:06 Let us start.\n", "captions"),
        ("Chapter 1: Intro\n0:00 hi all\n0:03 welcome\nChapter 2: Main\n0:07 so\n", "captions"),
        ("00:00 - Intro\n05:00 | Tools\n(12:00) Q&A\n", "chapters"),  # separators and parentheses
        ("00:00:00.000 Intro\n00:01:59.000 Setup <https://e.org/s>\n", "chapters"),  # mp4chaps
        (f"{PROSE}\n\nChapters:\n0:00 Intro\n4:10 Tools\n9:45 Q&A\n\n{PROSE}\n", "chapters"),  # a description
        # community posts vs front matter vs blog archives
        ("x\n\nT // G // Series #3\n", "community"),
        ("CI/CD for ML // Jane Doe // Coffee Sessions #12\n", "community"),  # `/` inside the title
        ("---\ntitle: Small wins\nepisode: 4\n---\n\n//Bio\nA.\n\nTimestamps:\n[00:00] Hi\n", "community"),
        ("# Heading title\n\n// Abstract\nA.\n\n// Related Links\nhttps://e.org\n", "community"),
        ("---\ntitle: x\nseason: 1\nids: {}\n---\n", "datatalks"),  # DataTalks.Club's own key
        ("---\ntitle: x\nseason: 1\nepisode: 2\n---\n", "frontmatter"),  # any podcast theme's episode page
        ("+++\ntitle = 'x'\nepisode = 2\n+++\n", "frontmatter"),  # Hugo's TOML
        ("---\ntitle: x\nlayout: post\n---\nA blog post.\n", None),  # a page, not an episode
        ("---\ntitle: A // B // C #3\nseason: 1\nguests: [a]\nids: {}\n---\n", "datatalks"),  # title line in YAML
        ("Monday, January 13, 2020\n\nPodcast: X\n\n[MP3 1:00]\n", "blog"),
        ("Site menu\nAbout\n\nMonday, January 13, 2020\n\nPodcast: X\n", "blog"),  # chrome above the posts
    ],
)
def test_ambiguous_shapes(text, fmt):
    choice = extract.choose(text, "x")
    assert fmt == (choice.reader.NAME if choice.reader else None), choice.reasons


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        ("_\n---\ntitle: x\nseason: 1\n---\n", "datatalks: no, YAML front matter starts on line 2"),
        ("---\ntitle: x\nids: {}\nseason: 1\nbody without an end\n", "datatalks: no, front matter is never closed"),
        ("Notes\n\n//Bio\nA.\n\n//Takeaways\nB.\n", "community: no, 2 community-post sections, but no title"),
        (f"{PROSE}\n10:30 we met for coffee\n{PROSE}\n", "chapters: no"),  # one stamp inside prose
        ("Podcast: X\n\nMonday, January 13, 2020\n", "blog: no, no `Podcast:` title below a post's date line"),
    ],
)
def test_shapes_no_reader_can_read_are_refused_with_the_reason(text, verdict):
    with pytest.raises(SourceError, match="unrecognised source format") as info:
        extract.detect(text, "x")
    assert verdict in info.value.message


@pytest.mark.parametrize("text", ["", "   \n\n", "just prose\nwith lines\n", "Podcast: X but no date\n"])
def test_unrecognised_is_an_error_naming_the_file(text):
    with pytest.raises(SourceError) as info:
        extract.detect(text, "some/file.txt")
    assert info.value.path == "some/file.txt"


def test_format_override_skips_detection():
    drafts, reasons = extract.extract("0:00 hi\n0:03 there\n", "x.txt", "chapters")
    assert drafts[0].kind == "chapters" and reasons == ["chapters: forced"]
    with pytest.raises(SourceError, match="unknown format"):
        extract.extract("0:00 hi\n", "x.txt", "nope")
