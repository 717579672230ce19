"""The episode site: an HTML page per episode, show and person, a home page and a search page.

`episode_pages` and `pages` are the writers (one episode at a time, and the listings streamed at the end);
`views` turns the model into the plain values the templates show, `meta` the head's metadata (Open Graph,
JSON-LD), and `render` hands them to the Jinja2 templates, stylesheet and script in `etl/web/`.
"""
