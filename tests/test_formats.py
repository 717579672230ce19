"""The transcript and chapter files podcasters already have (fixtures/formats/, one a format): golden files,
detection between formats that share a shape, sidecars, round trips, hostile XML and bad input."""

from __future__ import annotations

import gzip
import json
import shutil
import time

import pytest
from conftest import FIXTURES, ROOT
from helpers import run_specs, words
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl import extract
from etl.cli import main
from etl.config import Config, EpisodeOverride, SourceConfig, load
from etl.load import chapters as chapter_files
from etl.load import transcripts
from etl.load.publication import Site
from etl.model import Chapter, Episode, ShowRef, Source, Turn
from etl.model.draft import EpisodeDraft, Paragraph
from etl.pipeline.sources import SourceSpec
from etl.util.timecode import whole

FORMATS = FIXTURES / "formats"
FORMAT_FILES = sorted(p for p in FORMATS.rglob("*.*"))


def read(path, name: str | None = None):
    """The reader's drafts for a fixture, as detection chooses it."""
    drafts, reasons = extract.extract(path.read_text(encoding="utf-8"), name or path.name)
    return drafts, reasons


@pytest.mark.parametrize("path", FORMAT_FILES, ids=lambda p: f"{p.parent.name}-{p.stem}")
def test_format_golden(path, data_regression):
    drafts, reasons = read(path)
    assert reasons[-1].startswith(f"{path.parent.name}: yes")
    data_regression.check({"drafts": [document(d) for d in drafts]})


def document(draft: EpisodeDraft) -> dict:
    """A draft as its golden file shows it: each paragraph and cue by its fields' names, a whole-second start as a
    whole number."""
    found = draft.model_dump(mode="json", exclude={"sha256", "origin", "merged"})
    for name in ("paragraphs", "cues"):
        found[name] = [dict(zip(Paragraph._fields, item, strict=True)) for item in found[name]]
        for item in found[name]:
            item["start"] = None if item["start"] is None else whole(item["start"])
    return found


TWO_VOICES = "".join(
    f"[00:00:{n * 4:02d}] {name}: line {n} of the talk\n" for n, name in enumerate(["Ana Ruiz", "Theo Park"] * 3)
)


@pytest.mark.parametrize(
    ("text", "fmt"),
    [
        # a stamp, then words: captions, SRT, labelled text and chapter lists
        ("0:00 hi\n0:03 there\n0:06 again\n", "captions"),
        ("1\n00:00:00,000 --> 00:00:03,000\nhi\n\n2\n00:00:03,000 --> 00:00:06,000\nthere\n", "srt"),
        ("00:00:00,000 --> 00:00:03,000\nno index lines\n", "srt"),
        (TWO_VOICES, "labelled"),  # a small cast, speaking in turn
        ("[00:00] Intro: welcome\n[00:04] Hello there\n[00:07] again\n", "captions"),  # one `Word:`, no cast
        ("00:00:00 Intro\n00:01:10 Introduction: Dan\n00:03:00 Use Case: A\n00:06:00 Use Case: B\n", "chapters"),
        ("Alexey Grigorev  0:02\nWelcome.\n\nMaren Holt  0:09\nThanks.\n", "labelled"),
        ("Intro  0:00\nMain part  5:00\nOutro  9:00\n", None),  # titles and times, no words below: nobody's
        ("Alexey Grigorev (00:00:02):\nWelcome.\n\nMaren Holt (00:00:09):\nThanks.\n", "labelled"),
        ("0.000000\t0.000000\tIntro\n65.5\t65.5\tMain part\n", "audacity"),
        ("00:00:00 Intro\n00:01:05 Main part\n", "chapters"),
        # one header decides
        ("WEBVTT\n\n00:00.000 --> 00:03.000\nhi\n", "webvtt"),
        ("WEBVTT\n\n1\n00:00:00.000 --> 00:00:03.000\nhi\n", "webvtt"),  # SRT-like index lines
        # JSON of three shapes
        ('{"version": "1.0.0", "segments": [{"startTime": 0, "body": "hi"}]}', "transcript-json"),
        ('{"version": "1.2.0", "chapters": [{"startTime": 0, "title": "Intro"}]}', "chapters-json"),
        ('{"id": "x", "chapters": [{"start": 0, "title": "Intro"}], "turns": []}', None),  # an episode file of ours
        # XML: a chapters file, and a feed that declares the namespace for its items
        (
            '<psc:chapters xmlns:psc="http://podlove.org/simple-chapters"><psc:chapter start="0" title="A"/>'
            "</psc:chapters>",
            "podlove",
        ),
        ('<rss xmlns:psc="http://podlove.org/simple-chapters"><channel/></rss>', "rss"),  # not Podlove's
        # a blog archive's `Full Name:  text` transcript is not a labelled file: no times
        ("Monday, January 13, 2020\nPodcast: X\nGordon Haff:  hello\n", "blog"),
        # HTML: a transcript's marks, or show notes that are merely HTML (nobody's)
        ("<cite>Kevin:</cite>\n<time>0:00</time>\n<p>Welcome.</p>\n", "html-transcript"),
        (
            "<p><strong>Ana:</strong> hi</p>\n<p><strong>Theo:</strong> hello</p>\n<p><strong>Ana:</strong> so</p>",
            "html-transcript",
        ),
        (
            '<!DOCTYPE html><html><body><p>Our guest <strong>Dana</strong> on <a href="https://x.org">trains</a>.</p>'
            '<p>Posted <time datetime="2024-03-05">March 5</time>.</p><cite>The Book of Trains</cite></body></html>',
            None,
        ),
        # SBV and captions: both start a line with a clock
        ("0:00:01.200,0:00:04.050\nhi there\n\n0:00:04.050,0:00:06.000\nagain\n", "sbv"),
        ("0:01 hi there\n0:04 again\n0:07 and again\n", "captions"),
        # ffmetadata and INI-like text
        (";FFMETADATA1\n[CHAPTER]\nTIMEBASE=1/1000\nSTART=0\ntitle=Intro\n", "ffmetadata"),
        ("[CHAPTER]\nTIMEBASE=1/1000\nSTART=0\ntitle=Intro\n", None),
        # JSON front matter and JSON transcripts and chapters: an episode's keys decide
        ('{"title": "x", "episode": 3, "audio": "https://m.example.org/3.mp3"}\n\nNotes.\n', "frontmatter"),
        ('{"version": "1.0.0", "segments": [{"startTime": 0, "body": "hi"}], "episode": 3}', "transcript-json"),
        ('{"version": "1.2.0", "title": "x", "chapters": [{"startTime": 0, "title": "Intro"}]}', "chapters-json"),
        # Podlove's JSON lists: chapters have titles, transcripts text
        ('[{"start": "00:00:00.000", "title": "Intro", "href": ""}]', "podlove-chapters"),
        ('[{"start": "00:00:00.005", "speaker": "1", "voice": "Eric", "text": "hi"}]', "podlove-transcript"),
        # XML by root and namespace
        ('<tt xmlns="http://www.w3.org/ns/ttml"><body><div><p begin="0s">hi</p></div></body></tt>', "ttml"),
        ('<pst:transcripts xmlns:pst="http://podlove.org/simple-transcripts"/>', "podlove-transcript"),
        # an MDX page is a page
        (
            '---\ntitle: x\naudio: https://m.example.org/x.mp3\n---\nimport P from "./P.astro";\n\n<P />\n',
            "frontmatter",
        ),
    ],
)
def test_formats_that_share_a_shape(text, fmt):
    choice = extract.choose(text, "x")
    assert (choice.reader.NAME if choice.reader else None) == fmt, choice.reasons


# -- sidecars ---------------------------------------------------------------------------------------

PAGE = FIXTURES / "datatalks" / "s01e02-data-contracts.md"  # guests Tomás Vidal and Ingrid Solberg
SRT = FORMATS / "srt" / "s02e01-onboarding.srt"  # voices: Alexey Grigorev, Ingrid, Tomás


def project_config(tmp_path) -> Config:
    config = load(ROOT / "etl.yaml")
    return config.model_copy(update={"sources": [], "base_dir": ROOT})


def test_a_transcript_file_named_for_an_episode_replaces_its_turns_and_its_voices_join_its_people(tmp_path):
    srt = tmp_path / "s01e02-onboarding.srt"  # the page's numbers
    shutil.copy(SRT, srt)
    result = run_specs([SourceSpec(PAGE), SourceSpec(srt)], project_config(tmp_path))
    assert not result.errors
    (episode,) = result.episodes
    assert [s.format for s in episode.sources] == ["datatalks", "srt"]
    said = [(t.speaker, w) for t in episode.turns for w in words(t.text)]
    assert said[:3] == [("Alexey Grigorev", "Welcome"), ("Alexey Grigorev", "back."), ("Alexey Grigorev", "Today:")]
    assert {t.speaker for t in episode.turns} == {"Alexey Grigorev", "Ingrid Solberg", "Tomás Vidal"}
    people = {p.name: (p.role, p.aliases) for p in episode.people}
    assert people["Ingrid Solberg"] == ("guest", ["Ingrid"])  # the label joined the guest the page names
    assert people["Alexey Grigorev"][0] == "host"  # the registry's role, not a guess


def test_a_transcript_file_that_names_no_episode_is_one_of_its_own(tmp_path):
    result = run_specs([SourceSpec(PAGE), SourceSpec(SRT)], project_config(tmp_path))
    episodes = {e.id: e for e in result.episodes}
    assert set(episodes) == {"datatalks-s01e02", "datatalks-s02e01"}
    own = episodes["datatalks-s02e01"]
    assert (own.season, own.episode, own.title) == (2, 1, "S02e01 onboarding")
    assert any("no title in the source" in w.message and w.path == str(SRT) for w in result.warnings)
    assert episodes["datatalks-s01e02"].turns[0].text.startswith("Hello and welcome.")  # its own transcript


def test_target_and_role_in_the_config_decide(tmp_path):
    config = project_config(tmp_path)
    target = SourceConfig(path=str(SRT), target="datatalks-s01e02")
    (episode,) = run_specs([SourceSpec(PAGE), SourceSpec(SRT, target, 0)], config).episodes
    assert episode.turns[0].speaker == "Alexey Grigorev" and episode.sources[1].format == "srt"
    forced = SourceConfig(path=str(SRT), role="transcript")  # it must complete an episode, and none has s02e01
    result = run_specs([SourceSpec(PAGE), SourceSpec(SRT, forced, 0)], config)
    assert [e.id for e in result.episodes] == ["datatalks-s01e02"]
    assert "transcript matches no episode (datatalks s02e01); set `target` in etl.yaml" in [
        w.message for w in result.warnings
    ]
    chapters = FORMATS / "chapters-json" / "s01e01-chapters.json"
    as_episode = SourceConfig(path=str(chapters), role="episode", override=EpisodeOverride(title="Chapters only"))
    (episode,) = run_specs([SourceSpec(chapters, as_episode, 0)], config).episodes
    assert episode.title == "Chapters only" and len(episode.chapters) == 5


def test_a_chapters_file_of_any_format_completes_its_episode_and_toc_false_is_kept_but_not_listed(
    tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)  # no etl.yaml here
    chapters = tmp_path / "s01e02-chapters.json"
    shutil.copy(FORMATS / "chapters-json" / "s01e01-chapters.json", chapters)
    page = tmp_path / "pages" / "s01e02.md"
    page.parent.mkdir()
    shutil.copy(PAGE, page)
    out = tmp_path / "out"
    assert main(["build", str(page), str(chapters), "--out", str(out), "--base-url", "https://e.org/"]) == 0
    document = json.loads((out / "chapters" / "podcast-s01e02.json").read_text())
    assert [c.get("toc", True) for c in document["chapters"]] == [True, True, False, True, True]
    feed = (out / "feed.xml").read_text()
    assert "Sponsor image" not in feed  # neither in the show notes nor in psc:chapters
    assert feed.count("<psc:chapter ") == 4
    episode = json.loads((out / "episodes" / "podcast-s01e02.json").read_text())
    assert 40 not in [t["start"] for t in episode["turns"]]  # an image change does not split a turn


def test_a_transcript_sidecar_never_passes_through_the_main_process(tmp_path):
    from etl.pipeline.cache import Cache, DraftStore, MadeStore
    from etl.pipeline.scan import scan_one
    from etl.pipeline.sinks import MemorySink
    from etl.pipeline.sources import read_source
    from etl.pipeline.store import Store
    from etl.pipeline.values import Settings, SourceJob
    from etl.pipeline.workers import Context, _install
    from etl.transform.heads import Head

    path = FORMATS / "webvtt" / "coffee-e07.vtt"
    settings = Settings.load(Config())
    store = Store(tmp_path / "cache.sqlite")
    store.prepare()
    _install(Context(settings, MemorySink(), DraftStore(store), Cache(None), MadeStore(store, False)))
    job = SourceJob(SourceSpec(path), path.name, 0, read_source(path, 10**8).sha256, None, settings.digest)
    scanned = scan_one(job)  # what a worker sends back to the main process: heads only
    (head,) = scanned.heads
    assert isinstance(head, Head) and head.kind == "transcript"
    assert not any(hasattr(head, name) for name in ("cues", "paragraphs", "people"))


def test_a_changed_transcript_file_changes_only_its_episodes_files(tmp_path, monkeypatch):
    work = tmp_path / "work"
    shutil.copytree(ROOT / "fixtures", work / "fixtures")
    shutil.copy(ROOT / "etl.yaml", work / "etl.yaml")
    monkeypatch.chdir(work)
    assert main(["build", "--out", "out"]) == 0
    kept = {".cache", "pagefind"}  # the search index is rebuilt, as a page changed: tests/test_search.py
    before = {p: p.stat().st_mtime_ns for p in (work / "out").rglob("*") if p.is_file() and not kept & set(p.parts)}
    vtt = work / "fixtures" / "formats" / "webvtt" / "coffee-e07.vtt"
    vtt.write_text(vtt.read_text(encoding="utf-8").replace("Happy to be here.", "Very happy to be here."), "utf-8")
    assert main(["build", "--out", "out"]) == 0
    changed = sorted(p.relative_to(work / "out").as_posix() for p, t in before.items() if p.stat().st_mtime_ns != t)
    assert changed == [  # the index lists each episode's sources with their hashes; the feeds carry no words
        "episodes/coffee-e07.html",  # its page holds the transcript; no listing shows a word of it
        "episodes/coffee-e07.json",
        "index.json",
        "transcripts/coffee-e07.html",
        "transcripts/coffee-e07.json",
        "transcripts/coffee-e07.srt",
        "transcripts/coffee-e07.vtt",
    ]
    assert "Very happy to be here." in (work / "out" / "transcripts" / "coffee-e07.vtt").read_text()
    fragments = (work / "out" / "pagefind").rglob("*.pf_fragment")
    assert any(b"Very happy to be here." in gzip.decompress(f.read_bytes()) for f in fragments)


# -- bad input ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text", "line", "message"),
    [
        ("a.srt", "1\n00:00:05,000 --> 00:00:04,000\nhi\n", 2, "cue ends before it starts"),
        ("b.srt", "1\n00:00:01,000 --> 00:00:02,000\nhi\n\n2\nno time line\n", 5, "cue has no `HH:MM:SS,mmm"),
        ("c.vtt", "WEBVTT\n\n00:05.000 --> 00:04.000\nhi\n", 3, "cue ends before it starts"),
        ("d.vtt", "WEBVTT\n\n00:01.000 --> 00:02.000\nhi\n\n00:03.000 -> 00:04.000\nlost\n", 6, "not a cue"),
        ("e.txt", "0.0\t0.0\tIntro\nrubbish\n9.5\t9.5\tA\n19.5\t19.5\tB\n29.5\t29.5\tC\n", 2, "not a `start<TAB>end"),
    ],
)
def test_malformed_cues_are_warnings_naming_their_line(tmp_path, name, text, line, message):
    (draft,), _ = extract.extract(text, name)
    assert any(n.line == line and message in n.message for n in draft.notes), draft.notes


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ('{"segments": "none"}', 1, 'a JSON transcript is an object whose "segments" is a list'),
        ('{"segments": [{"startTime": "0:05", "body": "x"}]}', None, "segments[0].startTime must be seconds"),
        ('{"chapters": [{"title": "x", "startTime": -1}]}', None, "chapters[0].startTime must be seconds"),
        ('{"chapters": [\n{"startTime": 0,\n "title": "x"\n]}', 4, "not JSON"),
        (
            '<psc:chapters xmlns:psc="http://podlove.org/simple-chapters">\n<psc:chapter start="0">\n',
            3,
            "not well-formed",
        ),
    ],
)
def test_files_of_another_shape_are_errors_naming_what_is_wrong(tmp_path, text, line, message):
    good = FIXTURES / "datatalks" / "s01e01-streaming-for-small-teams.md"
    bad = tmp_path / "bad.txt"
    bad.write_text(text, encoding="utf-8")
    result = run_specs([SourceSpec(bad), SourceSpec(good)])
    assert len(result.episodes) == 1  # the other source still publishes
    (error,) = result.errors
    assert (error.path, error.line) == (str(bad), line) and message in error.message


def test_a_chapter_past_the_episodes_end_is_a_warning_and_the_duration_gives_way(tmp_path):
    page = tmp_path / "s01e02.md"
    page.write_text(PAGE.read_text(encoding="utf-8").replace("PT1H02M05S", "PT1M"), encoding="utf-8")
    chapters = tmp_path / "s01e02-chapters.json"
    shutil.copy(FORMATS / "chapters-json" / "s01e01-chapters.json", chapters)
    result = run_specs([SourceSpec(page), SourceSpec(chapters)])
    (episode,) = result.episodes
    assert episode.duration is None and episode.chapters[-1].start == 240
    assert any("duration 60 s ends before the chapter at 240 s" in w.message for w in result.warnings)


def test_a_billion_laughs_file_is_a_clear_error_in_under_a_second(tmp_path):
    entities = "".join(f'<!ENTITY l{n} "{("&l" + str(n - 1) + ";") * 10}">' for n in range(1, 10))
    bomb = (
        f'<?xml version="1.0"?>\n<!DOCTYPE c [<!ENTITY l0 "lol">{entities}]>\n'
        '<psc:chapters xmlns:psc="http://podlove.org/simple-chapters">'
        '<psc:chapter start="0" title="&l9;"/></psc:chapters>\n'
    )
    path = tmp_path / "bomb.xml"
    path.write_text(bomb, encoding="utf-8")
    started = time.monotonic()
    result = run_specs([SourceSpec(path)], format="podlove")
    assert time.monotonic() - started < 1
    (error,) = result.errors
    assert (error.line, error.message) == (2, "XML entity declarations are not allowed (no podcast file needs one)")


_BOMB = "".join(f'<!ENTITY l{n} "{("&l" + str(n - 1) + ";") * 10}">' for n in range(1, 10))


@pytest.mark.parametrize(
    ("fmt", "document"),
    [
        ("ttml", '<tt xmlns="http://www.w3.org/ns/ttml"><body><div><p begin="0s">{}</p></div></body></tt>'),
        (
            "podlove-transcript",
            '<t xmlns="http://podlove.org/simple-transcripts"><speech><item start="0">{}</item></speech></t>',
        ),
    ],
)
def test_the_new_xml_readers_refuse_entities_load_no_dtd_and_take_huge_attributes(tmp_path, fmt, document):
    bomb = tmp_path / "bomb.xml"
    bomb.write_text(f'<?xml version="1.0"?>\n<!DOCTYPE t [<!ENTITY l0 "lol">{_BOMB}]>\n{document.format("&l9;")}\n')
    started = time.monotonic()
    (error,) = run_specs([SourceSpec(bomb)], format=fmt).errors
    assert time.monotonic() - started < 1 and error.line == 2 and "entity declarations are not allowed" in error.message
    external = tmp_path / "external.xml"  # a DTD it would have to fetch: never fetched, never needed
    external.write_text(f'<!DOCTYPE t SYSTEM "http://127.0.0.1:9/never.dtd">\n{document.format("hello")}\n')
    (episode,) = run_specs([SourceSpec(external)], format=fmt).episodes
    assert episode.turns[0].text == "hello"
    huge = tmp_path / "huge.xml"  # a megabyte of attribute: read, or refused as a clear error, never a crash
    huge.write_text(
        document.format("hello")
        .replace("<body>", f'<body class="{"x" * 1_000_000}">')
        .replace("<speech>", f'<speech speaker="{"y" * 1_000_000}">')
    )
    result = run_specs([SourceSpec(huge)], format=fmt)
    assert [e.turns[0].text for e in result.episodes] == ["hello"] or all(": error: " in str(e) for e in result.errors)


# -- round trip: this project's own files, read back ---------------------------------------------------

WORD = st.text(alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGH0123456789'.,?!éü"), min_size=1, max_size=9)
NAMES = ["Ana Ruiz", "Theo Park", "Mia Chen Lopez"]  # SRT names a speaker once a turn: a one-word name must recur


@st.composite
def episodes(draw, speakers: list[str | None]) -> Episode:
    count = draw(st.integers(1, 12))
    gaps = draw(st.lists(st.integers(1, 90), min_size=count, max_size=count))
    starts = [sum(gaps[: n + 1]) - gaps[0] for n in range(count)]
    turns = [
        Turn(
            speaker=draw(st.sampled_from(speakers)),
            start=start,
            text=" ".join(draw(st.lists(WORD, min_size=1, max_size=30))),
        )
        for start in starts
    ]
    chapters = [
        Chapter(start=s, title=f"Part {n}") for n, s in enumerate(sorted(set(draw(st.lists(st.sampled_from(starts))))))
    ]
    source = Source(path="x.md", format="datatalks", sha256="0" * 64)
    return Episode(
        id="show-x",
        guid="g",
        show=ShowRef(id="show", title="Show"),
        title="T",
        turns=turns,
        chapters=chapters,
        sources=[source],
    )


def read_back(files: dict[str, bytes], suffix: str):
    (path,) = [p for p in files if p.endswith(suffix)]
    (draft,), _ = extract.extract(files[path].decode("utf-8"), path)
    return draft


def said(episode: Episode) -> list[tuple[str | None, str]]:
    return [(t.speaker, w) for t in episode.turns for w in words(t.text)]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(episode=st.one_of(episodes([*NAMES, None]), episodes(NAMES), episodes([None])))
def test_our_own_transcript_and_chapter_files_read_back_the_same(episode):
    site = Site()
    files = {**transcripts.render_episode(episode, site), **chapter_files.render_episode(episode, site)}
    written = {c.start_ms / 1000 for c in transcripts.cues(episode)}
    named = {t.speaker for t in episode.turns}
    for suffix in (".vtt", ".srt", ".json", ".html"):
        if suffix in (".srt", ".html") and None in named and len(named) > 1:
            continue  # neither can say "nobody" after a named speaker: a turn without a label continues the last
        draft = read_back({p: d for p, d in files.items() if p.startswith("transcripts/")}, suffix)
        assert [(c.speaker, w) for c in draft.cues for w in words(c.text)] == said(episode), suffix
        # every time is a cue's start, to the millisecond (the HTML file times each turn, not each cue)
        assert {c.start for c in draft.cues} - {None} <= written, suffix
    if episode.chapters:
        chapters = read_back({p: d for p, d in files.items() if p.startswith("chapters/")}, ".json").chapters
        assert [(c.start, c.title) for c in chapters] == [(c.start, c.title) for c in episode.chapters]


def test_roll_up_captions_without_word_timings_give_each_line_once():
    rolled = ["we are here today", "to talk about queues", "and how they work", "in practice"]
    cues = [f"00:0{2 * n}.000 --> 00:0{2 * n + 2}.000\n" + "\n".join(rolled[max(0, n - 1) : n + 1]) for n in range(4)]
    (draft,), _ = extract.extract("WEBVTT\n\n" + "\n\n".join(cues) + "\n", "roll.vtt")
    assert " ".join(c.text for c in draft.cues) == " ".join(rolled)
    assert [c.start for c in draft.cues] == [0, 2, 4, 6]
