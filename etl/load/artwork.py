"""`images/<hash>.{jpg,png}`: a show's artwork given in etl.yaml as a local file, published beside the feeds.

The file is named by its bytes (as the audio's covers are, `etl.load.publication.picture_path`): a new cover
gets a new URL, which directories and apps notice (they cache artwork by its URL). The show's `image` becomes
that URL under the base URL; with no base URL the file is still published, and the feed has no artwork.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import BinaryIO

from etl.config import Config
from etl.errors import ConfigError, Diagnostic
from etl.load.publication import Record, Site, picture_path
from etl.model import HTTP_URL

NAME = "artwork"
SIGNATURES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}


def image_type(head: bytes) -> str | None:
    """JPEG or PNG, told from the first bytes: the two kinds of artwork directories take."""
    return next((mime for magic, mime in SIGNATURES.items() if head.startswith(magic)), None)


def publish_local(config: Config, base_url: str | None) -> tuple[Config, dict[str, str]]:
    """The config with each show's local `image` replaced by the URL it is published at (None without a base
    URL), and the files to publish: {path in the out folder: local file}."""
    shows, files = [], {}
    site = Site(base_url=base_url)
    for show in config.shows:
        if not show.image or HTTP_URL.match(show.image):
            shows.append(show)
            continue
        source = config.base_dir / show.image
        try:
            data = source.read_bytes()
        except OSError as exc:
            said = f"show {show.id!r}: image {show.image!r}: {exc.strerror or exc}"
            raise ConfigError(said, config.path) from None
        mime = image_type(data[:8])
        if mime is None:
            raise ConfigError(f"show {show.id!r}: image {show.image!r} is neither a JPEG nor a PNG", config.path)
        relative = picture_path(data, mime)
        files[relative] = str(source)
        shows.append(show.model_copy(update={"image": site.url(relative)}))
    return config.model_copy(update={"shows": shows}), files


def warnings(records: Sequence[Record], site: Site) -> list[Diagnostic]:
    if site.artwork and not site.base_url:
        return [Diagnostic("a show's image is a local file and there is no base_url: its feed has no artwork")]
    return []


def outputs(records: Sequence[Record], site: Site) -> list[tuple[str, list[Record]]]:
    return [(relative, []) for relative in sorted(site.artwork)]


def write(handle: BinaryIO, path: str, records: list[Record], site: Site, read: Callable[[Record], bytes]) -> None:
    with open(site.artwork[path], "rb") as source:
        while chunk := source.read(1 << 20):
            handle.write(chunk)
