"""The contract: the episode model every reader feeds and every writer consumes, and what surrounds it.

- `episode`: `Episode` and its parts, as published in `episodes/<id>.json` (and `SCHEMA_VERSION`);
- `types`: the value types the fields share (seconds, slugs, URLs, dates);
- `draft`: what a reader hands to the transform (`EpisodeDraft`): everything a source says, nothing derived;
- `schema`: the published JSON Schemas made from the model, and the validation of each document against them;
- `compat`: the rules that tell a compatible schema change from a breaking one;
- `guids`: how episode guids and `podcast:guid` are minted.

The names here are the model's; import drafts, schemas and guids from their modules.
"""

from etl.model.episode import (
    SCHEMA_VERSION,
    Chapter,
    Clip,
    Enclosure,
    Episode,
    EpisodeContent,
    Link,
    Person,
    PersonBase,
    ShowRef,
    Source,
    Turn,
)
from etl.model.types import HTTP_URL, HttpUrl, Published, SafeHtml, Seconds, Slug, Text

__all__ = [
    "HTTP_URL",
    "SCHEMA_VERSION",
    "Chapter",
    "Clip",
    "Enclosure",
    "Episode",
    "EpisodeContent",
    "HttpUrl",
    "Link",
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
]
