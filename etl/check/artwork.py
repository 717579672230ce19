"""The show's artwork as Apple and Spotify take it: square, 1400 to 3000 pixels a side, JPEG or PNG, RGB.

Pillow reads only the file's header (size, mode, format): a 3000 px cover is never decoded. The file is the
out folder's own when the artwork's URL is under the out folder's URL, else fetched with `--online`.
"""

from __future__ import annotations

import io
from typing import IO

from etl.check.rules import Problem

SIDE = (1400, 3000)
FORMATS = {"JPEG", "PNG"}
RGB = {"RGB"}  # PNG's RGBA is refused too: Apple asks for no alpha channel


def inspect(source: bytes | IO[bytes], path: str, line: int | None, url: str) -> list[Problem]:
    from PIL import Image, UnidentifiedImageError

    found: list[Problem] = []
    try:
        with Image.open(io.BytesIO(source) if isinstance(source, bytes) else source) as image:
            width, height, mode, kind = image.width, image.height, image.mode, image.format or "unknown"
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        return [Problem("artwork-unread", path, line, f"artwork {url!r} is not an image Pillow reads ({exc})")]
    if width != height:
        found.append(Problem("artwork-square", path, line, f"artwork {url!r} is {width}×{height} px, not square"))
    low, high = SIDE
    if not (low <= width <= high and low <= height <= high):
        found.append(
            Problem("artwork-size", path, line, f"artwork {url!r} is {width}×{height} px (from {low} to {high} a side)")
        )
    if kind not in FORMATS:
        found.append(Problem("artwork-format", path, line, f"artwork {url!r} is {kind}, not JPEG or PNG"))
    if mode not in RGB:
        found.append(Problem("artwork-rgb", path, line, f"artwork {url!r} is in {mode} colour, not RGB"))
    return found
