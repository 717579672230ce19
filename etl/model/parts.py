"""The parts an episode is made of: its show, people, chapters, clips, transcript turns, links, media file and
the sources it came from. Each is frozen and forbids unknown fields; `etl.model.episode` puts them together."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from etl.model.types import HttpUrl, Seconds, Slug, Text


class Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ShowRef(Frozen):
    """The show an episode belongs to."""

    id: Slug = Field(
        description="The show's id from `etl.yaml`; stable, and the name of its feed (`feeds/<id>.xml`).",
        examples=["datatalks"],
    )
    title: Text = Field(min_length=1, description="The show's title as configured.", examples=["DataTalks.Club"])


class Link(Frozen):
    """A link a source gives (show notes, a person's profiles)."""

    url: HttpUrl = Field(description="Absolute http(s) URL.", examples=["https://github.com/marenholt"])
    title: Text | None = Field(
        default=None, description="The link's text; null when the source gave a bare URL.", examples=["GitHub"]
    )


class PersonBase(Frozen):
    """Who a person is: shared by the people registry (config) and the people credited in an episode."""

    name: Text = Field(min_length=1, description="Full name as it is shown.", examples=["Maren Holt"])
    role: Text = Field(
        default="guest",
        min_length=1,
        description="Podcasting 2.0 person role, lower-cased (host, guest, co-host, editor, …).",
        examples=["guest"],
    )
    id: Text | None = Field(
        default=None,
        description="Key in the people registry; stable across episodes; null for someone not registered.",
        examples=["marenholt"],
    )
    aliases: list[Text] = Field(
        default_factory=list, description="Other spellings sources use for this person.", examples=[["Maren"]]
    )
    href: HttpUrl | None = Field(
        default=None, description="The person's main page (Podcasting 2.0 `href`); null when unknown."
    )
    img: HttpUrl | None = Field(default=None, description="A picture of the person; null when unknown.")
    links: list[Link] = Field(default_factory=list, description="Profiles and pages, in the source's order.")


class Person(PersonBase):
    """Someone heard or credited in an episode; `role` follows the Podcasting 2.0 taxonomy, lower-cased."""

    group: Text = Field(
        default="cast",
        min_length=1,
        description="Podcasting 2.0 person group of the role (cast, writing, audio post-production, …).",
        examples=["cast"],
    )


class Chapter(Frozen):
    """A chapter; an episode's chapters are sorted by start."""

    start: Seconds = Field(description="Seconds from the start of the audio, a whole number.", examples=[205])
    title: Text = Field(min_length=1, description="The chapter's title.", examples=["When a nightly batch is enough"])
    url: HttpUrl | None = Field(default=None, description="A page about this chapter; null when none.")
    img: HttpUrl | None = Field(default=None, description="An image for this chapter; null when none.")
    toc: bool = Field(
        default=True,
        description="False: a chapter kept for its image or link at that time, not listed as a chapter "
        "(Podcasting 2.0 `toc`).",
    )


class Clip(Frozen):
    """A moment worth hearing on its own: a soundbite, a highlight (Podcasting 2.0 `podcast:soundbite`)."""

    start: Seconds = Field(description="Seconds from the start of the audio, a whole number.", examples=[126])
    duration: Seconds = Field(gt=0, description="How long it runs, in seconds.", examples=[49])
    title: Text | None = Field(
        default=None,
        min_length=1,
        description="What it is about; null when the source gives no title.",
        examples=["Why a nightly batch is often enough"],
    )


class Turn(Frozen):
    """One speaker's maximal run of lines, never crossing a chapter start."""

    speaker: Text | None = Field(
        description="Who speaks: a person's `name` when known, else as the source wrote it; null when no source says.",
        examples=["Maren Holt"],
    )
    start: Seconds | None = Field(
        description="Seconds from the start of the audio, a whole number; null when the source has no times "
        "(then the turns are in reading order). Timed turns never go back in time.",
        examples=[98],
    )
    text: Text = Field(
        min_length=1,
        description="What was said; paragraphs separated by a blank line (`\\n\\n`).",
        examples=["So when is a nightly batch good enough?"],
    )


class Source(Frozen):
    """One input file this episode was made from."""

    path: Text = Field(
        description="Path relative to the build's base folder (or the file name when outside it).",
        examples=["fixtures/datatalks/s01e01-streaming-for-small-teams.md"],
    )
    format: Text = Field(description="The reader that read it (see docs/source-formats.md).", examples=["datatalks"])
    sha256: Text = Field(
        pattern=r"^[0-9a-f]{64}$",
        description="SHA-256 of the file's bytes, lower-case hex: changes exactly when the file does.",
        examples=["6fddd27e7ebc44c90941260aaea904febbfd99608681810b135ec21dd3058c06"],
    )


class Enclosure(Frozen):
    """The audio (or video) file, as the feed's `<enclosure>` gives it."""

    url: HttpUrl = Field(
        description="Where the media file is.", examples=["https://media.example.org/datatalks/s01e01.mp3"]
    )
    length: int = Field(ge=0, description="Size in bytes; 0 when unknown.", examples=[12000000])
    type: Text = Field(
        default="audio/mpeg", pattern=r"^[a-z]+/[a-z0-9.+-]+$", description="MIME type.", examples=["audio/mpeg"]
    )
