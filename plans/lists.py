"""The public lists of a plan (ideas, workshops, commitments, statistics; the
consultation's and the committee's to come), all in one shape:

- the plan comes from the URL (`plan_list`), and the page extends
  `plans/list_layout.html` with `list_context()`: the plan's tabs, the same
  list for the other plans;
- a `FilterForm` reads the filters from the query string: a value it cannot
  read (a NUL byte, a number too large, another plan's theme, an unknown
  choice) is left out and said (`ignored`), never passed to the database;
  `query()` writes the others back as the one query string of the list's
  cache key and of its pages' links;
- `cached_page()` renders the filters and a page of rows (`page_of()`), the
  same for every visitor, cached per query and page under the list's
  generations (core.generations).
"""

import hashlib
from collections.abc import Callable, Iterable
from functools import wraps
from urllib.parse import urlencode

from django import forms
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from core import generations

from .models import Plan
from .queries import public_plan, public_plans


def plan_list(view):
    """For the public lists that belong to a plan: the plan comes from the
    URL's slug, public or 404, and reaches the view as `plan`."""

    @wraps(view)
    def wrapper(request, slug: str, *args, **kwargs):
        return view(request, public_plan(slug), *args, **kwargs)

    return wrapper


def list_context(plan: Plan, **context) -> dict:
    """What `plans/list_layout.html` needs besides the list itself (a list
    may add `other_plans_query`, what its links to the other plans keep)."""
    others = [other for other in public_plans() if other.pk != plan.pk]
    return {"plan": plan, "other_plans": others, **context}


def theme_choices(themes) -> list[tuple[int, str]]:
    """A plan's themes as a filter's choices: "3. Open budget"."""
    return [(theme.pk, f"{theme.number}. {theme.name}") for theme in themes]


class FilterForm(forms.Form):
    """The filters of a list, read from the query string. A subclass declares
    its fields (each optional) and gives the choices that depend on the plan
    with `offer()`."""

    def offer(self, name: str, choices: Iterable) -> None:
        """The choices of the filter `name`, after "all"."""
        self.fields[name].choices = [("", _("all")), *choices]

    @property
    def valid_data(self) -> dict:
        """The values that are valid, whether or not the others are."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}

    def query(self) -> str:
        """The valid filters as a query string, in the order of the fields:
        the same filters written in any way (in another order, with empty or
        unreadable values) give the same string."""
        return urlencode(self.valid_data)

    @property
    def ignored(self) -> list[str]:
        """The labels of the filters whose value could not be read, left out."""
        return [self.fields[name].label for name in self.errors if name in self.fields]


def page_of(request, rows, per_page: int, *, count: int | None = None, prepare: Callable = list) -> Page:
    """The page of `rows` the query string asks for (anything but a plain
    number is the first page, a number past the last is the last);
    `prepare` receives the page's rows as a list, to add what is counted for
    them only. `count`, when the list has counted its rows already, spares
    the paginator its count."""
    paginator = Paginator(rows, per_page)
    if count is not None:
        paginator.count = count
    page = paginator.get_page(generations.page_word(request))
    if isinstance(rows, QuerySet):
        # The page's rows by their ids, a subquery an index alone can answer
        # however deep the page (the idea list's: idea_plan_published_newest).
        page.object_list = rows.filter(pk__in=page.object_list.values("pk"))
    page.object_list = prepare(list(page.object_list))
    return page


def cached_page(
    request, form: FilterForm, *, key: str, names: Iterable[str], template: str, context: Callable[[], dict]
) -> SafeString:
    """The filters and a page of a list, rendered by `template` from
    `context()` (the page, from `page_of()`) with the `form`, its `query` (for
    the pages' links) and what it `ignored`. The same for every visitor: cached
    under the generations `names` per query and page number, so the same
    filters written another way read the same entry; not when the form shows
    errors, so a hostile query fills no cache. `context()` runs on a miss only."""
    query = form.query()
    words = hashlib.sha256(f"{query}|{generations.page_word(request)}".encode()).hexdigest()

    def full_context() -> dict:
        return {"form": form, "query": query, "ignored": form.ignored, **context()}

    return generations.rendered(
        request, f"{key}:{words}", names, template, full_context, cache_if=not form.errors
    )
