"""Stage 3, plan (main process): `etl.transform.plan` over every scanned source's heads; a make job per source."""

from __future__ import annotations

from dataclasses import replace

from etl.pipeline.run import Run
from etl.pipeline.values import MakeJob, Scanned
from etl.transform.heads import SourceDrafts
from etl.transform.plan import plan


def plan_sources(run: Run, scanned: list[Scanned]) -> list[MakeJob]:
    usable = [s for s in scanned if s.error is None]
    sources = [SourceDrafts(s.heads, s.job.spec.options, s.job.spec.option_index, s.job.key) for s in usable]
    decided = plan(sources, run.settings.config)
    if decided.shows != run.settings.site.shows:  # a feed's channel filled in show settings
        run.use_site(replace(run.settings.site, shows=decided.shows))
    run.report.errors += decided.errors
    run.report.add(decided.warnings)
    run.failed |= {usable[n].job.origin for n in decided.failed}
    return [
        MakeJob(s.job, assignments, whole=n not in decided.failed)
        for n, (s, assignments) in enumerate(zip(usable, decided.assignments, strict=True))
    ]
