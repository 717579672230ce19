"""The episode site without a browser: structured data read back by extruct, every link inside the site
resolves, nothing is fetched from elsewhere, source text is escaped everywhere, and the production rules
(site: false, keep-last-good, removal, --check, the feed's links) hold for pages as for every other file."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import extruct
import pytest
from conftest import FIXTURES, ROOT
from hypothesis import given
from hypothesis import strategies as st
from lxml import html

from etl.cli import main
from etl.load.site import render
from etl.load.site.views import TurnView, transcript_html

BASE = "https://podcasts.example.org/"
EPISODE = FIXTURES / "datatalks" / "s01e01-streaming-for-small-teams.md"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The fixtures' site, as `make run` builds it."""
    out = tmp_path_factory.mktemp("site") / "out"
    assert main(["build", "--config", str(ROOT / "etl.yaml"), "--out", str(out), "--no-cache", "-q"]) == 0
    return out


def _pages(out: Path) -> list[Path]:
    """The site's pages (a transcript's own HTML file is a transcript format, not a page)."""
    return sorted(p for p in out.rglob("*.html") if p.parent.name != "transcripts")


def _structured(path: Path, out: Path) -> dict:
    url = BASE + path.relative_to(out).as_posix()
    return extruct.extract(path.read_text(encoding="utf-8"), base_url=url, syntaxes=["json-ld", "opengraph"])


def test_every_page_kind_is_written(built):
    written = {p.relative_to(built).as_posix() for p in _pages(built)}
    episodes = {f"episodes/{p.stem}.html" for p in (built / "episodes").glob("*.json")}
    assert episodes <= written
    assert {"index.html", "shows/datatalks.html", "shows/innovate.html", "people/marenholt.html"} <= written
    assert {p.name for p in (built / "assets").iterdir()} == {"site.css", "site.js", "search.js", "icon.svg"}


def test_an_episode_page_says_what_it_is_in_json_ld_and_open_graph(built):
    page = built / "episodes" / "datatalks-s01e01.html"
    data = _structured(page, built)
    (episode,) = data["json-ld"]
    document = json.loads((built / "episodes" / "datatalks-s01e01.json").read_text())
    assert episode["@type"] == "PodcastEpisode"
    assert (episode["name"], episode["datePublished"], episode["duration"]) == (
        document["title"],
        document["published"],
        "PT12M30S",  # 750 s
    )
    assert episode["url"] == BASE + "episodes/datatalks-s01e01.html"
    assert episode["partOfSeries"] == {
        "@type": "PodcastSeries",
        "name": "DataTalks.Club Fixture Podcast",
        "url": BASE + "shows/datatalks.html",
        "webFeed": BASE + "feeds/datatalks.xml",
    }
    assert episode["associatedMedia"]["contentUrl"] == document["enclosure"]["url"]
    credited = [p["name"] for p in episode.get("author", []) + episode.get("contributor", [])]
    assert credited == [p["name"] for p in document["people"]]
    (graph,) = data["opengraph"]
    og = dict(graph["properties"])
    assert og["og:audio"] == document["enclosure"]["url"] and og["og:url"] == episode["url"]
    assert og["og:title"].startswith(document["title"])
    tree = html.parse(str(page)).getroot()
    assert tree.xpath("//link[@rel='canonical']/@href") == [episode["url"]]
    assert tree.xpath("//link[@rel='alternate'][@type='application/rss+xml']/@href") == ["../feeds/datatalks.xml"]


def test_a_show_page_is_a_podcast_series_with_its_feed(built):
    (series,) = _structured(built / "shows" / "datatalks.html", built)["json-ld"]
    assert (series["@type"], series["webFeed"]) == ("PodcastSeries", BASE + "feeds/datatalks.xml")
    tree = html.parse(str(built / "shows" / "datatalks.html")).getroot()
    listed = tree.xpath("//ol[@class='cards']/li//h3/a/@href")
    assert listed == ["../episodes/datatalks-s01e02.html", "../episodes/datatalks-s01e01.html"]  # newest first


def test_an_episode_page_holds_the_player_chapters_and_the_whole_transcript(built):
    document = json.loads((built / "episodes" / "datatalks-s01e01.json").read_text())
    tree = html.parse(str(built / "episodes" / "datatalks-s01e01.html")).getroot()
    (audio,) = tree.xpath("//audio")
    assert (audio.get("src"), audio.get("preload"), audio.get("controls")) == (
        document["enclosure"]["url"],
        "none",
        "",
    )
    assert tree.xpath("//audio/track[@kind='captions']/@src") == ["../transcripts/datatalks-s01e01.vtt"]
    chapters = tree.xpath("//ol[@class='chapters']/li/a[1]/@href")
    assert chapters == [f"#t={int(c['start'])}" for c in document["chapters"]]
    turns = tree.xpath("//div[@class='turn']")
    assert len(turns) == len(document["turns"])
    for element, turn in zip(turns, document["turns"], strict=True):
        assert element.xpath("string(.//span[@class='speaker'])") == (turn["speaker"] or "")
        assert [p.text_content() for p in element.xpath("./p[not(@class)]")] == turn["text"].split("\n\n")
    people = tree.xpath("//ul[@class='people']/li/a[1]/@href")
    assert people == ["../people/alexeygrigorev.html", "../people/marenholt.html"]


def test_a_person_page_lists_every_episode_with_their_role(built):
    tree = html.parse(str(built / "people" / "alexeygrigorev.html")).getroot()
    rows = [
        (li.xpath("string(.//h3)"), li.xpath("string(.//span[@class='role'])"))
        for li in tree.xpath("//li[@class='card']")
    ]
    assert rows == [("Data Contracts Without the Hype", "Host"), ("Streaming Data for Small Teams", "Host")]


def test_every_link_inside_the_site_resolves_and_ids_are_unique(built):
    for page in _pages(built):
        tree = html.parse(str(page)).getroot()
        ids = tree.xpath("//@id")
        assert len(ids) == len(set(ids)), page
        for link in tree.xpath("//a/@href | //link/@href | //script/@src | //img/@src | //track/@src"):
            parts = urlsplit(link)
            if parts.scheme or not parts.path:  # elsewhere, or a fragment of this page
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            assert target.is_file(), f"{page.relative_to(built)} links to missing {link}"


def test_nothing_is_fetched_from_elsewhere(built):
    """No CDN, font or tracker: scripts, styles and icons are ours; the CSP says so to the browser too."""
    for page in _pages(built):
        tree = html.parse(str(page)).getroot()
        ours = tree.xpath("//script/@src | //link[@rel='stylesheet' or @rel='icon']/@href")
        assert ours and all(not urlsplit(url).scheme for url in ours), page
        (policy,) = tree.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")
        assert "script-src 'self'" in policy and "font-src 'none'" in policy
    assert not re.search(r"https?://", (built / "assets" / "site.css").read_text())
    assert not re.search(r"https?://", (built / "assets" / "site.js").read_text())
    assert not re.search(r"https?://", (built / "assets" / "search.js").read_text())


def _hostile(tmp_path: Path) -> Path:
    page = tmp_path / "hostile.md"
    page.write_text(
        "---\n"
        'title: "Closing </script><script>alert(1)</script> & <b>bold</b>"\n'
        "episode: 1\n"
        "duration: 60\n"
        "hosts: ['Eve <img src=x onerror=alert(2)>']\n"
        "---\n"
        "Notes with <script>alert(3)</script> and [a link](javascript:alert(4)).\n",
        encoding="utf-8",
    )
    return page


def test_source_text_is_escaped_in_pages_and_cannot_close_the_json_ld(tmp_path):
    out, config = tmp_path / "out", tmp_path / "etl.yaml"
    config.write_text("shows: [{id: podcast, title: Podcast}]\n", encoding="utf-8")
    assert main(["build", str(_hostile(tmp_path)), "--config", str(config), "--out", str(out), "--base-url", BASE]) == 0
    for page in _pages(out):
        text = page.read_text(encoding="utf-8")
        tree = html.fromstring(text)
        scripts = tree.xpath("//script")
        assert all(s.get("src") or s.get("type") == "application/ld+json" for s in scripts), page
        assert not tree.xpath("//*[@onerror] | //b | //img[@src='x'] | //a[starts-with(@href, 'javascript:')]")
        for block in tree.xpath("//script[@type='application/ld+json']"):
            json.loads(block.text)  # whole: the title's </script> did not end it
    episode = (out / "episodes" / "podcast-e01.html").read_text(encoding="utf-8")
    assert "Closing &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in episode


def _build(work: Path, *extra: str) -> int:
    return main(["build", "--config", str(work / "etl.yaml"), "--out", str(work / "out"), *extra])


def _work(tmp_path: Path, site: bool = True) -> Path:
    work = tmp_path / "work"
    work.mkdir()
    shutil.copy(EPISODE, work / "s01e01.md")
    shutil.copytree(FIXTURES / "people", work / "people")
    flag = "" if site else "site: false\n"
    (work / "etl.yaml").write_text(
        f"base_url: {BASE}\n{flag}people_dir: people\nshows: [{{id: dt, title: DT}}]\nsources: [{{path: s01e01.md}}]\n",
        encoding="utf-8",
    )
    return work


def test_site_false_writes_no_page_links_the_feed_to_the_json_and_leaves_a_teams_own_pages(tmp_path):
    work = _work(tmp_path, site=False)
    (work / "out").mkdir()
    (work / "out" / "index.html").write_text("<p>our own site</p>", encoding="utf-8")
    assert _build(work, "-q") == 0
    assert [p.name for p in _pages(work / "out")] == ["index.html"]
    assert (work / "out" / "index.html").read_text() == "<p>our own site</p>"
    feed = (work / "out" / "feed.xml").read_text()
    assert f"<link>{BASE}episodes/dt-s01e01.json</link>" in feed


def test_a_paragraph_where_a_speaker_belongs_gets_a_person_page_of_a_bounded_name(tmp_path):
    # The corpus has such pages: a `who:` holding a whole answer (a copy-paste slip in the source).
    work = _work(tmp_path)
    paragraph = " ".join(["In terms of similarities it is the data."] * 12)
    segments = [{"speaker": paragraph, "startTime": 1.0, "endTime": 4.0, "body": "So on."}]
    transcript = {"version": "1.0.0", "segments": segments}
    (work / "s01e01-transcript.json").write_text(json.dumps(transcript), encoding="utf-8")
    config = work / "etl.yaml"
    both = "{path: s01e01.md}, {path: s01e01-transcript.json}"
    config.write_text(config.read_text().replace("{path: s01e01.md}", both))
    assert _build(work, "-q") == 0
    names = sorted(p.name for p in (work / "out" / "people").iterdir())
    long = [n for n in names if n.startswith("in-terms-of-similarities")]
    assert len(long) == 1 and len(long[0]) <= 60 + len(".html"), names
    assert "In terms of similarities" in (work / "out" / "people" / long[0]).read_text(encoding="utf-8")


def test_turning_the_site_off_removes_the_pages_etl_wrote(tmp_path):
    work = _work(tmp_path)
    assert _build(work, "-q") == 0
    assert (work / "out" / "episodes" / "dt-s01e01.html").is_file()
    config = work / "etl.yaml"
    config.write_text("site: false\n" + config.read_text(), encoding="utf-8")
    assert _build(work, "-q") == 0
    assert _pages(work / "out") == []
    assert list((work / "out").glob("assets/*")) == []


def test_the_feed_links_each_item_to_its_page_unless_the_source_names_one(tmp_path):
    work = _work(tmp_path)
    assert _build(work, "-q") == 0
    assert f"<link>{BASE}episodes/dt-s01e01.html</link>" in (work / "out" / "feed.xml").read_text()
    config = work / "etl.yaml"
    config.write_text(
        config.read_text().replace("{path: s01e01.md}", "{path: s01e01.md, override: {link: 'https://x.org/1'}}")
    )
    assert _build(work, "-q") == 0
    assert "<link>https://x.org/1</link>" in (work / "out" / "feed.xml").read_text()


def test_pages_follow_the_production_rules(tmp_path, capsys):
    """Written only when they change, kept when their source fails, listed by --check, removed with their
    episode (and a person page with the last episode they were in)."""
    work = _work(tmp_path)
    assert _build(work, "-q") == 0
    page = work / "out" / "episodes" / "dt-s01e01.html"
    person = work / "out" / "people" / "marenholt.html"
    stamp = page.stat().st_mtime_ns
    assert _build(work, "-q", "--no-cache") == 0
    assert page.stat().st_mtime_ns == stamp  # same bytes: not written again
    kept = page.read_bytes()
    source = work / "s01e01.md"
    good = source.read_text(encoding="utf-8")
    source.write_text("---\ntitle: [broken\n---\n", encoding="utf-8")
    assert _build(work, "-q") == 1
    assert page.read_bytes() == kept and person.is_file()  # the last good episode, page and all
    source.write_text(good.replace("Streaming Data for Small Teams", "Streaming for Small Teams"), encoding="utf-8")
    capsys.readouterr()
    assert _build(work, "-q", "--check") == 1
    assert "~ episodes/dt-s01e01.html" in capsys.readouterr().out
    source.unlink()
    config = work / "etl.yaml"
    other = work / "s01e02.md"
    shutil.copy(FIXTURES / "datatalks" / "s01e02-data-contracts.md", other)
    config.write_text(config.read_text().replace("s01e01.md", "s01e02.md"), encoding="utf-8")
    assert _build(work, "-q") == 0
    assert not page.exists() and not person.exists()
    assert (work / "out" / "episodes" / "dt-s01e02.html").is_file()


# The transcript as episode.html wrote it with a template loop, before views.transcript_html took its place.
_TRANSCRIPT_LOOP = (
    "{% for n, start, clock, iso, speaker, paragraphs in turns %}\n"
    '<div class="turn"{% if start == none and not speaker %} id="turn-{{ n }}"{% endif %}'
    '{% if start != none %} data-start="{{ start }}"{% endif %}>\n'
    "{% if start != none or speaker %}\n"
    '<h3 class="who" id="turn-{{ n }}" data-pagefind-weight="0.5">\n'
    '{% if start != none %}<a href="#t={{ start }}"><span class="visually-hidden" data-pagefind-ignore>Play from '
    '</span><time datetime="{{ iso }}">{{ clock }}</time></a> {% endif %}\n'
    '{% if speaker %}<span class="speaker">{{ speaker }}</span> {% endif %}\n'
    "</h3>\n"
    "{% endif %}\n"
    "{% for paragraph in paragraphs %}\n"
    "<p>{{ paragraph }}</p>\n"
    "{% endfor %}\n"
    "</div>\n"
    "{% endfor %}\n"
)

_page_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)


@given(
    st.lists(
        st.tuples(
            st.none() | st.integers(0, 20000) | st.floats(0, 20000, allow_nan=False).map(lambda x: round(x, 3)),
            st.none() | _page_text,
            st.lists(_page_text, min_size=1, max_size=3),
        ),
        max_size=6,
    )
)
def test_transcript_html_writes_what_the_template_loop_wrote(turns):
    views = [
        TurnView(
            n, start, None if start is None else f"{start}<&>", None if start is None else f"PT{start}S'\"", who, ps
        )
        for n, (start, who, ps) in enumerate(turns, 1)
    ]
    loop = render._environment().from_string(_TRANSCRIPT_LOOP)
    assert str(transcript_html(views)) == loop.render(turns=views)
