import io
import re

import pytest
from django.core.management import call_command


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
