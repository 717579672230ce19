"""Shared test helpers: run the real pipeline on real files."""

from __future__ import annotations

from pathlib import Path

from conftest import ROOT

from etl.config import Config, load
from etl.pipeline import Build, build
from etl.sources import SourceSpec


def run(*paths: Path, config: Config | None = None, format: str | None = None) -> Build:
    return build([SourceSpec(Path(p)) for p in paths], config or Config(), format)


def run_with_fixture_config(*paths: Path) -> Build:
    """As `make run` would: the project's etl.yaml supplies shows, people and overrides."""
    config = load(ROOT / "etl.yaml")
    from etl.sources import discover

    specs = discover([str(p) for p in paths], config)
    return build(specs, config)


def words(text: str) -> list[str]:
    return text.split()
