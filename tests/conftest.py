import pytest
from allauth.account.models import EmailAddress
from django.utils import translation

from tests.factories import UserFactory

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Debian's Chromium: Playwright cannot download its own browser here.
    return {**browser_type_launch_args, "executable_path": "/usr/bin/chromium", "args": CHROMIUM_ARGS}


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _default_language():
    # A request through the test client activates its page's language in
    # this thread and leaves it active: each test starts from the default.
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    # Each test's uploads in a folder of its own, never in the project's media/.
    settings.MEDIA_ROOT = tmp_path / "media"


# The standard cast, reused by every test.
@pytest.fixture
def citizen(db):
    user = UserFactory(email="amina@example.org", display_name="Amina", language="ar")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@pytest.fixture
def french_citizen(db):
    user = UserFactory(email="julien@example.org", display_name="Julien", language="fr")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@pytest.fixture
def staff(db):
    return UserFactory(
        email="secretariat@example.org",
        display_name="Secrétariat",
        is_staff=True,
        is_superuser=True,
        language="fr",
    )


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # A Moroccan phone in Arabic, unless a test says otherwise.
    return {**browser_context_args, "locale": "ar-MA", "viewport": {"width": 390, "height": 844}}


@pytest.fixture(autouse=True)
def _empty_cache():
    # The cache is Redis in tests: rate-limit counters (allauth's among them)
    # must not leak from one test into another.
    from django.core.cache import cache

    cache.clear()
    yield
