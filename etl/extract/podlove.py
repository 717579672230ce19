"""Podlove Simple Chapters, as a file of its own: `<psc:chapters>` with
`<psc:chapter start="00:01:02.500" title="…" href="…" image="…"/>` (namespace http://podlove.org/simple-chapters).

A chapters file. Times are Normal Play Time: `HH:MM:SS(.mmm)`, `MM:SS(.mmm)` or seconds. Parsed by lxml
with no entity expansion and no network (`etl.util.xmlsafe`).
"""

from __future__ import annotations

import re

from etl.errors import SourceError
from etl.extract.common import NO_OPTIONS, Options, Verdict, numbers_in_name, source_key
from etl.model import HTTP_URL
from etl.model.draft import ChapterDraft, EpisodeDraft
from etl.util import xmlsafe

NAME = "podlove"
PSC_NS = "http://podlove.org/simple-chapters"
_NPT = re.compile(r"^\s*(?:(?:(\d+):)?(\d+):)?(\d+(?:\.\d+)?)\s*$")


_ROOT = re.compile(r"<(?![?!])(?:[\w.-]+:)?(?P<name>[\w.-]+)")  # the first element's local name


def detect(text: str) -> Verdict:
    head = text[:4000]
    root = _ROOT.search(head) if head.lstrip("\ufeff \t\n").startswith("<") else None
    if root is None or PSC_NS not in head:
        return Verdict(False, "no XML in the Podlove Simple Chapters namespace")
    if root.group("name") != "chapters":  # a feed declares the namespace for its items' chapters: not this file
        return Verdict(False, f"XML whose root is <{root.group('name')}>, not Podlove's <psc:chapters>")
    return Verdict(True, f"a <psc:chapters> file ({PSC_NS})")


def npt(text: str) -> float | None:
    """Normal Play Time (`HH:MM:SS.mmm`, `MM:SS`, `SS.mmm`) in seconds; None when it is not one."""
    found = _NPT.match(text)
    if not found:
        return None
    hours, minutes, seconds = found.groups()
    if ((hours is not None or minutes is not None) and float(seconds) >= 60) or (
        minutes and hours and int(minutes) >= 60
    ):
        return None
    return (int(hours or 0) * 60 + int(minutes or 0)) * 60 + float(seconds)


def extract(text: str, path: str, options: Options = NO_OPTIONS) -> list[EpisodeDraft]:
    root = xmlsafe.parse(text, path)
    season, episode = numbers_in_name(path)
    draft = EpisodeDraft(path=path, format=NAME, key=source_key(path), kind="chapters", season=season, episode=episode)
    for element in root.iter(f"{{{PSC_NS}}}chapter"):
        line = element.sourceline
        start = npt(element.get("start", ""))
        title = " ".join((element.get("title") or "").split())
        if start is None:
            draft.warn(f"chapter start {element.get('start')!r} is not a time (HH:MM:SS.mmm); chapter left out", line)
            continue
        if not title:
            draft.warn("chapter without a title; left out", line)
            continue
        links = {key: element.get(attr) for key, attr in (("url", "href"), ("img", "image")) if element.get(attr)}
        for key, value in list(links.items()):
            if not HTTP_URL.match(value):
                draft.warn(f"chapter {key} is not an http(s) URL; left out: {value[:60]!r}", line)
                del links[key]
        draft.chapters.append(ChapterDraft(start=start, title=title, line=line, **links))
    if not draft.chapters and not draft.notes:
        raise SourceError(f"no <psc:chapter> element in namespace {PSC_NS}", path, 1)
    draft.line = draft.chapters[0].line if draft.chapters else 1
    return [draft]
