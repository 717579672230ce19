"""The episode's own audio as a source: MP3 (ID3 CHAP/CTOC), M4A (Nero chapters), Opus and FLAC (Vorbis comment
chapters), read with mutagen from files made by FFmpeg (fixtures/audio/make.py, committed beside them)."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES
from helpers import run_specs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mutagen.id3 import CHAP, CTOC, ID3, TIT2, CTOCFlags

from etl.cli import main
from etl.config import Config, SourceConfig
from etl.errors import SourceError
from etl.extract import audio
from etl.extract.common import Options
from etl.pipeline.sources import SourceSpec

AUDIO = FIXTURES / "audio"
MEDIA = "https://media.example.org/audio/"
FORMATS = sorted(p for p in (AUDIO / "formats").iterdir() if p.suffix in (".mp3", ".m4a", ".opus", ".flac"))


def _read(path: Path, media_url: str | None = MEDIA):
    (draft,) = audio.extract_file(str(path), path.name, Options(media_url=media_url))
    return draft


@pytest.mark.parametrize("path", FORMATS, ids=lambda p: p.name)
def test_audio_golden(path, data_regression):
    draft = _read(path)
    document = draft.model_dump(mode="json", exclude={"pictures", "sha256", "origin", "merged"})
    document["pictures"] = [
        {"sha256": hashlib.sha256(p.data).hexdigest()[:16], "mime": p.mime, "chapter": p.chapter}
        for p in draft.pictures
    ]
    data_regression.check(document)


def test_each_container_gives_duration_length_type_and_chapters():
    found = {p.name: _read(p) for p in FORMATS}
    mp3 = found["s02e03-tone.mp3"]
    assert [(c.start, c.title, c.url) for c in mp3.chapters] == [
        (0, "Opening", None),
        (2, "Middle", "https://example.org/middle"),
        (4, "Close", None),
    ]
    assert (mp3.title, mp3.published, mp3.season, mp3.episode) == ("Tone, with chapters", "2024-06-01", 2, 3)
    assert [(p.chapter, p.mime) for p in mp3.pictures] == [(None, "image/png"), (1, "image/png")]  # cover, chapter
    assert mp3.channel and (mp3.channel.title, mp3.channel.author) == ("Release Retro", "The etl fixtures team")
    for name, mime in (("s02e03-tone.mp3", "audio/mpeg"), ("tone.m4a", "audio/x-m4a"), ("tone.opus", "audio/ogg")):
        enclosure = found[name].enclosure
        assert enclosure.type == mime and enclosure.length == (AUDIO / "formats" / name).stat().st_size
        assert enclosure.url == MEDIA + name and 5.9 < found[name].duration < 6.2
    assert [(c.start, c.title) for c in found["tone.m4a"].chapters] == [(0, "First half"), (3, "Second half")]
    assert [(c.start, c.title) for c in found["tone.opus"].chapters] == [(0, "Start"), (4.5, "Later")]
    flac = found["tone.flac"]
    assert [(c.start, c.title) for c in flac.chapters] == [(0, "Intro"), (3.25, "Outro")]
    assert flac.episode == 7 and [p.chapter for p in flac.pictures] == [None] and flac.enclosure.type == "audio/flac"


def test_a_damaged_tag_is_a_warning_and_the_size_and_type_still_count():
    draft = _read(AUDIO / "formats" / "damaged.mp3")
    assert draft.enclosure.length == 200 and draft.duration is None and not draft.chapters
    assert any("tags cannot be read" in n.message for n in draft.notes)


def _with_chapters(tmp_path: Path, chapters: list[tuple[int, int, str]], name: str = "s01e01-x.mp3") -> Path:
    path = tmp_path / name
    shutil.copy(AUDIO / "formats" / "s02e03-tone.mp3", path)
    tags = ID3(path)
    tags.delall("CHAP")
    tags.delall("CTOC")
    ids = [f"c{n}" for n in range(len(chapters))]
    for element, (start, end, title) in zip(ids, chapters, strict=True):
        tags.add(CHAP(element_id=element, start_time=start, end_time=end, sub_frames=[TIT2(encoding=3, text=title)]))
    if ids:
        tags.add(CTOC(element_id="toc", flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED, child_element_ids=ids))
    tags.save(path)
    return path


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(starts=st.lists(st.integers(0, 5_999), min_size=1, max_size=8, unique=True))
def test_chapters_written_into_an_mp3_read_back_in_order_to_the_millisecond(tmp_path, starts):
    starts = sorted(starts)
    ends = [*starts[1:], 6_000]
    path = _with_chapters(tmp_path, [(s, e, f"Part {n}") for n, (s, e) in enumerate(zip(starts, ends, strict=True))])
    draft = _read(path)
    assert [c.title for c in draft.chapters] == [f"Part {n}" for n in range(len(starts))]
    assert all(abs(c.start * 1000 - s) < 1 for c, s in zip(draft.chapters, starts, strict=True))


def test_chapters_past_the_end_and_overlapping_ones_are_warnings(tmp_path):
    path = _with_chapters(tmp_path, [(0, 3000, "A"), (2000, 4000, "B"), (9000, 9500, "After the end")])
    draft = _read(path)
    assert [c.title for c in draft.chapters] == ["A", "B"]
    said = [n.message for n in draft.notes]
    assert any("start after the audio ends" in m and "'After the end' at 9 s" in m for m in said)
    assert any("run past the next one's start" in m for m in said)


PAGE = (
    "---\ntitle: The page\nseason: 1\nepisode: 1\nduration: 600\naudio: https://old.example.org/x.mp3\n---\n\nNotes.\n"
)


def _config(tmp_path: Path, **media: str) -> Config:
    sources = [SourceConfig(path="*.md"), SourceConfig(path="*.mp3", **media), SourceConfig(path="*.txt")]
    return Config(base_dir=tmp_path, base_url="https://example.org/", sources=sources)


def test_an_audio_sidecar_gives_its_page_an_exact_enclosure_duration_and_chapters(tmp_path):
    (tmp_path / "s01e01-page.md").write_text(PAGE, encoding="utf-8")
    mp3 = _with_chapters(tmp_path, [(0, 3000, "Hello"), (3000, 6000, "Bye")])
    specs = [
        SourceSpec(tmp_path / "s01e01-page.md", SourceConfig(path="*.md")),
        SourceSpec(mp3, SourceConfig(path="*.mp3", media_url=MEDIA)),
    ]
    result = run_specs(specs, _config(tmp_path, media_url=MEDIA))
    (episode,) = result.episodes
    assert episode.enclosure.url == MEDIA + "s01e01-x.mp3" and episode.enclosure.length == mp3.stat().st_size
    assert 5.9 < episode.duration < 6.2 and [c.title for c in episode.chapters] == ["Hello", "Bye"]
    assert [s.format for s in episode.sources] == ["frontmatter", "audio"]
    assert any("differs from the audio's" in w.message for w in result.warnings)  # 600 s typed by hand


def test_a_text_chapters_file_wins_over_the_audios_chapters_with_a_warning_naming_both(tmp_path):
    (tmp_path / "s01e01-page.md").write_text(PAGE, encoding="utf-8")
    mp3 = _with_chapters(tmp_path, [(0, 3000, "From the audio")])
    (tmp_path / "s01e01-chapters.txt").write_text("0:00 Edited by hand\n2:00 Later\n", encoding="utf-8")
    config = _config(tmp_path, media_url=MEDIA)
    specs = [
        SourceSpec(tmp_path / "s01e01-page.md", config.sources[0]),
        SourceSpec(mp3, config.sources[1]),
        SourceSpec(tmp_path / "s01e01-chapters.txt", config.sources[2]),
    ]
    result = run_specs(specs, config)
    (episode,) = result.episodes
    assert [c.title for c in episode.chapters] == ["Edited by hand", "Later"]
    said = [w.message for w in result.warnings if "are left out" in w.message]
    assert len(said) == 1 and f"chapters from {mp3}" in said[0], said


def test_an_audio_file_alone_is_an_episode_from_its_tags(tmp_path, capsys):
    shutil.copy(AUDIO / "formats" / "s02e03-tone.mp3", tmp_path / "s02e03-tone.mp3")
    (tmp_path / "etl.yaml").write_text(
        f"base_url: https://example.org/\nsources: [{{path: '*.mp3', media_url: '{MEDIA}'}}]\n", encoding="utf-8"
    )
    out = tmp_path / "out"
    assert main(["build", "--config", str(tmp_path / "etl.yaml"), "--out", str(out), "-v"]) == 0
    episode = json.loads((out / "episodes" / "podcast-s02e03.json").read_text(encoding="utf-8"))
    assert episode["title"] == "Tone, with chapters" and episode["published"] == "2024-06-01"
    assert episode["summary"] == "Six seconds of A above middle C, in three chapters."
    cover = episode["image"].removeprefix("https://example.org/")
    chapter = episode["chapters"][1]["img"].removeprefix("https://example.org/")
    assert cover.startswith("images/") and chapter.startswith("images/") and cover != chapter
    assert (out / cover).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"  # published once, named by its bytes
    assert "show 'podcast': title from the feed's channel" in capsys.readouterr().err  # the album names the show


def test_audio_is_never_read_whole_and_has_a_limit_of_its_own(tmp_path, monkeypatch, capsys):
    from etl.pipeline import scan

    shutil.copy(AUDIO / "formats" / "tone.opus", tmp_path / "tone.opus")
    (tmp_path / "etl.yaml").write_text("max_source_bytes: 1000\nsources: [{path: '*.opus'}]\n", encoding="utf-8")
    monkeypatch.setattr(scan, "read_source", lambda *a: pytest.fail("an audio file was read whole"))
    out = tmp_path / "out"
    args = ["build", "--config", str(tmp_path / "etl.yaml"), "--out", str(out), "--jobs", "1"]
    assert main(args) == 0  # 14 kB of audio, over max_source_bytes: audio has max_audio_bytes
    (tmp_path / "etl.yaml").write_text("max_audio_bytes: 1000\nsources: [{path: '*.opus'}]\n", encoding="utf-8")
    assert main(args) == 1
    assert "audio is 14,190 bytes, over the limit of 1,000 (max_audio_bytes)" in capsys.readouterr().err


def test_an_unchanged_audio_file_is_not_read_again(tmp_path, monkeypatch):
    shutil.copy(AUDIO / "formats" / "tone.m4a", tmp_path / "tone.m4a")
    (tmp_path / "etl.yaml").write_text("sources: [{path: '*.m4a'}]\n", encoding="utf-8")
    calls = []
    real = audio.extract_file
    monkeypatch.setattr(audio, "extract_file", lambda *a: calls.append(a[0]) or real(*a))
    args = ["build", "--config", str(tmp_path / "etl.yaml"), "--out", str(tmp_path / "out"), "--jobs", "1"]
    assert main(args) == 0 and main(args) == 0
    assert len(calls) == 1


@pytest.mark.parametrize(
    ("head", "audio_kind"),
    [
        (b"ID3\x04\x00\x00\x00\x00\x0f\x76", "mp3"),
        (b"\xff\xfb\x90\x64", "mp3"),
        (b"\x00\x00\x00\x20ftypM4A ", "mp4"),
        (b"OggS\x00\x02", "ogg"),
        (b"fLaC\x00\x00\x00\x22", "flac"),
        (b"ID3 is a tag format; this is a text about it\n", None),  # text that starts with the letters
        (b"0:00 hello\n0:03 there\n", None),
        (b"WEBVTT\n\n", None),
    ],
)
def test_audio_is_told_by_its_first_bytes(head, audio_kind):
    from etl.util.media import sniff

    found = sniff(head)
    assert (found.name if found else None) == audio_kind
    assert bool(audio.detect_head(head)) == (audio_kind is not None)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    source=st.sampled_from([*FORMATS, *sorted((AUDIO / "show").glob("*.mp3"))]),
    garbled=st.lists(st.tuples(st.integers(0, 4000), st.integers(0, 255)), max_size=40),
    cut=st.none() | st.integers(0, 40000),
)
def test_damaged_audio_is_read_as_far_as_it_goes_and_never_crashes(tmp_path, source, garbled, cut):
    """Tags garbled byte by byte and files cut short: a draft with warnings, or our error, nothing else."""
    data = bytearray(source.read_bytes())
    for at, byte in garbled:
        if at < len(data):
            data[at] = byte
    path = tmp_path / source.name
    path.write_bytes(bytes(data[:cut] if cut is not None else data))
    try:
        drafts = audio.extract_file(str(path), source.name, Options(media_url=MEDIA))
    except SourceError as error:
        assert error.message
        return
    for draft in drafts:
        assert all(c.start >= 0 for c in draft.chapters)
