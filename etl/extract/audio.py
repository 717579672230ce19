"""The episode's own audio (MP3, M4A, Opus, Vorbis, FLAC): its exact length, type and duration, its chapters and
its artwork, read with mutagen, which seeks to the tags: an audio file is never read whole into memory.

- ID3v2 (MP3): `CHAP` frames (start and end in milliseconds; the `TIT2` title, `WXXX` link and `APIC` image in
  each) in the order of the top-level `CTOC` (else by start), `TIT2`, `TDRC`, `TRCK`, `COMM` (else a `TXXX`
  description), `TPE1`/`TALB` as hints for the show's author and title, `APIC` cover art;
- MP4 (M4A): Nero `chpl` chapters (what mutagen exposes), `©nam`, `©day`, `trkn`, `©cmt`/`desc`, `©ART`/`©alb`,
  `covr`;
- Ogg Opus and Vorbis, FLAC: Vorbis comments (`TITLE`, `DATE`, `TRACKNUMBER`, `DESCRIPTION`/`COMMENT`, `ARTIST`,
  `ALBUM`), chapters as `CHAPTER001=00:00:00.000` / `CHAPTER001NAME=…` (/ `CHAPTER001URL=…`), pictures.
An audio file is a sidecar (kind `audio`): it completes the episode its `target:` or `sNNeMM` name gives (the
transform decides what it fills), else it is an episode of its own from its tags. Its enclosure URL is the
source's `media_url` and the file name. Embedded pictures travel with the draft; the build publishes each once,
named by its bytes, and links it.
"""

from __future__ import annotations

import base64
import itertools
import os
import struct
from pathlib import PurePath
from typing import Any
from urllib.parse import quote

from etl.errors import SourceError
from etl.extract.common import NO_OPTIONS, Options, Verdict, numbers_in_name, source_key
from etl.model import HTTP_URL, Enclosure
from etl.model.draft import ChannelDraft, ChapterDraft, EpisodeDraft, Picture
from etl.util.dates import parse_date
from etl.util.media import Container, sniff
from etl.util.timecode import parse_time

NAME = "audio"
_PICTURE_TYPES = {"image/jpeg", "image/png", "image/gif", "image/webp"}


def detect_head(head: bytes) -> Verdict:
    found = sniff(head)
    if found:
        return Verdict(True, f"{found.name} audio ({found.mime}), by its first bytes")
    return Verdict(False, "no audio signature (ID3, MPEG frame sync, ftyp, OggS, fLaC)")


def detect(text: str) -> Verdict:
    return Verdict(False, "text: an audio file is told by its bytes")


def extract(text: str, path: str, options: Options = NO_OPTIONS) -> list[EpisodeDraft]:
    raise SourceError("an audio file is read from its bytes, not as text", path)


def extract_file(path: str, display: str, options: Options = NO_OPTIONS) -> list[EpisodeDraft]:
    """The drafts of the audio file at `path` (named `display` in messages)."""
    import mutagen  # loaded only when a build has audio to read

    size = os.path.getsize(path)
    with open(path, "rb") as handle:
        container = sniff(handle.read(64))
    if container is None:
        raise SourceError("no audio signature (ID3, MPEG frame sync, ftyp, OggS, fLaC)", display)
    season, episode = numbers_in_name(display)
    draft = EpisodeDraft(
        path=display, format=NAME, key=source_key(display), kind="audio", line=None, season=season, episode=episode
    )
    draft.enclosure = _enclosure(draft, display, size, container, options)
    try:
        found = mutagen.File(path)
    except (mutagen.MutagenError, OSError, ValueError, IndexError, EOFError, struct.error) as exc:
        said = str(exc).strip() or type(exc).__name__
        draft.warn(f"the audio's tags cannot be read ({said}); only its size and type are used")
        return [draft]
    if found is None:
        draft.warn(f"mutagen knows no codec in this {container.name} file; only its size and type are used")
        return [draft]
    length = getattr(found.info, "length", None)
    draft.duration = round(float(length), 3) if isinstance(length, int | float) and length > 0 else None
    if draft.duration is None:
        draft.warn("the audio's duration cannot be read; left unknown")
    tags = found.tags
    if tags is not None:
        kind = type(tags).__name__
        if kind == "ID3" or hasattr(tags, "getall"):
            _id3(draft, tags)
        elif kind == "MP4Tags":
            _mp4(draft, tags, getattr(found, "chapters", None))
        else:
            _vorbis(draft, tags, getattr(found, "pictures", []))
    elif getattr(found, "chapters", None):
        _mp4(draft, {}, found.chapters)
    _check_chapters(draft)
    return [draft]


def _enclosure(draft: EpisodeDraft, name: str, size: int, container: Container, options: Options) -> Enclosure | None:
    if not options.media_url:
        draft.note("no `media_url` for this source: the audio gives its duration and chapters, no enclosure URL")
        return None
    url = options.media_url.rstrip("/") + "/" + quote(PurePath(name).name)
    if not HTTP_URL.match(url):
        draft.warn(f"`media_url` and the file name make no http(s) URL ({url!r}); no enclosure")
        return None
    return Enclosure(url=url, length=size, type=container.mime)


def _first(values: Any) -> str | None:
    for value in values if isinstance(values, list | tuple) else [values]:
        text = " ".join(str(value).split())
        if text:
            return text
    return None


def _track(draft: EpisodeDraft, value: Any) -> None:
    """`3/12` or `3`: the episode number, when the file name gives none."""
    text = _first(value) or ""
    number = text.split("/", 1)[0].strip()
    if draft.episode is None and number.isdigit():
        draft.episode = int(number)


def _picture(draft: EpisodeDraft, data: bytes, mime: str, chapter: int | None = None) -> None:
    mime = (mime or "").lower().replace("image/jpg", "image/jpeg")
    if data and mime in _PICTURE_TYPES:
        draft.pictures.append(Picture(data=data, mime=mime, chapter=chapter))
    elif data:
        draft.warn(f"a picture of type {mime or 'unknown'!r} is left out: feeds and pages show JPEG, PNG, GIF, WebP")


def _id3(draft: EpisodeDraft, tags: Any) -> None:
    draft.title = _first(tags.get("TIT2").text) if tags.get("TIT2") else None
    if tags.get("TDRC"):
        draft.published = parse_date(str(tags["TDRC"].text[0]))
    if tags.get("TRCK"):
        _track(draft, tags["TRCK"].text)
    comments = [c for c in tags.getall("COMM") if _first(c.text)]
    described = [t for t in tags.getall("TXXX") if t.desc.lower() in ("description", "comment") and _first(t.text)]
    said = comments[0].text if comments else described[0].text if described else None
    draft.summary = "\n\n".join(str(t).strip() for t in said if str(t).strip()) if said else None
    album, artist = tags.get("TALB"), tags.get("TPE1")
    _hints(draft, _first(album.text) if album else None, _first(artist.text) if artist else None)
    covers = sorted(tags.getall("APIC"), key=lambda a: a.type != 3)  # the front cover first
    if covers:
        _picture(draft, covers[0].data, covers[0].mime)
    chapters = {frame.element_id: frame for frame in tags.getall("CHAP")}
    order = _toc_order(tags, chapters)
    ends = sorted((chapters[c].start_time, chapters[c].end_time, c) for c in order)
    overlaps = [c for (_, end, c), (start, _, _) in itertools.pairwise(ends) if end > start]
    if overlaps:
        draft.warn(f"{len(overlaps)} chapter(s) run past the next one's start (first: {overlaps[0]!r}); kept as given")
    for element_id in order:
        frame = chapters[element_id]
        sub = frame.sub_frames
        title = _first(sub["TIT2"].text) if "TIT2" in sub else None
        links = [f.url for key, f in sub.items() if key.startswith("WXXX") and HTTP_URL.match(f.url or "")]
        start = frame.start_time / 1000
        if not title:
            draft.warn(f"chapter {element_id!r} at {start:g} s has no title; left out")
            continue
        draft.chapters.append(ChapterDraft(start=start, title=title, url=links[0] if links else None))
        pictures = [f for key, f in sub.items() if key.startswith("APIC")]
        if pictures:
            _picture(draft, pictures[0].data, pictures[0].mime, len(draft.chapters) - 1)


def _toc_order(tags: Any, chapters: dict[str, Any]) -> list[str]:
    """Chapter ids in the order of the top-level table of contents (nested tables in place), then any chapter no
    table lists, by start."""
    tocs = {toc.element_id: toc for toc in tags.getall("CTOC")}
    top = next((toc for toc in tocs.values() if toc.flags & 1), None)  # CTOCFlags.TOP_LEVEL
    order: list[str] = []

    def walk(toc: Any, seen: set[str]) -> None:
        for child in toc.child_element_ids:
            if child in chapters and child not in order:
                order.append(child)
            elif child in tocs and child not in seen:
                walk(tocs[child], seen | {child})

    if top is not None:
        walk(top, {top.element_id})
    rest = sorted((c for c in chapters if c not in order), key=lambda c: chapters[c].start_time)
    return order + rest


def _mp4(draft: EpisodeDraft, tags: Any, chapters: Any) -> None:
    draft.title = _first(tags.get("©nam", []))
    dated = _first(tags.get("©day", []))
    draft.published = parse_date(dated) if dated else None
    track = tags.get("trkn")
    if track:
        _track(draft, str(track[0][0]))
    draft.summary = _first(tags.get("desc", [])) or _first(tags.get("©cmt", []))
    _hints(draft, _first(tags.get("©alb", [])), _first(tags.get("©ART", [])))
    for cover in tags.get("covr", [])[:1]:
        _picture(draft, bytes(cover), "image/png" if getattr(cover, "imageformat", 13) == 14 else "image/jpeg")
    for chapter in chapters or []:
        title = " ".join(str(chapter.title or "").split())
        if title:
            draft.chapters.append(ChapterDraft(start=round(float(chapter.start), 3), title=title))


def _vorbis(draft: EpisodeDraft, tags: Any, pictures: list[Any]) -> None:
    def get(key: str) -> str | None:
        return _first(tags.get(key, []))

    draft.title = get("TITLE")
    dated = get("DATE")
    draft.published = parse_date(dated) if dated else None
    if get("TRACKNUMBER"):
        _track(draft, get("TRACKNUMBER"))
    draft.summary = get("DESCRIPTION") or get("COMMENT")
    _hints(draft, get("ALBUM"), get("ARTIST"))
    found = list(pictures)
    for block in tags.get("METADATA_BLOCK_PICTURE", []):  # Ogg's pictures: a FLAC picture block in base64
        from mutagen.flac import Picture as FlacPicture

        try:
            found.append(FlacPicture(base64.b64decode(block)))
        except Exception:  # a damaged picture block costs only itself, whatever mutagen raises for it
            draft.warn("a picture in the Vorbis comments cannot be read; left out")
    found.sort(key=lambda p: p.type != 3)
    if found:
        _picture(draft, found[0].data, found[0].mime)
    n = 1
    while get(f"CHAPTER{n:03d}") is not None:
        stamp, name = get(f"CHAPTER{n:03d}") or "", get(f"CHAPTER{n:03d}NAME")
        url = get(f"CHAPTER{n:03d}URL")
        try:
            start = float(parse_time(stamp))
        except ValueError:
            draft.warn(f"CHAPTER{n:03d}={stamp!r} is not a time; that chapter is left out")
            start = -1.0
        if start >= 0 and name:
            draft.chapters.append(
                ChapterDraft(start=start, title=name, url=url if url and HTTP_URL.match(url) else None)
            )
        elif start >= 0:
            draft.warn(f"CHAPTER{n:03d} has no CHAPTER{n:03d}NAME; left out")
        n += 1


def _hints(draft: EpisodeDraft, album: str | None, artist: str | None) -> None:
    """Album and artist: the show's title and author, where etl.yaml and the feeds say nothing."""
    if album or artist:
        draft.channel = ChannelDraft(title=album, author=artist, feed=False)


def _check_chapters(draft: EpisodeDraft) -> None:
    """Chapters in time order, none past the end; overlaps are said, not mended."""
    if any(b.start < a.start for a, b in zip(draft.chapters, draft.chapters[1:], strict=False)):
        draft.warn("the audio's chapters are not in time order; sorted by start")
        order = sorted(range(len(draft.chapters)), key=lambda i: draft.chapters[i].start)
        moved = {old: new for new, old in enumerate(order)}
        draft.chapters = [draft.chapters[i] for i in order]
        for picture in draft.pictures:
            if picture.chapter is not None:
                picture.chapter = moved[picture.chapter]
    if draft.duration is not None:
        past = [c for c in draft.chapters if c.start >= draft.duration]
        if past:
            draft.warn(
                f"{len(past)} chapter(s) start after the audio ends ({draft.duration:g} s), the first "
                f"{past[0].title!r} at {past[0].start:g} s; left out"
            )
            keep = [i for i, c in enumerate(draft.chapters) if c.start < draft.duration]
            moved = {old: new for new, old in enumerate(keep)}
            draft.chapters = [draft.chapters[i] for i in keep]
            draft.pictures = [p for p in draft.pictures if p.chapter is None or p.chapter in moved]
            for picture in draft.pictures:
                if picture.chapter is not None:
                    picture.chapter = moved[picture.chapter]
