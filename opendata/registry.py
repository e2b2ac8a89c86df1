"""Every dataset the apps declare in their `datasets.py` (`DATASETS = [...]`),
collected when Django starts, in the order of INSTALLED_APPS: the open-data
page and the download views read them from here."""

from importlib import import_module

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import module_has_submodule

from core.datasets import Dataset, PlanDocument

REGISTRY: dict[str, Dataset | PlanDocument] = {}


def register(dataset: Dataset | PlanDocument) -> None:
    # One key, one address: a second dataset must not silently replace the first.
    if dataset.key in REGISTRY:
        raise ImproperlyConfigured(f"Two open datasets are named {dataset.key!r}.")
    if dataset.key == "datapackage":  # /open-data/datapackage.json is the registry's description
        raise ImproperlyConfigured("No open dataset may be named 'datapackage'.")
    REGISTRY[dataset.key] = dataset


def discover() -> None:
    for config in apps.get_app_configs():
        if module_has_submodule(config.module, "datasets"):
            module = import_module(f"{config.name}.datasets")
            # core.datasets holds the value classes, and declares nothing.
            for dataset in getattr(module, "DATASETS", []):
                register(dataset)
