"""The open-data page and a page per dataset, built from the registry, and
the downloads: every table as CSV and JSON (all public plans, or one with
`?plan=<slug>`), every plan document as JSON. Streamed in chunks, open to
any site (CORS)."""

import csv
import hashlib
import os
from operator import itemgetter
from pathlib import Path
from urllib.parse import urlencode
from uuid import uuid4

from django import forms
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import FileResponse, Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from core import generations
from core.datasets import CC_BY_4, LIST_SEPARATOR, Dataset, Links, PlanDocument, RecordSchema
from plans.models import Plan
from plans.queries import public_plan, public_plans

from . import datapackage as package
from .registry import REGISTRY

# Under MEDIA_ROOT (shared by every web container): the files of the datasets
# as last written, one per dataset, plan and state of the data. Nothing serves
# this folder directly; /files/ knows no such prefix.
EXPORTS_FOLDER = "open-data"
# A kept file up to this size is answered as a whole response, which
# `generations.public_page` then keeps in the cache and the worker's memory
# like a page (a plan's workshops, commitments); a larger one is sent from
# disk each time, in flat memory.
SMALL_FILE_BYTES = 1024 * 1024


@require_GET
@generations.public_page
def index(request):
    """Every dataset in a few lines: its title, what it holds, the files of
    every plan together, and a link to its own page (the files per plan, the
    columns). The page grows by a few lines per dataset, not per plan."""
    datasets = [
        {
            "dataset": dataset,
            "is_table": isinstance(dataset, Dataset),
            "files": _table_files(dataset, "") if isinstance(dataset, Dataset) else [],
        }
        for dataset in REGISTRY.values()
    ]
    context = {
        "datasets": datasets,
        # The portal's licence, explained at the top; each dataset names its own.
        "licence": CC_BY_4,
        "list_separator": LIST_SEPARATOR,
        "datapackage_url": reverse("downloads:datapackage"),
    }
    return render(request, "opendata/index.html", context)


@require_GET
@generations.public_page
def dataset(request, key: str):
    """One dataset: its licence, its JSON Schema, its files per plan and what
    each column (or key) means."""
    dataset = REGISTRY.get(key)
    if dataset is None:
        raise Http404
    plans = sorted(public_plans(), key=lambda plan: (plan.member.name, -plan.number))
    is_table = isinstance(dataset, Dataset)
    context = {
        "dataset": dataset,
        "is_table": is_table,
        "downloads": _downloads(dataset, plans),
        "schema_url": (
            reverse("downloads:schema", args=[dataset.schema.name])
            if is_table and dataset.schema is not None
            else ""
        ),
        "list_separator": LIST_SEPARATOR,
        "plan_label": Plan._meta.verbose_name,
    }
    return render(request, "opendata/dataset.html", context)


def _downloads(dataset: Dataset | PlanDocument, plans: list[Plan]) -> list[tuple[Plan | None, list[dict]]]:
    """The rows of a dataset's download table: (plan, files); plan is None
    for the files of every public plan."""
    if isinstance(dataset, PlanDocument):
        return [(plan, _document_files(dataset, plan)) for plan in plans]
    rows = [(None, _table_files(dataset, ""))]
    if dataset.per_plan:
        rows += [(plan, _table_files(dataset, "?" + urlencode({"plan": plan.slug}))) for plan in plans]
    return rows


def _table_files(dataset: Dataset, query: str) -> list[dict]:
    return [
        _file("CSV", reverse("downloads:csv", args=[dataset.key]) + query, "text/csv"),
        _file("JSON", reverse("downloads:json", args=[dataset.key]) + query, "application/json"),
    ]


def _document_files(document: PlanDocument, plan: Plan) -> list[dict]:
    files = [
        _file("JSON", reverse("downloads:plan_json", args=[plan.slug, document.key]), "application/json")
    ]
    if document.page_url_name:
        files.append(_file(_("page"), reverse(document.page_url_name, args=[plan.slug])))
    return files


def _file(label: str, url: str, content_type: str = "") -> dict:
    return {"label": label, "url": url, "type": content_type}


class PlanFilter(forms.Form):
    # Only a slug can name a plan: anything else (a NUL byte, which PostgreSQL
    # refuses, 10,000 characters, bidi controls) is a 404 before any query.
    plan = forms.SlugField(max_length=Plan._meta.get_field("slug").max_length, required=False)


def _table(request, key: str) -> tuple[Dataset, Plan | None]:
    dataset = REGISTRY.get(key)
    if not isinstance(dataset, Dataset):
        raise Http404
    form = PlanFilter(request.GET)
    if not form.is_valid():
        raise Http404
    slug = form.cleaned_data["plan"]
    if not slug:
        return dataset, None
    if not dataset.per_plan:
        raise Http404
    return dataset, public_plan(slug)


def _filename(dataset: Dataset, plan: Plan | None, extension: str) -> str:
    return f"{dataset.key}-{plan.slug}.{extension}" if plan else f"{dataset.key}.{extension}"


def _base_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


# Spreadsheets run cells that start like a formula: user text starting so is defused.
FORMULA_STARTS = frozenset("=+-@\t\r")


def _csv_cell(value):
    # Called for every cell of large exports: plain type checks, and numbers
    # and None left to the writer (None is written as an empty cell).
    if type(value) is str:
        return "'" + value if value and value[0] in FORMULA_STARTS else value
    if type(value) is list:
        return _csv_cell(LIST_SEPARATOR.join(str(item) for item in value))
    return value


class _Echo:
    """csv.writer writes into this and gets the line back, for streaming."""

    def write(self, value: str) -> str:
        return value


def _batched(pieces, size: int = 64 * 1024):
    """The streamed pieces joined into blocks of about `size` characters: a
    write to the socket per block, not per row."""
    block, length = [], 0
    for piece in pieces:
        block.append(piece)
        length += len(piece)
        if length >= size:
            yield "".join(block)
            block, length = [], 0
    if block:
        yield "".join(block)


def _download(
    request, dataset: Dataset, plan: Plan | None, pieces, extension: str, content_type: str, disposition: str
):
    """The file, streamed as `pieces()` writes it, in flat memory. A dataset
    that names its generations is also written to disk once per state of its
    data, and served from there until the data changes: a small file as a
    whole response, which `public_page` keeps (SMALL_FILE_BYTES)."""
    blocks = (block.encode() for block in _batched(pieces()))
    if dataset.generations is None:
        response = StreamingHttpResponse(blocks, content_type=content_type)
    else:
        plans = [plan] if plan is not None else public_plans()
        token = generations.current(*dataset.generations_of(each.pk for each in plans))
        digest = hashlib.sha256(f"{_base_url(request)}|{token}".encode()).hexdigest()[:40]
        folder = Path(settings.MEDIA_ROOT) / EXPORTS_FOLDER / dataset.key / (plan.slug if plan else "_all")
        path = folder / f"{digest}.{extension}"
        try:
            if path.stat().st_size <= SMALL_FILE_BYTES:
                response = HttpResponse(path.read_bytes(), content_type=content_type)
            else:
                response = FileResponse(path.open("rb"), content_type=content_type)
        except FileNotFoundError:  # not written yet for this state of the data
            response = StreamingHttpResponse(_kept(blocks, path), content_type=content_type)
    response["Content-Disposition"] = disposition
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _kept(blocks, path: Path):
    """Yields the blocks while writing them to `path`, which appears whole
    or not at all (a download cut short leaves nothing); older states of the
    same file are removed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{uuid4().hex}")
    try:
        with temporary.open("wb") as out:
            for block in blocks:
                out.write(block)
                yield block
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    for older in path.parent.glob(f"*{path.suffix}"):
        if older != path:
            older.unlink(missing_ok=True)


@require_GET
@generations.public_page(query=["plan"])
def table_csv(request, key: str):
    dataset, plan = _table(request, key)
    names = [column.name for column in dataset.columns]
    rows = dataset.rows(plan, Links(_base_url(request)))
    writer = csv.writer(_Echo())

    def lines():
        # The byte-order mark tells spreadsheet software the file is UTF-8 (Arabic).
        yield "\ufeff" + writer.writerow(names)
        cells = itemgetter(*names)
        for row in rows:
            yield writer.writerow([_csv_cell(value) for value in cells(row)])

    filename = _filename(dataset, plan, "csv")
    return _download(
        request, dataset, plan, lines, "csv", "text/csv; charset=utf-8", f'attachment; filename="{filename}"'
    )


@require_GET
@generations.public_page(query=["plan"])
def table_json(request, key: str):
    dataset, plan = _table(request, key)
    if dataset.records is not None:
        # Nested records, whose keys the dataset's JSON Schema documents.
        names = list(dataset.schema.document["properties"])
        rows = dataset.records(plan, Links(_base_url(request)))
    else:
        names = [column.name for column in dataset.columns]
        rows = dataset.rows(plan, Links(_base_url(request)))

    def chunks():
        encode = DjangoJSONEncoder(ensure_ascii=False).encode
        yield "["
        for index, row in enumerate(rows):
            # The declared columns only, in their order: nothing undocumented leaves.
            item = {name: row[name] for name in names}
            yield ("," if index else "") + "\n" + encode(item)
        yield "\n]\n"

    filename = _filename(dataset, plan, "json")
    return _download(
        request, dataset, plan, chunks, "json", "application/json", f'inline; filename="{filename}"'
    )


def _schema_of(name: str) -> RecordSchema:
    for dataset in REGISTRY.values():
        if isinstance(dataset, Dataset) and dataset.schema is not None and dataset.schema.name == name:
            return dataset.schema
    raise Http404


@require_GET
def schema(request, name: str):
    """The JSON Schema of a dataset's record, at a stable address (its `$id`)."""
    document = {"$id": request.build_absolute_uri(request.path), **_schema_of(name).document}
    response = JsonResponse(
        document,
        content_type="application/schema+json",
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def datapackage(request):
    """Every dataset as a Frictionless Data Package: kept under the plans'
    generation (a plan document has a file per public plan) and the
    address the client sees."""
    base_url = _base_url(request)
    key = "opendata:datapackage:" + hashlib.sha256(base_url.encode()).hexdigest()[:40]
    document = generations.cached(key, ["plans"], lambda: package.build(base_url, public_plans()))
    response = JsonResponse(document, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
@generations.public_page
def plan_document(request, slug: str, key: str):
    document = REGISTRY.get(key)
    if not isinstance(document, PlanDocument):
        raise Http404
    plan = get_object_or_404(Plan.objects.public(), slug=slug)
    generations.current("plans")  # the kept page follows the plan (made draft: a 404)
    response = JsonResponse(document.build(plan), json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Access-Control-Allow-Origin"] = "*"
    return response
