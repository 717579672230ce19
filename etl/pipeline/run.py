"""One run's state, as the stages fill it in: Sphinx's build environment, for us."""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from typing import Any

from etl.load.publication import Site
from etl.pipeline.cache import Cache
from etl.pipeline.last import LastFiles
from etl.pipeline.values import Options, Report, Settings, SourceJob
from etl.pipeline.workers import Context


@dataclass
class Run:
    context: Context
    options: Options
    report: Report = field(default_factory=Report)
    jobs: list[SourceJob] = field(default_factory=list)  # every readable source, from the read stage
    failed: set[str] = field(default_factory=set)  # origins of sources that failed at any stage
    key: str = ""  # the whole run's fingerprint (sources, config, code, target), from the read stage
    stamps: dict[str, list[Any]] = field(default_factory=dict)  # sources' stamps and hashes, from the read stage
    make_keys: set[str] = field(default_factory=set)  # what each source is made from, from the make stage
    last: LastFiles = field(default_factory=LastFiles)  # the last build's files, until this one publishes them
    _lapped: float = field(default_factory=time.perf_counter)

    @property
    def settings(self) -> Settings:
        return self.context.settings

    @property
    def cache(self) -> Cache:
        return self.context.cache

    def use_site(self, site: Site) -> None:
        """The publication as the plan settled it (show settings a feed's channel filled), for every later stage."""
        self.context.sink.site = site
        self.context = replace(self.context, settings=replace(self.settings, site=site))

    def lap(self, stage: str) -> None:
        """Record how long `stage` took (shown by `etl build -v`)."""
        now = time.perf_counter()
        self.report.timings[stage] = now - self._lapped
        self._lapped = now
