"""The portal as Django's Sites framework sees it. allauth names the site in
its emails ("Hello from …", the domain at the bottom); left alone, that is
Site(id=1) as Django creates it: "example.com"."""

from urllib.parse import urlsplit

from django.apps import apps as global_apps
from django.conf import settings
from django.contrib.sites.models import Site
from django.db import DEFAULT_DB_ALIAS
from django.utils import translation

from .context_processors import portal


def portal_site() -> Site:
    """An unsaved Site named after the portal in the active language, with
    the host[:port] of SITE_URL: what emails show, whatever the database holds."""
    return Site(
        pk=settings.SITE_ID,
        domain=urlsplit(settings.SITE_URL).netloc,
        name=portal(None)["PORTAL_NAME"],
    )


def sync_site(apps=global_apps, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    """post_migrate (idempotent): the database's Site row follows the settings,
    for what still reads it (allauth's pages, the admin)."""
    try:
        model = apps.get_model("sites", "Site")
    except LookupError:  # migrating only part of the way: no sites table yet
        return
    with translation.override(settings.LANGUAGE_CODE):
        site = portal_site()
    model.objects.using(using).update_or_create(
        pk=settings.SITE_ID, defaults={"domain": site.domain[:100], "name": site.name[:50]}
    )
    Site.objects.clear_cache()
