"""Whether a text is a web address a case (or a practitioner sharing one) may cite."""
from __future__ import annotations

from urllib.parse import urlsplit


def is_web_address(url: str) -> bool:
    """An http or https address with a host and no spaces. Text that urllib cannot even split (an unclosed
    "[" of an IPv6 host) is not one: its ValueError would otherwise stop a whole load over one source, or
    fail a practitioner's form instead of asking them to correct the address."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc) and " " not in url
