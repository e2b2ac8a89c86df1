import re

from core.bidi import strip_isolates


def visible(html: str) -> str:
    """A page as a test compares its text: without the <bdi> tags and the
    Unicode isolates that core.bidi puts around names, titles and numbers."""
    return re.sub(r"</?bdi[^>]*>", "", strip_isolates(html))
