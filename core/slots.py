"""Slots: where a lower app's pages show rows of the apps above it.

A lower app imports no higher one and reads none of its rows through a
related name (`commitment.ideas`), yet some of its pages show such rows: the
ideas integrated into a commitment, those collected at a workshop. The lower
app declares a `Slot` for each place (`commitments/slots.py`) and renders
whatever fills it; the app owning the rows fills it from its
`AppConfig.ready()` with `slot.fill(...)`, as it registers its kinds of email
or its datasets, and says that the page shows its rows
(`COMMITMENTS.shows(IDEAS)`) so the cached page follows them.

A part is a template and what it reads for the page, in one of three ways:
- a page of one row renders each part's template with `read(row)` as its
  context, or `read(row, page)` when the part names `page`, the query
  parameter that pages what it shows (`render()`, `pages()`);
- a list adds each part's figures to its own query, so no query more
  (`annotate(queryset)`), and includes each part's template in every row,
  the row as `row` (`templates`);
- a page that weaves the parts' entries into its own (a card's history)
  takes the lists `read(row)` returns (`read()`)."""

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

    def fill(self, template: str = "", **fields) -> None:
        part = Part(template, **fields)
        if part not in self.parts:  # ready() run twice fills once
            self.parts.append(part)

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


# The home page's "open now": what a visitor can do today on any member's
# plan. Each app adds what it opens (plans: the phases in which the public
# acts; workshops: the registrations open), `read(now)` giving the context of
# its part's template, which renders list items (`<li>`), nothing when
# nothing is open; the page (core.views.home) is kept under the generations
# those reads go through.
HOME = Slot()
