"""`etl check`: readiness for Apple Podcasts, Spotify and the Podcast Index, before anything ships.

fixtures/directory/ is a show that breaks each rule once (its report is a golden file); `make run`'s shows pass
`--strict`; the rules our writer never breaks are held by hand-written feeds; the command's forms (text, JSON,
exit codes, `build --check-readiness`) and the guid memory are held end to end.
"""

from __future__ import annotations

import collections
import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT

from etl.check import Options, check, report
from etl.check.categories import unknown
from etl.check.episoderules import _repeats_number
from etl.check.rules import RULES
from etl.check.showrules import BCP47
from etl.cli import main

DIRECTORY = FIXTURES / "directory"
NOW = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)
# Only the network can break these (tests/test_check_online.py breaks each against a local server), and our
# feed writer always writes a title, a description, a category, itunes:explicit and (with a base URL) a
# podcast:guid: hand-written feeds below break those.
ONLINE = {"http-status", "http-head", "http-range", "http-length", "http-redirects", "http-timeout", "artwork-offline"}
WRITER_KEEPS = {"title-missing", "description-missing", "category-missing", "explicit-missing", "guid-missing"}
# artwork-format: a local artwork file must be a JPEG or a PNG to be published at all (etl.yaml says so at
# load); the remote one is checked online. artwork-unread: a published artwork file that went missing.
ELSEWHERE = {"artwork-format", "artwork-unread"}


@pytest.fixture(scope="module")
def unready(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("unready") / "out"
    assert main(["build", "--config", str(DIRECTORY / "etl.yaml"), "--out", str(out), "-q"]) == 0
    return out


def _seeded_memory(out: Path, tmp_path: Path) -> Path:
    """The memory a check run before this one left: it saw another podcast:guid for the show."""
    memory = tmp_path / "check.json"
    guids = {"feeds/unready.xml": "0b1c2d3e-0000-5000-8000-000000000000"}
    memory.write_text(json.dumps({"format": 1, "guids": guids, "urls": {}}), encoding="utf-8")
    return memory


def test_the_unready_show_breaks_each_rule_once(unready, tmp_path, file_regression):
    result = check(unready, Options(memory=_seeded_memory(unready, tmp_path), now=NOW))
    assert not result.errors
    assert result.feeds == ["feeds/empty.xml", "feeds/unready.xml"]
    broken = collections.Counter(p.rule for p in result.problems)
    assert {rule for rule, n in broken.items() if n != 1} == set()
    assert set(broken) == set(RULES) - ONLINE - WRITER_KEEPS - ELSEWHERE
    lines = report.lines(result.problems)
    table = report.summary(report.counts(result.problems))
    file_regression.check("\n".join([*lines, "", *table]) + "\n", extension=".txt")


def test_make_runs_shows_are_ready(tmp_path):
    out = tmp_path / "out"
    assert main(["build", "--out", str(out), "-q"]) == 0  # the project's etl.yaml, as `make run`
    result = check(out, Options(now=NOW))
    errors = [p for p in result.problems if "error" in p.levels().values()]
    assert errors == []
    assert len(result.feeds) == 5
    assert main(["check", str(out), "--strict"]) == 0


def test_strict_fails_on_an_error_and_json_says_why(unready, capsys):
    assert main(["check", str(unready)]) == 0  # a report, not a verdict, without --strict
    capsys.readouterr()
    assert main(["check", str(unready), "--strict", "--format", "json"]) == 1
    document = json.loads(capsys.readouterr().out)
    assert document["ready"] is False
    assert document["directories"]["apple"]["ready"] is False
    wav = next(p for p in document["problems"] if p["rule"] == "enclosure-type")
    assert wav["levels"] == {"apple": "error", "spotify": "error"}
    assert wav["path"] == "feeds/unready.xml" and wav["line"] > 0
    assert wav["requirement"].startswith("https://")


def test_text_report_names_file_line_level_and_directory(unready, capsys):
    main(["check", str(unready)])
    out = capsys.readouterr().out
    assert "feeds/unready.xml:" in out
    line = next(x for x in out.splitlines() if "(category-unknown)" in x)
    assert ": error: [apple] category 'Technolgy' is not one Apple lists: did you mean 'Technology'?" in line
    assert out.rstrip().splitlines()[-3].startswith("Apple Podcasts  no")


def test_build_check_readiness_fails_the_build_of_an_unready_show(tmp_path):
    out = tmp_path / "out"
    assert main(["build", "--config", str(DIRECTORY / "etl.yaml"), "--out", str(out), "-q", "--check-readiness"]) == 1
    assert (out / "feeds" / "unready.xml").is_file()  # built all the same: the check says whether to ship it


def test_a_changed_guid_is_an_error_until_the_first_one_is_back(tmp_path):
    out = tmp_path / "out"
    shutil.copytree(ROOT / "output", out, ignore=shutil.ignore_patterns("pagefind", ".cache"))
    memory = tmp_path / "memory.json"
    assert not [p for p in check(out, Options(memory=memory, now=NOW)).problems if p.rule == "guid-changed"]
    feed = out / "feeds" / "retro.xml"
    original = feed.read_text(encoding="utf-8")
    guid = original.split("<podcast:guid>", 1)[1].split("<", 1)[0]
    feed.write_text(original.replace(guid, "11111111-2222-5333-8444-555555555555"), encoding="utf-8")
    changed = [p for p in check(out, Options(memory=memory, now=NOW)).problems if p.rule == "guid-changed"]
    assert len(changed) == 1 and guid in changed[0].message and changed[0].path == "feeds/retro.xml"
    again = [p for p in check(out, Options(memory=memory, now=NOW)).problems if p.rule == "guid-changed"]
    assert len(again) == 1  # not forgotten because it was reported once
    feed.write_text(original, encoding="utf-8")
    assert not [p for p in check(out, Options(memory=memory, now=NOW)).problems if p.rule == "guid-changed"]


BARE = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
  <link>https://example.org/</link>
  <item><guid>a</guid><enclosure url="https://example.org/a.mp3" length="10" type="audio/mpeg"/></item>
</channel></rss>
"""


def test_what_our_writer_never_leaves_out_is_still_checked(tmp_path):
    (tmp_path / "feeds").mkdir()
    (tmp_path / "feeds" / "bare.xml").write_text(BARE, encoding="utf-8")
    rules = {p.rule for p in check(tmp_path, Options(now=NOW)).problems}
    assert rules >= WRITER_KEEPS
    assert {"artwork-missing", "language", "owner-email"} <= rules


def test_an_artwork_file_that_went_missing_is_named(unready, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(unready, out, ignore=shutil.ignore_patterns("pagefind", ".cache"))
    for image in (out / "images").glob("*.jpg"):
        image.unlink()
    unread = [p for p in check(out, Options(now=NOW)).problems if p.rule == "artwork-unread"]
    assert len(unread) == 1 and "not in the out folder" in unread[0].message


def test_a_feed_that_is_not_xml_is_an_error_for_every_directory(tmp_path, capsys):
    (tmp_path / "feeds").mkdir()
    (tmp_path / "feeds" / "broken.xml").write_text("<rss><channel><title>x</title>", encoding="utf-8")
    assert main(["check", str(tmp_path)]) == 1
    err = capsys.readouterr()
    assert "feeds/broken.xml:1: error: not well-formed XML" in err.err
    assert "Spotify         no" in err.out


def test_an_out_folder_with_no_feeds_says_so(tmp_path, capsys):
    assert main(["check", str(tmp_path)]) == 1
    assert "no feeds in" in capsys.readouterr().err
    assert main(["check", str(tmp_path / "absent")]) == 2


@pytest.mark.parametrize(
    ("main_category", "sub", "said"),
    [
        ("Technology", None, None),
        ("Education", "How To", None),
        ("Technolgy", None, "did you mean 'Technology'?"),
        ("technology", None, "did you mean 'Technology'?"),  # Apple compares names exactly
        ("Technology", "Software How-To", "'Technology' has no subcategories"),  # the pre-2019 list
        ("Business", "Marketting", "did you mean 'Marketing'?"),
        ("Cooking", None, "is not one Apple lists"),
    ],
)
def test_apple_categories_and_the_nearest_name(main_category, sub, said):
    found = unknown(main_category, sub)
    assert (found is None) if said is None else (said in found)


@pytest.mark.parametrize("tag", ["en", "en-US", "pt-BR", "zh-Hant-TW", "es-419", "de-CH-1901", "en-x-private"])
def test_language_tags_directories_read(tag):
    assert BCP47.match(tag)


@pytest.mark.parametrize("tag", ["english", "en_US", "e", "en-", "EN US", "123"])
def test_language_tags_they_refuse(tag):
    assert not BCP47.match(tag)


@pytest.mark.parametrize(
    ("title", "number", "repeats"),
    [
        ("Episode 7: numbers in titles", 7, True),
        ("Ep. 12 - release retro", 12, True),
        ("#42 The answer", 42, True),
        ("007. Licensed", 7, True),
        ("S01E07 pilot", 7, True),
        ("Seven habits of 7-person teams", 7, False),
        ("Episode 17: later", 7, False),
        ("Top 70 tools", 7, False),
    ],
)
def test_a_title_that_repeats_its_number(title, number, repeats):
    assert _repeats_number(title, number) is repeats


def test_the_docs_table_is_the_rules(tmp_path):
    docs = (ROOT / "docs" / "feeds.md").read_text(encoding="utf-8")
    from etl.check.rules import table

    assert table() in docs
