"""Mutated real-looking sources through `etl build`, not only `etl extract`: whatever a file holds, the build
exits 0 or 1 (never 70), prints no traceback, and leaves only whole files in their formats.

The mutations are the ones real files suffer: lines dropped, doubled, swapped or cut short, bytes garbled
(control bytes and invalid UTF-8 among them), attributes emptied, files cut off.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from conftest import FIXTURES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from etl.cli import main

SOURCES = sorted(
    p
    for folder in (
        "feeds",
        "pages",
        "datatalks",
        "formats",
        "captions",
        "chapters",
        "blog",
        "community",
        "moving-in",
        "audio",
    )
    for p in (FIXTURES / folder).rglob("*")
    if p.is_file() and p.suffix not in (".yaml", ".py")
)
GOOD = FIXTURES / "datatalks" / "s01e02-data-contracts.md"


@st.composite
def mutated(draw) -> tuple[str, bytes]:
    source = draw(st.sampled_from(SOURCES))
    data = source.read_bytes()
    for _ in range(draw(st.integers(1, 4))):
        lines = data.split(b"\n")
        at = draw(st.integers(0, max(0, len(lines) - 1)))
        kind = draw(st.sampled_from(["drop", "double", "swap", "cut line", "garble", "empty attribute", "truncate"]))
        if kind == "drop":
            del lines[at]
        elif kind == "double":
            lines.insert(at, lines[at])
        elif kind == "swap" and at + 1 < len(lines):
            lines[at], lines[at + 1] = lines[at + 1], lines[at]
        elif kind == "cut line":
            lines[at] = lines[at][: draw(st.integers(0, len(lines[at])))]
        elif kind == "garble" and lines[at]:
            i = draw(st.integers(0, len(lines[at]) - 1))
            byte = draw(st.sampled_from([0x00, 0x01, 0x0C, 0x1B, 0x7F, 0x80, 0xC3, 0xFF, ord("<"), ord('"'), ord(":")]))
            lines[at] = lines[at][:i] + bytes([byte]) + lines[at][i + 1 :]
        elif kind == "empty attribute":
            lines[at] = re.sub(rb'="[^"]*"', b'=""', lines[at], count=1)
        data = b"\n".join(lines)
        if kind == "truncate":
            data = data[: draw(st.integers(0, len(data)))]
    return source.name, data


def _whole(out: Path) -> None:
    """Every file is whole in its format; no temp file is left."""
    for path in out.rglob("*"):
        if not path.is_file() or ".cache" in path.parts:
            continue
        assert not path.name.endswith(".tmp"), path
        data = path.read_bytes()
        if path.suffix == ".json":
            json.loads(data)
        elif path.suffix == ".xml":
            etree.fromstring(data, etree.XMLParser(resolve_entities=False))
        elif path.suffix in (".html", ".vtt", ".srt"):
            data.decode("utf-8")


@settings(
    max_examples=int(os.environ.get("ETL_FUZZ_BUILDS", "30")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(mutated(), min_size=1, max_size=3, unique_by=lambda m: m[0]))
def test_a_build_of_mutated_sources_fails_only_as_bad_input_does(tmp_path_factory, capsys, sources):
    work = tmp_path_factory.mktemp("fuzz")
    (work / "src").mkdir()
    for name, data in sources:
        (work / "src" / name).write_bytes(data)
    (work / "src" / GOOD.name).write_bytes(GOOD.read_bytes())  # a good source among them always publishes
    (work / "etl.yaml").write_text("base_url: https://example.org/\nsources: [{path: src}]\n", encoding="utf-8")
    out = work / "out"
    code = main(["build", "--config", str(work / "etl.yaml"), "--out", str(out), "--jobs", "1"])
    err = capsys.readouterr().err
    assert code in (0, 1), err
    assert "Traceback" not in err and "internal error" not in err, err
    assert (out / "episodes" / "podcast-s01e02.json").is_file(), err
    _whole(out)
