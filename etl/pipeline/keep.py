"""Stage 5, keep (main process): a source that fails now keeps the episodes it last built, still published.

A run exits 1 all the same, so the error is seen; nothing a listener had disappears while it is fixed.
"""

from __future__ import annotations

from dataclasses import replace

from pydantic import ValidationError

from etl.errors import Diagnostic
from etl.model import Episode
from etl.pipeline.cache import digest
from etl.pipeline.run import Run
from etl.pipeline.values import Published


def _pictures(run: Run, episode: Episode) -> dict[str, int]:
    """The published pictures a kept episode links (its cover, its chapters' images from its audio), with the sizes
    the last build gave them: they stay with it."""
    base = run.settings.site.url("images/")
    if base is None:
        return {}
    found = {}
    for url in (episode.image, *(c.img for c in episode.chapters)):
        if url and url.startswith(base):
            relative = "images/" + url.removeprefix(base)
            size = run.last.size(relative)
            if size is not None:
                found[relative] = size
    return found


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
            piece = f"kept/{digest(document)[:32]}"  # named by its bytes: streamed again
            published = run.context.sink.publish(episode, piece)
            pictures = _pictures(run, episode)  # the audio's artwork it links, as the last build published it
            if pictures:
                published = replace(published, files={**published.files, **pictures})
            run.last.claim(pictures)
            kept.append(published)
            produced.add(episode.id)
            run.report.kept.append(episode.id)
            run.report.warnings.append(
                Diagnostic(f"kept the last good version of episode {episode.id!r}", source_origin)
            )
    return kept
