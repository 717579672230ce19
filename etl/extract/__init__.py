"""Reader registry: each module exposes NAME, detect(text) -> Verdict and extract(text, path, options) -> drafts.

Adding a format means adding one module and one entry in READERS. Order matters only
between readers that could both claim a text: the more specific one comes first.
A reader's detect() asks for what its extract() needs, so a file it claims is one it can read
(or fails on with an error about the file, never about having been claimed).
"""

from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType

from pydantic import ValidationError

from etl.errors import SourceError
from etl.extract import (
    audacity,
    audio,
    blog,
    captions,
    chapterlist,
    chaptersjson,
    community,
    datatalks,
    ffmetadata,
    frontmatter,
    htmltranscript,
    labelled,
    podlove,
    podlovechapters,
    podlovetranscript,
    rss,
    sbv,
    srt,
    transcriptjson,
    ttml,
    webvtt,
)
from etl.extract.common import NO_OPTIONS, Options
from etl.model.draft import EpisodeDraft
from etl.util.text import scrub

# Order matters only where two readers could claim one text; the more specific one is asked first:
# - community before datatalks and frontmatter: a community post may carry front matter, while no DataTalks or
#   podcast-theme page has a `Title // Guest // Series #N` line or `//`-headed sections;
# - datatalks before frontmatter: a DataTalks page has an episode's keys too, besides its own (`ids`, `short`);
# - frontmatter before transcript-json and chapters-json: it claims a JSON object only with an episode's keys
#   (Hugo's JSON front matter) and declines theirs;
# - rss before podlove: a feed declares the Podlove namespace for its items' chapters; the other XML readers
#   (ttml, podlove-transcript) go by their root element and namespace;
# - html-transcript before the timed-line readers: its lines start with tags, never a clock;
# - webvtt before srt (both have `-->` lines; only WebVTT starts with `WEBVTT`), srt before sbv (an SBV file has
#   no `-->`), and all three before the timed-line readers (a time line starts with a clock);
# - ffmetadata before the timed-line readers: `;FFMETADATA1` is its first line, its `START=` lines no clock;
# - labelled before chapters and captions: `[00:02:06] Name: words` is a timed line too, told apart by its
#   recurring names.
READERS: tuple[ModuleType, ...] = (
    community,
    datatalks,
    frontmatter,
    blog,
    rss,
    ttml,
    htmltranscript,
    podlovetranscript,
    webvtt,
    srt,
    sbv,
    transcriptjson,
    chaptersjson,
    podlovechapters,
    podlove,
    ffmetadata,
    audacity,
    labelled,
    chapterlist,
    captions,
)


# Audio is read from its bytes where it lies (by seeking), never as text: it has a registry entry of its own.
AUDIO = audio
AUDIO_NAME = audio.NAME


def names() -> list[str]:
    return [reader.NAME for reader in READERS] + [AUDIO_NAME]


def reader_named(name: str) -> ModuleType:
    for reader in (*READERS, AUDIO):
        if name == reader.NAME:
            return reader
    raise SourceError(f"unknown format {name!r} (known: {', '.join(names())})")


@dataclass(frozen=True)
class Choice:
    """The reader for a text (None: no reader claims it), and every verdict asked on the way (for -v)."""

    reader: ModuleType | None
    reasons: list[str]


def choose(text: str, path: str, format: str | None = None) -> Choice:
    """The first reader that claims `text`, or the one `format` names."""
    if not text.strip():
        raise SourceError("empty source", path)
    if format:
        return Choice(reader_named(format), [f"{format}: forced"])
    reasons = []
    for reader in READERS:
        verdict = reader.detect(text)
        reasons.append(f"{reader.NAME}: {'yes' if verdict else 'no'}, {verdict.reason}")
        if verdict:
            return Choice(reader, reasons)
    return Choice(None, reasons)


def choose_audio(path: str, format: str | None = None) -> Choice:
    return Choice(AUDIO, [f"{AUDIO_NAME}: forced" if format else f"{AUDIO_NAME}: yes, audio by its first bytes"])


def read_audio(file: str, path: str, options: Options = NO_OPTIONS) -> list[EpisodeDraft]:
    """Drafts from an audio file (raises SourceError naming `path`)."""
    try:
        return AUDIO.extract_file(file, path, options)
    except SourceError as exc:
        raise exc.located(path) from None


def read(
    choice: Choice, text: str, path: str, options: Options = NO_OPTIONS, *, scrubbed: bool = False
) -> list[EpisodeDraft]:
    """Drafts from the chosen reader (raises SourceError naming `path`). `scrubbed`: the text holds nothing the
    model cannot (the build's decoding removed it, with a warning), so it is not searched again."""
    if choice.reader is None:
        raise _unrecognised(choice, path)
    if not scrubbed:
        text = scrub(text)[0]  # a reader sees only text the model can hold
    try:
        return choice.reader.extract(text, path, options)
    except SourceError as exc:
        raise exc.located(path) from None
    except ValidationError as exc:  # a value no draft may hold; the transform would refuse it too
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise SourceError(f"{choice.reader.NAME}: {where}: {first['msg']}", path) from None


def detect(text: str, path: str) -> tuple[ModuleType, list[str]]:
    """The first reader that claims `text`, and every reader's reason (raises SourceError for none)."""
    choice = choose(text, path)
    if choice.reader is None:
        raise _unrecognised(choice, path)
    return choice.reader, choice.reasons


def _unrecognised(choice: Choice, path: str) -> SourceError:
    reasons = "; ".join(choice.reasons)
    return SourceError(f"unrecognised source format ({reasons}); use --format to force one", path)


def extract(
    text: str, path: str, format: str | None = None, options: Options = NO_OPTIONS
) -> tuple[list[EpisodeDraft], list[str]]:
    """Drafts from one source's text, with the detection reasons."""
    choice = choose(text, path, format)
    return read(choice, text, path, options), choice.reasons
