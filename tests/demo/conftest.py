import io
import re

import pytest
from django.core.management import call_command
from django.test import override_settings

from tests.conftest import built_once_per_run


@pytest.fixture(autouse=True)
def _debug(settings):
    # load_demo refuses to run outside debug, and pytest-django turns DEBUG
    # off; the tests about production settings turn it off again.
    settings.DEBUG = True


def load_demo(*args: str) -> tuple[str, str]:
    """Runs `load_demo` with these arguments; returns its stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    call_command("load_demo", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def printed_credentials(out: str) -> tuple[str, str] | None:
    """The email and password on the summary's 'Admin:' line, if it shows a password."""
    match = re.search(r"Admin: (\S+) / (\S+)", out)
    return match.groups() if match else None


@built_once_per_run
def loaded():
    """The demo, loaded once for the run (about 5 s) into a database each
    module gets a copy of; what `load_demo` printed."""
    with override_settings(DEBUG=True):
        return load_demo()[0]
