"""`episodes/<id>.html`: the episode page (player, show notes, people, chapters, the whole transcript).

Rendered in the worker that made the episode, like its other files, so a transcript never reaches the
main process; `site: false` in etl.yaml writes none.
"""

from __future__ import annotations

from etl import web
from etl.load.site import Site, episode_page
from etl.model import Episode
from etl.web import meta, views

NAME = "episode-pages"


def render_episode(episode: Episode, site: Site) -> dict[str, bytes]:
    if not site.pages:
        return {}
    head = meta.episode_head(episode, site)
    page = web.render("episode.html", head=head, canonical=site.url(head.path), e=views.episode(episode, site))
    return {episode_page(episode.id): page}
