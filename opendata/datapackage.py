"""The registry as a Frictionless Data Package (https://datapackage.org,
version 2): every file of every dataset with its address, format, encoding
and licence, and for a table a Table Schema (each column's name, type and
meaning), so that open-data tools load and check the files without reading
the page. Built from the registry like the page; the meanings in the
portal's default language, the language of the files' links."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from core.datasets import CC_BY_4, LIST_SEPARATOR, Column, Dataset, Licence, PlanDocument
from plans.models import Plan

from .registry import REGISTRY

PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"


def build(base_url: str, plans: list[Plan]) -> dict:
    """The package of every registered dataset, `plans` being the public
    plans (a plan document is one file per plan)."""
    with translation.override(settings.LANGUAGE_CODE):
        resources = []
        for dataset in REGISTRY.values():
            if isinstance(dataset, Dataset):
                resources += _table(dataset, base_url)
            else:
                resources += [_document(dataset, plan, base_url) for plan in plans]
        return {
            "$schema": PROFILE,
            "name": "open-government-portal",
            "title": settings.PORTAL_NAME or gettext("Open Government Portal"),
            "homepage": base_url + reverse("opendata:index"),
            "licenses": [_licence(CC_BY_4)],
            "resources": resources,
        }


def _table(dataset: Dataset, base_url: str) -> list[dict]:
    """The CSV, and the JSON: a table with the same columns, or records
    richer than a row, described by their JSON Schema (a resource too)."""
    schema = {"fields": [_field(column) for column in dataset.columns]}
    csv = {
        **_resource(dataset, dataset.key, base_url + reverse("downloads:csv", args=[dataset.key]), "csv"),
        "type": "table",
        "schema": schema,
    }
    json = _resource(dataset, f"{dataset.key}-json", base_url + reverse("downloads:json", args=[dataset.key]))
    if dataset.schema is None:
        return [csv, {**json, "type": "table", "schema": schema}]
    record = dataset.schema.name
    described = {
        **_resource(dataset, f"{record}-jsonschema", base_url + reverse("downloads:schema", args=[record])),
        "mediatype": "application/schema+json",
        "title": gettext("JSON Schema"),
        "description": dataset.schema.document.get("title", ""),
    }
    return [csv, json, described]


def _document(document: PlanDocument, plan: Plan, base_url: str) -> dict:
    path = base_url + reverse("downloads:plan_json", args=[plan.slug, document.key])
    return {
        **_resource(document, f"{document.key}-{plan.slug}".lower(), path),
        "title": f"{document.title} · {plan.title}",
    }


def _resource(dataset: Dataset | PlanDocument, name: str, path: str, format: str = "json") -> dict:
    return {
        "name": name,
        "path": path,
        "title": str(dataset.title),
        "description": str(dataset.description),
        "format": format,
        "mediatype": "text/csv" if format == "csv" else "application/json",
        "encoding": "utf-8",
        "licenses": [_licence(dataset.licence)],
    }


def _field(column: Column) -> dict:
    field = {"name": column.name, "type": column.type, "description": str(column.meaning)}
    if column.type == "list":
        field |= {"delimiter": LIST_SEPARATOR, "itemType": column.items}
    return field


def _licence(licence: Licence) -> dict:
    named = {"name": licence.id} if licence.id else {}
    return {**named, "path": licence.url, "title": licence.name}
