"""Whatever the model accepts, every writer publishes: random model-valid episodes and shows through every
writer give files (well-formed, in their format) and our warnings, never an exception."""

from __future__ import annotations

import io
import json
import os

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from lxml import etree
from strategies import episodes, maybe_urls, shows, slugs

from etl import load
from etl.config import ShowConfig
from etl.load.publication import Record, Site
from etl.model import HTTP_URL, Episode
from etl.pipeline.sinks import _record

XML_SUFFIXES = (".xml",)


def _check(path: str, data: bytes) -> None:
    text = data.decode("utf-8")  # every file is UTF-8
    if path.endswith(".json"):
        json.loads(text)
    elif path.endswith(XML_SUFFIXES):
        etree.fromstring(data, etree.XMLParser(resolve_entities=False))  # well-formed XML 1.0
    elif path.endswith(".html"):
        assert text.startswith("<!DOCTYPE html>") or "<" in text


def publish_all(episodes_: list, site: Site) -> dict[str, bytes]:
    """What a build writes for these episodes, every writer's, in memory."""
    files: dict[str, bytes] = {}
    pieces: dict[tuple[str, str], bytes] = {}
    records: list[Record] = []
    for episode in episodes_:
        for writer in load.EPISODE_WRITERS:
            files.update(writer.render_episode(episode, site))
        for writer in load.COLLECTION_WRITERS:
            if hasattr(writer, "warnings_for"):
                assert all(isinstance(w, str) for w in writer.warnings_for(episode, site))
            if hasattr(writer, "spool"):
                pieces[episode.id, writer.NAME] = writer.spool(episode, site)
        records.append(_record(episode))
    for writer in load.COLLECTION_WRITERS:
        assert all(w.message for w in writer.warnings(records, site))
        for path, ordered in writer.outputs(records, site):
            handle = io.BytesIO()
            writer.write(handle, path, ordered, site, lambda r, w=writer: pieces[r.id, w.NAME])
            files[path] = handle.getvalue()
    return files


@st.composite
def publications(draw):
    show_ids = draw(st.lists(slugs, min_size=1, max_size=3, unique=True))
    found = draw(st.lists(episodes(show_ids), min_size=1, max_size=3, unique_by=lambda e: e.id))
    base_url = draw(maybe_urls)
    assume(base_url is None or HTTP_URL.match(base_url))  # what etl.yaml's base_url and --base-url accept
    site = Site(
        base_url=base_url,
        shows={show_id: draw(shows(show_id)) for show_id in show_ids},
        pages=draw(st.booleans()),
    )
    return found, site


@settings(
    max_examples=int(os.environ.get("ETL_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(publications())
def test_every_writer_publishes_whatever_the_model_accepts(publication):
    found, site = publication
    for path, data in publish_all(found, site).items():
        _check(path, data)


def test_a_url_urlsplit_refuses_is_published_all_the_same():
    """Found by the test above: `http://example.org[` passes the model's URL check, and the feed's artwork
    rule split it with urlsplit, which raised "Invalid IPv6 URL" and stopped every publication."""
    odd = "http://example.org["
    episode = Episode.model_validate(
        {
            "id": "show-s01e01",
            "guid": "x",
            "show": {"id": "show", "title": "Show"},
            "title": "T",
            "image": odd,
            "link": odd,
            "enclosure": {"url": f"{odd}/a.mp3", "length": 1, "type": "audio/mpeg"},
            "sources": [{"path": "a.md", "format": "datatalks", "sha256": "0" * 64}],
        }
    )
    site = Site(base_url="https://example.org/", shows={"show": ShowConfig(id="show", title="Show")}, pages=True)
    published = publish_all([episode], site)
    assert odd.encode() in published["feeds/show.xml"]
    for path, data in published.items():
        _check(path, data)
