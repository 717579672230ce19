"""Parts of the URLs the model holds, for the few places that look inside one."""

from __future__ import annotations

from urllib.parse import SplitResult, urljoin, urlsplit

_NOTHING = urlsplit("")


def split(url: str) -> SplitResult:
    """`urlsplit(url)`, or empty parts when it refuses the URL: the model's URL check (an http(s) scheme, no
    white space) lets through hosts urlsplit will not split (`http://host[`: "Invalid IPv6 URL", a port
    that is not a number), and a writer or reader must never fail on a value the model accepted."""
    try:
        return urlsplit(url)
    except ValueError:
        return _NOTHING


def join(base: str, url: str) -> str | None:
    """`urljoin(base, url)`, or None when it refuses either (`//host[`: a host it cannot split), by the same rule."""
    try:
        return urljoin(base, url)
    except ValueError:
        return None
