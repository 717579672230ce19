"""Stage 5, keep (main process): a source that fails now keeps the episodes it last built, still published.

A run exits 1 all the same, so the error is seen; nothing a listener had disappears while it is fixed.
"""

from __future__ import annotations

from pydantic import ValidationError

from etl.errors import Diagnostic
from etl.model import Episode
from etl.pipeline.cache import digest
from etl.pipeline.run import Run
from etl.pipeline.values import Published


def keep(run: Run, published: list[Published]) -> list[Published]:
    """The last good episodes of every failed source that this run did not produce again."""
    produced = {p.record.id for p in published}
    kept: list[Published] = []
    for source_origin in sorted(run.failed):
        for document in run.cache.last_good(source_origin):
            try:
                episode = Episode.model_validate(document)
            except ValidationError:
                continue  # kept by an older etl whose model this one no longer accepts
            if episode.id in produced:
                continue
            piece = run.context.made.root / "kept" / digest(document)[:32]  # named by its bytes: streamed again
            kept.append(run.context.sink.publish(episode, piece))
            produced.add(episode.id)
            run.report.kept.append(episode.id)
            run.report.warnings.append(
                Diagnostic(f"kept the last good version of episode {episode.id!r}", source_origin)
            )
    return kept
