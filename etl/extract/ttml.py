"""TTML transcripts (`.ttml`), as Apple Podcasts generates them for every show and lets podcasters download them.

`<tt>` in the TTML namespace; each `<p>` is a cue (a speaker's paragraph), `ttm:agent` names its speaker (on the
`<p>` or an element around it), `<span podcasts:unit="sentence">` holds a sentence and `<span
podcasts:unit="word">` a word. Apple writes word spans with no white space between them, so words are joined
with spaces; each sentence becomes a piece with the first time found in it (its own `begin`, else its first
word's), a `<p>` without sentences one piece. Times are TTML's: clock times (`00:00:03.500`, `00:00:03:12` with
frames), offsets (`3.5s`, `3500ms`, `1.5m`, `2h`, `75f`, `900t`), and Apple's bare seconds and `M:SS.mmm`, each
read from the episode's start, as Apple writes them. An agent with a `<ttm:name>` is that
name; one without (Apple's `SPEAKER_1`) is "Speaker 1", kept apart from the next but never credited as a person.
Parsed by lxml without entities, DTDs or network (`etl.util.xmlsafe`).
"""

from __future__ import annotations

import re

from lxml import etree

from etl.errors import SourceError
from etl.extract import cues
from etl.extract.common import NO_OPTIONS, Options, Verdict
from etl.model.draft import EpisodeDraft
from etl.util import xmlsafe
from etl.util.timecode import parse_time

NAME = "ttml"
TT = "http://www.w3.org/ns/ttml"
TTM = "http://www.w3.org/ns/ttml#metadata"
TTP = "http://www.w3.org/ns/ttml#parameter"
XML = "http://www.w3.org/XML/1998/namespace"
_ROOT = re.compile(r"<(?:[\w.-]+:)?tt[\s>]")
_OFFSET = re.compile(r"^(?P<n>\d+(?:\.\d+)?)(?P<unit>h|ms|m|s|f|t)$")
_FRAMES = re.compile(r"^(?P<clock>\d+:\d{2}:\d{2}):(?P<frames>\d+(?:\.\d+)?)$")
_ANONYMOUS = re.compile(r"^speaker[_ -]?(\d+)$", re.I)


def detect(text: str) -> Verdict:
    head = text[:4000]
    if TT in head and _ROOT.search(head):
        return Verdict(True, "a <tt> document in the TTML namespace")
    return Verdict(False, "no <tt> element in the TTML namespace")


def _tag(namespace: str, name: str) -> str:
    return f"{{{namespace}}}{name}"


class _Clock:
    """TTML time expressions, with the document's frame and tick rates."""

    def __init__(self, root: etree._Element) -> None:
        self.frames = _rate(root.get(_tag(TTP, "frameRate")), 30.0)
        self.ticks = _rate(root.get(_tag(TTP, "tickRate")), 1.0)

    def seconds(self, value: str | None) -> float | None:
        if not value or not value.strip():
            return None
        text = value.strip()
        offset = _OFFSET.match(text)
        if offset:
            n, unit = float(offset.group("n")), offset.group("unit")
            scale = {"h": 3600.0, "m": 60.0, "s": 1.0, "ms": 0.001, "f": 1 / self.frames, "t": 1 / self.ticks}[unit]
            return n * scale
        framed = _FRAMES.match(text)
        try:
            if framed:
                return float(parse_time(framed.group("clock"))) + float(framed.group("frames")) / self.frames
            return float(parse_time(text))
        except ValueError:
            return None


def _rate(value: str | None, default: float) -> float:
    try:
        rate = float(value) if value else default
    except ValueError:
        return default
    return rate if rate > 0 else default


def _agents(root: etree._Element) -> dict[str, str]:
    """Each `ttm:agent`'s name (`<ttm:name>`), by its `xml:id`."""
    names = {}
    for agent in root.iter(_tag(TTM, "agent")):
        key = agent.get(_tag(XML, "id"))
        name = next((" ".join((n.text or "").split()) for n in agent.iter(_tag(TTM, "name"))), "")
        if key and name:
            names[key] = name
    return names


def _speaker(element: etree._Element, names: dict[str, str]) -> str | None:
    for node in (element, *element.iterancestors()):
        agent = (node.get(_tag(TTM, "agent")) or "").strip().split()
        if agent:
            found = names.get(agent[0])
            if found:
                return found
            anonymous = _ANONYMOUS.match(agent[0])
            return f"Speaker {anonymous.group(1)}" if anonymous else agent[0]
    return None


def _words(element: etree._Element) -> str:
    """What is said in `element`: its word spans joined with spaces (Apple leaves none between them), else its
    text; `<br/>` is a space."""
    words = [w for w in element.iter(_tag(TT, "span")) if _unit(w) == "word"]
    if words:
        return " ".join(" ".join("".join(w.itertext()).split()) for w in words)
    parts = []
    for piece in element.iter():
        if piece.tag == _tag(TT, "br"):
            parts.append(" ")
        if piece is not element and piece.tail:
            parts.append(piece.tail)
        if piece.text and piece.tag != _tag(TT, "br"):
            parts.append(piece.text)
    return " ".join("".join(parts).split())


def _unit(span: etree._Element) -> str | None:
    """`podcasts:unit` under whichever namespace URI Apple's file declares for the prefix."""
    return next((value for key, value in span.attrib.items() if key.endswith("}unit")), None)


def _begin(element: etree._Element, clock: _Clock) -> float | None:
    """When `element` begins: its `begin`, else its first timed descendant's. Decision: times are read from the
    episode's start, as Apple writes every one of them (a `<p>` and its first word carry the same time), not
    from the parent's begin as TTML's own rule would; Apple's files are the ones podcasters have."""
    own = clock.seconds(element.get("begin"))
    if own is None:
        first = next((e for e in element.iter() if e is not element and e.get("begin")), None)
        return clock.seconds(first.get("begin")) if first is not None else None
    return own


def extract(text: str, path: str, options: Options = NO_OPTIONS) -> list[EpisodeDraft]:
    root = xmlsafe.parse(text, path)
    if root.tag != _tag(TT, "tt"):
        raise SourceError("a TTML file's root must be <tt> in the TTML namespace", path, root.sourceline)
    clock, names = _Clock(root), _agents(root)
    draft = cues.transcript_draft(path, NAME)
    pieces: list[cues.Piece] = []
    anonymous: set[str] = set()
    for paragraph in root.iter(_tag(TT, "p")):
        speaker = _speaker(paragraph, names)
        if speaker and speaker not in names.values():
            anonymous.add(speaker)
        sentences = [s for s in paragraph.iter(_tag(TT, "span")) if _unit(s) == "sentence"] or [paragraph]
        for sentence in sentences:
            words = _words(sentence)
            if words:
                pieces.append(cues.Piece(_begin(sentence, clock), words, sentence.sourceline, speaker))
    if not pieces:
        raise SourceError("no <p> with words in this TTML file", path, root.sourceline)
    filled = cues.fill(draft, pieces)
    # Apple's SPEAKER_1 tells voices apart but names nobody: a turn's label, never a person credited
    filled.people = [p for p in filled.people if p.name not in anonymous]
    return [filled]
