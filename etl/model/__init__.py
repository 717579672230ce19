"""The contract: the episode model every reader feeds and every writer consumes, and what surrounds it.

- `episode`: `Episode`, as published in `episodes/<id>.json` (and `SCHEMA_VERSION`); `parts`: what it is made
  of; `publishing`: what a publisher says beyond the content (funding, place, value, other files);
- `types`: the value types the fields share (seconds, slugs, URLs, dates);
- `draft`: what a reader hands to the transform (`EpisodeDraft`): everything a source says, nothing derived;
- `schema`: the published JSON Schemas made from the model, and the validation of each document against them;
- `compat`: the rules that tell a compatible schema change from a breaking one;
- `guids`: how episode guids and `podcast:guid` are minted.

The names here are the model's; import drafts, schemas and guids from their modules.
"""

from etl.model.episode import SCHEMA_VERSION, Episode, EpisodeContent
from etl.model.parts import Chapter, Clip, Enclosure, Link, Person, PersonBase, ShowRef, Source, Turn
from etl.model.publishing import AlternateEnclosure, EnclosureSource, Funding, Location, Txt, Value, ValueRecipient
from etl.model.types import HTTP_URL, HttpUrl, Published, SafeHtml, Seconds, Slug, Text

__all__ = [
    "HTTP_URL",
    "SCHEMA_VERSION",
    "AlternateEnclosure",
    "Chapter",
    "Clip",
    "Enclosure",
    "EnclosureSource",
    "Episode",
    "EpisodeContent",
    "Funding",
    "HttpUrl",
    "Link",
    "Location",
    "Person",
    "PersonBase",
    "Published",
    "SafeHtml",
    "Seconds",
    "ShowRef",
    "Slug",
    "Source",
    "Text",
    "Turn",
    "Txt",
    "Value",
    "ValueRecipient",
]
