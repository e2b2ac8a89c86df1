from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from . import registry


class OpendataConfig(AppConfig):
    name = "opendata"
    verbose_name = _("Open data")

    def ready(self):
        # The apps' datasets.py import their models: only once every app is loaded.
        registry.discover()
