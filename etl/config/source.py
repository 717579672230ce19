"""A source's entry in etl.yaml, the people registry's entries, and the values an `override` may set."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, ValidationInfo

from etl.config.show import Setting
from etl.model import EpisodeContent, HttpUrl, PersonBase, Slug
from etl.model.draft import Kind, PersonRef


class PersonConfig(PersonBase):
    """A people-registry entry: an `id` (required here) and who the person is."""

    id: str


class EpisodeOverride(EpisodeContent):
    """Values that replace what the source says, for every episode the source yields; only keys given apply."""

    id: Slug | None = None
    people: list[PersonRef] | None = None


Formats = Callable[[], Sequence[str]]  # the readers' names, asked for only when a source names a format


def _known_format(name: str | None, info: ValidationInfo) -> str | None:
    """The config knows no reader (readers come after it in the layers): whoever loads it says which names
    exist (`load(..., formats=...)`; the CLI passes the registry's)."""
    formats: Formats | None = (info.context or {}).get("formats")
    if name is not None and formats is not None and name not in formats():
        raise ValueError(f"unknown format {name!r} (known: {', '.join(formats())})")
    return name


class SourceConfig(Setting):
    path: str = Field(description="A file, folder or glob, relative to etl.yaml.")
    format: Annotated[str | None, AfterValidator(_known_format)] = None
    show: Slug | None = None
    target: Slug | None = Field(default=None, description="For chapters and transcripts: the episode they complete.")
    role: Kind | None = Field(default=None, description="What the source is, when its own shape is not the answer.")
    enrich: bool = Field(
        default=False, description="A feed that makes no episodes: its items fill what other sources' episodes lack."
    )
    media_url: HttpUrl | None = Field(
        default=None,
        description="The public URL of the folder the source's audio files are served from: an audio file's "
        "enclosure is this and its file name.",
    )
    site_url: HttpUrl | None = Field(
        default=None,
        description="The site the source's pages come from: their relative URLs (images, audio, links) resolve "
        "against it.",
    )
    match: Literal["numbers", "link", "title"] | None = Field(
        default=None, description="With enrich: the one way items find their episodes (default: each in turn)."
    )
    override: EpisodeOverride = Field(default_factory=EpisodeOverride)
