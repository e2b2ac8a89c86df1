"""Slots: where a lower app's pages show rows of the apps above it.

A lower app imports no higher one and reads none of its rows through a
related name (`commitment.ideas`), yet some of its pages show such rows: the
ideas integrated into a commitment, those collected at a workshop. The lower
app declares a `Slot` for each place (`commitments/slots.py`) and renders
whatever fills it; the app owning the rows fills it from its
`AppConfig.ready()` with `slot.fill(...)`, as it registers its kinds of email
or its datasets, and says that the page shows its rows
(`COMMITMENTS.shows(IDEAS)`) so the cached page follows them.

A part is a template and what it shows, read for the page's row in one of
three ways: `read(row)` for a page of one row (the template's context; with
`page`, the query parameter that pages what it shows, `read(row, page)`), or
`annotate(queryset)` for a list, the figures each row carries added to the
list's own query and the template included in each row as `row`; a page
that weaves what the parts read into its own rows (a card's history) takes
`read(row)`'s lists as they are."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from .generations import page_word


@dataclass(frozen=True)
class Part:
    template: str = ""
    read: Callable[..., Any] | None = None
    annotate: Callable[[QuerySet], QuerySet] | None = None
    page: str = ""


class Slot:
    """One place on a lower app's pages, filled by the apps above it."""

    def __init__(self) -> None:
        self.parts: list[Part] = []

    def fill(self, template: str = "", **part) -> None:
        self.parts.append(Part(template, **part))

    def pages(self, request) -> str:
        """The page asked of each part that pages its rows: a word of the
        cache key of the page that shows them."""
        return ":".join(page_word(request, part.page) for part in self.parts if part.page)

    def render(self, row, request=None) -> SafeString:
        """Each part's template with what it reads of `row`, in the order filled."""
        html = []
        for part in self.parts:
            context = part.read(row, page_word(request, part.page)) if part.page else part.read(row)
            html.append(render_to_string(part.template, context))
        return mark_safe("".join(html))  # noqa: S308 - our own templates' output

    def read(self, row) -> list:
        """What every part reads of `row`, one list."""
        return [item for part in self.parts for item in part.read(row)]

    def annotate(self, queryset: QuerySet) -> QuerySet:
        """A list's rows with the figures the parts show in each row."""
        for part in self.parts:
            if part.annotate is not None:
                queryset = part.annotate(queryset)
        return queryset

    @property
    def templates(self) -> list[str]:
        """What a list includes in each row, as `row`."""
        return [part.template for part in self.parts]
