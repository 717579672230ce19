"""`episodes/<id>.html`: the episode page (player, show notes, people, chapters, the whole transcript).

Rendered in the worker that made the episode, like its other files, so a transcript never reaches the
main process; `site: false` in etl.yaml writes none.
"""

from __future__ import annotations

from etl.load.publication import Site, episode_page
from etl.load.site import meta, render, views
from etl.model import Episode

NAME = "episode-pages"


def render_episode(episode: Episode, site: Site) -> dict[str, bytes]:
    if not site.pages:
        return {}
    head = meta.episode_head(episode, site)
    page = render.page("episode.html", head=head, canonical=site.url(head.path), e=views.episode(episode, site))
    return {episode_page(episode.id): page}
