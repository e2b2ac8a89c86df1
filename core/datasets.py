"""What an app says about the open data it publishes. Each app lists its
datasets in its own `datasets.py` (`DATASETS = [...]`); the `opendata` app
collects them, serves them and documents them on its page and in its Data
Package, so a new dataset documents itself. Value classes only: core knows
no app, and the apps that declare datasets never import `opendata`, which
sits above them."""

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation


@dataclass(frozen=True)
class Licence:
    name: str
    url: str
    # Its identifier in the Open Definition's list ("CC-BY-4.0"), which the
    # Data Package names it by.
    id: str = ""


CC_BY_4 = Licence(
    "Creative Commons Attribution 4.0 International (CC BY 4.0)",
    "https://creativecommons.org/licenses/by/4.0/",
    "CC-BY-4.0",
)

# The types of a column, as Table Schema (Frictionless Data) names them:
# "datetime" is ISO 8601 with the offset from UTC, "boolean" True or False,
# "list" a list (in the CSV, its items joined by LIST_SEPARATOR).
TYPES = frozenset({"string", "integer", "number", "boolean", "date", "datetime", "list"})
LIST_SEPARATOR = " | "


@dataclass(frozen=True)
class Column:
    """A column of a table, or a key of a JSON document. Names are stable:
    add new ones at the end, never rename one. `type` is one of TYPES, text
    unless said otherwise (any cell reads as text); a list's items are of
    the type `items`."""

    name: str
    meaning: str
    type: str = "string"
    items: str = "string"

    def __post_init__(self):
        if self.type not in TYPES or self.items not in TYPES - {"list"}:
            raise ValueError(f"Column {self.name!r}: unknown type {self.type!r} or {self.items!r}.")


@dataclass(frozen=True)
class Links:
    """Absolute addresses back to the portal, as the client sees it, for the
    rows of a download."""

    base_url: str

    def to(self, path: str) -> str:
        return f"{self.base_url}{path}"

    def page(self, url_name: str) -> Callable[[int], str]:
        """The address of the page `url_name` of a row, by its primary key:
        reversed once, then formatted per row (20,000 rows, one reverse).
        In the default language, so the same address always gives the same
        file."""
        with translation.override(settings.LANGUAGE_CODE):
            before, after = reverse(url_name, args=[0]).split("/0/")
        return f"{self.base_url}{before}/{{}}/{after}".format


@dataclass(frozen=True)
class RecordSchema:
    """The JSON Schema (draft 2020-12) of one record of a dataset's JSON,
    published at `/open-data/schemas/<name>.json` so that others can reuse
    the format. `document` is the schema without its `$id`, which the
    address it is served from gives. Its top-level `properties` are the
    record's keys, in order: nothing undocumented leaves."""

    name: str
    document: dict = field(hash=False, compare=False)

    @classmethod
    def load(cls, path: Path) -> "RecordSchema":
        """The schema written in the file `path`, named after it (`commitment.json`)."""
        return cls(path.stem, json.loads(path.read_text(encoding="utf-8")))


@dataclass(frozen=True)
class Dataset:
    """A table, served as `/open-data/<key>.csv` and `/open-data/<key>.json`.

    `rows(plan, links)` yields one dict per row with (at least) the declared
    columns; `plan` is None for every public plan; `links` (Links) gives the
    addresses back to the portal."""

    key: str
    title: str
    description: str
    columns: Sequence[Column]
    rows: Callable[[Any, Links], Iterable[dict]]
    licence: Licence = CC_BY_4
    # False for a table that does not belong to plans: no `?plan=` then.
    per_plan: bool = True
    # The generations (core.generations) the rows of one plan are read
    # from, by the plan's id. When given, each file is written once per
    # state of the data and served from disk until one of them is bumped.
    generations: Callable[[int], Sequence[str]] | None = None
    # For a table whose records are richer than a row of the CSV (nested
    # lists and objects): `records(plan, links)` yields the JSON's objects
    # instead of the rows, each described by `schema`.
    records: Callable[[Any, Links], Iterable[dict]] | None = None
    schema: RecordSchema | None = None

    def generations_of(self, plan_ids: Iterable[int]) -> list[str]:
        """The generations of the rows of these plans, each once."""
        return list(dict.fromkeys(name for plan_id in plan_ids for name in self.generations(plan_id)))


@dataclass(frozen=True)
class PlanDocument:
    """One JSON object per public plan, served as
    `/open-data/plans/<slug>/<key>.json`; `build(plan)` returns it.
    `page_url_name`, if given, names the page showing the same figures
    (reversed with the plan's slug)."""

    key: str
    title: str
    description: str
    columns: Sequence[Column]
    build: Callable[[Any], dict]
    page_url_name: str = ""
    licence: Licence = CC_BY_4
