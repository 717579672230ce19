"""HTML transcripts: the Podcasting 2.0 transcript spec's `text/html` (`<cite>Name:</cite>`, `<time>0:00</time>`,
`<p>…</p>`), transcripts as sites publish them (the speaker in `<cite>`, `<strong>` or `<b>` before the words,
with or without times), and this project's own `transcripts/<id>.html`, read back.

Read by lxml's HTML parser, in document order: a `<cite>` names the speaker of the paragraphs after it, a
`<time>` (its `datetime`, `PT4.2S`, else its text, `0:04`) times the next paragraph, and a paragraph that opens
with a bold or cited label (`<p><strong>Dana:</strong> words</p>`, or the label alone in a paragraph before the
words) names its speaker there. Plain `Name: words` paragraphs follow SubRip's rule (`etl.extract.cues.labelled`).
A transcript without times has turns without times, as blog archives do. Claimed when the document holds a
transcript's marks: speakers in `<cite>` or recurring bold labels, or times before paragraphs; show notes that
are merely HTML are not a transcript.
"""

from __future__ import annotations

import copy
import re
from collections import Counter

import lxml.html
from lxml import etree

from etl.errors import SourceError
from etl.extract import cues
from etl.extract.common import NO_OPTIONS, Options, Verdict
from etl.model.draft import EpisodeDraft
from etl.util.timecode import parse_iso_duration, parse_time

NAME = "html-transcript"
_HTML = re.compile(
    r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|body|head|meta|cite|time|p|article|main|div)\b", re.I | re.S
)
_CITE = re.compile(r"<cite\b[^>]*>[^<]{1,60}:\s*</cite>", re.I)  # `<cite>Kevin:</cite>`, not a work's title
# a time into the episode (`0:07`, `PT4.2S`), not a publication date
_TIME = re.compile(r"<time\b[^>]*?(?:datetime=\"PT[\d.HMS]+\"[^>]*>|>\s*(?:\d{1,2}:)?\d{1,2}:\d{2})", re.I)
_BOLD_LABEL = re.compile(r"<p\b[^>]*>\s*<(?:strong|b)>\s*([^<:]{1,60}?)\s*:?\s*</(?:strong|b)>", re.I)
_LABELS = ("strong", "b", "cite")
_NAME = re.compile(r"^[^\W\d_][\w.'’ -]{0,59}$")


def detect(text: str) -> Verdict:
    head = text[:50000]
    if not _HTML.match(head) or "<rss" in head[:2000]:
        return Verdict(False, "not an HTML document")
    cites, times = len(_CITE.findall(head)), len(_TIME.findall(head))
    labels = Counter(" ".join(found.split()) for found in _BOLD_LABEL.findall(head))
    recurring = sum(n for n in labels.values() if n >= 2)
    if cites:
        return Verdict(True, f"an HTML transcript: {cites} speakers in <cite>Name:</cite>")
    if recurring >= 2:
        return Verdict(True, f"an HTML transcript: {recurring} paragraphs open with a recurring bold speaker label")
    if times:
        return Verdict(True, f"an HTML transcript: {times} <time> marks into the episode")
    return Verdict(
        False, "HTML without a transcript's marks (<cite>Name:</cite>, bold labels that recur, <time>0:00</time>)"
    )


def _seconds(element: etree._Element) -> float | None:
    stamp = (element.get("datetime") or "").strip()
    text = " ".join((element.text_content() or "").split())
    for value, parse in ((stamp, parse_iso_duration), (stamp, parse_time), (text, parse_time)):
        if value:
            try:
                return float(parse(value))
            except ValueError:
                continue
    return None


def _label(text: str) -> str | None:
    name = " ".join(text.split()).rstrip(":").strip()
    return name if _NAME.match(name) and len(name.split()) <= 5 else None


def _paragraph(p: etree._Element) -> tuple[str | None, float | None, str]:
    """A paragraph's own label and time (leading `<strong>`/`<b>`/`<cite>` and `<time>` children), and its words."""
    speaker, start = None, None
    p = _copy(p)
    while len(p) and not (p.text or "").strip():
        first = p[0]
        if first.tag == "time" and start is None:
            start = _seconds(first)
        elif first.tag in _LABELS and speaker is None:
            tail = first.tail or ""
            named = _label(first.text_content())
            said = first.text_content().strip().endswith(":") or tail.lstrip().startswith(":")
            if named is None or not (said or not (tail.strip() or len(p) > 1)):
                break
            speaker = named
            first.tail = tail.lstrip().removeprefix(":")
        else:
            break
        first.drop_tree()
    return speaker, start, " ".join(p.text_content().split())


def _copy(element: etree._Element) -> etree._Element:
    """A copy to take labels out of, the document left as it is."""
    copied = copy.deepcopy(element)
    copied.tail = None
    return copied


def extract(text: str, path: str, options: Options = NO_OPTIONS) -> list[EpisodeDraft]:
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise SourceError(f"not an HTML document: {exc}", path, 1) from None
    for dropped in root.iter("script", "style", "template", "noscript"):
        dropped.drop_tree()
    draft = cues.transcript_draft(path, NAME)
    pieces: list[cues.Piece] = []
    speaker: str | None = None
    start: float | None = None
    for element in root.iter("cite", "time", "p"):
        if element.tag != "p" and any(a.tag == "p" for a in element.iterancestors()):
            continue  # inside a paragraph: the paragraph reads it
        if element.tag == "cite":
            speaker = _label(element.text_content()) or speaker
        elif element.tag == "time":
            start = _seconds(element)
        else:
            own, when, words = _paragraph(element)
            speaker = own or speaker
            if words:
                pieces.append(cues.Piece(when if when is not None else start, words, element.sourceline, speaker))
                start = None
    if not pieces:
        raise SourceError("no paragraph of a transcript in this HTML", path, 1)
    return [cues.fill(draft, cues.labelled(pieces))]
