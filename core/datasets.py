"""What an app says about the open data it publishes. Each app lists its
datasets in its own `datasets.py` (`DATASETS = [...]`); the `opendata` app
collects them, serves them and documents them on its page, so a new dataset
documents itself. Value classes only: core knows no app, and the apps that
declare datasets never import `opendata`, which sits above them."""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Licence:
    name: str
    url: str


CC_BY_4 = Licence(
    "Creative Commons Attribution 4.0 International (CC BY 4.0)",
    "https://creativecommons.org/licenses/by/4.0/",
)


@dataclass(frozen=True)
class Column:
    """A column of a table, or a key of a JSON document. Names are stable:
    add new ones at the end, never rename one."""

    name: str
    meaning: str


@dataclass(frozen=True)
class Dataset:
    """A table, served as `/open-data/<key>.csv` and `/open-data/<key>.json`.

    `rows(plan, base_url)` yields one dict per row with (at least) the
    declared columns; `plan` is None for every public plan. `base_url` is the
    portal's address as the client sees it, for links back to the portal."""

    key: str
    title: str
    description: str
    columns: Sequence[Column]
    rows: Callable[[Any, str], Iterable[dict]]
    licence: Licence = CC_BY_4
    # False for a table that does not belong to plans: no `?plan=` then.
    per_plan: bool = True
    # The generations (core.generations) the rows are read from, for `plan`
    # (None: every public plan). When given, each file is written once per
    # state of the data and served from disk until one of them is bumped.
    generations: Callable[[Any], Sequence[str]] | None = None
    # For a table whose records are richer than a row of the CSV (nested
    # lists and objects): `records(plan, base_url)` yields the JSON's objects
    # instead of the rows, each described by `schema`.
    records: Callable[[Any, str], Iterable[dict]] | None = None
    schema: "RecordSchema | None" = None


@dataclass(frozen=True)
class RecordSchema:
    """The JSON Schema (draft 2020-12) of one record of a dataset's JSON,
    published at `/open-data/schemas/<name>.json` so that others can reuse
    the format. `document` is the schema without its `$id`, which the
    address it is served from gives. Its top-level `properties` are the
    record's keys, in order: nothing undocumented leaves."""

    name: str
    document: dict = field(hash=False, compare=False)


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
