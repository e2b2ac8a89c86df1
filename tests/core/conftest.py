from pathlib import Path

import pytest
from django.utils.translation import gettext_lazy as _

from core.notifications import KINDS, register_kind
from tests.core.production import production_server  # noqa: F401 (gunicorn with DEBUG off)

TEST_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


@pytest.fixture
def news_kind(settings):
    """An optional kind of email with its templates, for testing the outbox on its own."""
    templates = [dict(engine) for engine in settings.TEMPLATES]
    templates[0]["DIRS"] = [*templates[0]["DIRS"], TEST_TEMPLATES]
    settings.TEMPLATES = templates
    kind = register_kind("test_news", _("Open data"))
    yield kind
    KINDS.pop("test_news", None)
