"""Path converters: a URL's parts read before the view, so a value that is
not one (a NUL byte, 2022-13-45) is a 404, never a 500."""

from datetime import date


class IsoDate:
    regex = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"

    def to_python(self, value: str) -> date:
        return date.fromisoformat(value)  # ValueError: the URL does not match

    def to_url(self, value: date) -> str:
        return value.isoformat()
