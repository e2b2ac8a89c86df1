"""Fixtures every test shares: the standard cast, a fresh cache, language and
media folder per test, the test database migrated once for the run, data
built once per module (`built_once`) or once for the run into a database
each module gets a copy of (`built_once_per_run`), the staff roles as their
migrations made them (also after a flush), and the `slow` tier."""

import functools
import inspect

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import connection, transaction
from django.db.models.signals import post_migrate
from django.test import TransactionTestCase, override_settings
from django.utils import translation

from tests import databases
from tests.factories import UserFactory

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Tests with these fixtures start a browser (Playwright's Chromium against a
# live server), a Celery worker or gunicorn: the `slow` tier, with the tests
# marked `slow` by hand (those that start another Python process).
SLOW_FIXTURES = {"live_server", "page", "browser", "context", "worker", "production_server"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


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
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture(autouse=True)
def _default_language():
    # A request through the test client activates its page's language in
    # this thread and leaves it active: each test starts from the default.
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _outside_a_celery_task():
    # Celery marks "inside a task" with one flag for the whole process, set
    # around every in-process (eager) task and put back after it. Two
    # threads running tasks at once (the tests of parallel requests) can put
    # it back in the wrong order and leave it set; every later
    # `AsyncResult.get()` of the process is then refused as if called from
    # a task ("Never call result.get() within a task!"). Each test starts
    # outside a task.
    from celery._state import _set_task_join_will_block

    _set_task_join_will_block(False)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    # Each test's uploads in a folder of its own, never in the project's media/.
    settings.MEDIA_ROOT = tmp_path / "media"


# The standard cast, reused by every test (the make_ functions build it for
# data built once).
def make_citizen(email="amina@example.org", display_name="Amina", language="ar"):
    """A citizen with a verified address."""
    user = UserFactory(email=email, display_name=display_name, language=language)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def make_staff():
    """A superuser."""
    return UserFactory(
        email="secretariat@example.org",
        display_name="Secrétariat",
        is_staff=True,
        is_superuser=True,
        language="fr",
    )


@pytest.fixture
def citizen(db):
    return make_citizen()


@pytest.fixture
def french_citizen(db):
    return make_citizen("julien@example.org", "Julien", "fr")


@pytest.fixture
def staff(db):
    return make_staff()


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


def built_once(build=None, *, scope="module"):
    """Decorates `build` into a fixture of that scope whose rows are made once
    for all the tests of the module (or class), as Django's setUpTestData:
    inside a transaction opened before the first of them and rolled back
    after the last, each test still running in its own savepoint of it (so
    what a test writes is gone for the next). The tests using it need the
    database (`django_db`, not transactional: a transactional test would see
    nothing of the rows, and its flush would end the transaction). Every
    later test of the module sees the rows too, asked for or not: a test
    that needs an empty database belongs in another module.

    `build()` returns what the tests get: rows (a test that changes one
    re-reads it, or the next test sees the change in memory). It runs with
    the tests' fast password hasher, no active language and a media folder
    of its own. Nothing it puts in the cache survives: each test starts with
    the cache empty, and a generation read after that is simply a new
    token. Its parameters name fixtures it builds on, got before it runs
    (`def rendered(loaded):` builds on the demo, which must come first)."""
    if build is None:
        return functools.partial(built_once, scope=scope)

    def fixture(request, django_db_setup, django_db_blocker, tmp_path_factory):
        arguments = [request.getfixturevalue(name) for name in inspect.signature(build).parameters]
        yield from _built_in_a_transaction(build, arguments, django_db_blocker, tmp_path_factory)

    fixture.__doc__ = build.__doc__
    return pytest.fixture(fixture, scope=scope, name=build.__name__)


def _built_in_a_transaction(build, arguments, django_db_blocker, tmp_path_factory):
    atomic = transaction.atomic()
    with django_db_blocker.unblock():
        atomic.__enter__()
        try:
            value = _build(build, arguments, tmp_path_factory)
        except BaseException:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            raise
    yield value
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


def _build(build, arguments, tmp_path_factory):
    from django.core.cache import cache

    # Built before the module's first test empties the cache: what the
    # previous module cached (its pages, their generations) must not be read.
    cache.clear()
    translation.deactivate()
    media = tmp_path_factory.mktemp(f"{build.__name__}-media")
    with override_settings(PASSWORD_HASHERS=FAST_HASHERS, MEDIA_ROOT=media):
        value = build(*arguments)
    translation.deactivate()
    return value


def built_once_per_run(build):
    """Decorates `build` (no parameters) into a module-scoped fixture whose
    rows are made once for the whole test run, for data too costly to make
    again for each module (the demo: about 5 s of CPU, 10 s on a busy
    machine).

    On PostgreSQL the first worker that needs it builds it into a database
    of its own, a copy of the migrated test database, and commits; that
    database is then a template (tests/databases.py): each module that asks
    for it gets a fresh copy (`CREATE DATABASE … TEMPLATE`, a fraction of a
    second) as the database of all its tests, dropped after its last. Each
    test still runs in its own transaction, rolled back; modules never see
    each other's writes. It must come before any data built once in the
    module (a `built_once` that builds on it names it as a parameter). A
    transactional test in such a module would empty the copy for the tests
    after it.

    On SQLite it is `built_once`: built again for each module, in a
    transaction rolled back after the module.

    `build()` returns what JSON can hold, the same for every module (what it
    printed, keys to look rows up by). Callbacks it registers with
    `transaction.on_commit` never run, as in `built_once`."""
    kept: dict = {}

    def fixture(django_db_setup, django_db_blocker, tmp_path_factory):
        if not databases.on_postgresql():
            yield from _built_in_a_transaction(build, [], django_db_blocker, tmp_path_factory)
            return
        if connection.in_atomic_block:
            raise pytest.UsageError(
                f"{build.__name__} makes the database of the module: it must come before any "
                "other data built once in it (name it as a parameter of that fixture's build)"
            )
        template, copy = databases.run_database(build.__name__), databases.worker_database("module")
        with django_db_blocker.unblock():
            if "value" not in kept:
                lock = databases.RunLock(template)
                try:
                    made = lock.made()
                    if made is None:
                        databases.copy(databases.run_database("migrated"), template)
                        with databases.using(template), transaction.atomic():
                            made = {"value": _build(build, [], tmp_path_factory)}
                            connection.run_on_commit.clear()
                        lock.complete(made)
                finally:
                    lock.release()
                kept["value"] = made["value"]
            databases.copy(template, copy)
            test_database = databases.use(copy)
        try:
            yield kept["value"]
        finally:
            with django_db_blocker.unblock():
                databases.use(test_database)
                databases.drop(copy)

    fixture.__doc__ = build.__doc__
    return pytest.fixture(fixture, scope="module", name=build.__name__)


@built_once_per_run
def loaded():
    """The demo (`load_demo`), loaded once for the run (about 5 s) into a
    database each module that asks for it gets a copy of; what it printed."""
    from tests.demo.conftest import load_demo

    with override_settings(DEBUG=True):
        return load_demo()[0]


# The staff roles (Secretariat, Focal points, Moderators, Association
# representatives) are groups that migrations create and grant permissions
# to. A transactional test (`transaction=True`, `live_server`) ends with a
# flush that empties every table, groups included; the flush then signals
# post_migrate, which makes the content types and permissions again, and
# `_make_roles_again` the roles, as the migrations left them (read once,
# after the test database was migrated). Tests thus find the roles whatever
# ran before them in their process.
ROLES: dict[str, list[tuple[str, str]]] = {}


def _roles_as_migrated(using: str) -> dict[str, list[tuple[str, str]]]:
    from django.contrib.auth.models import Group

    groups = Group.objects.using(using).prefetch_related("permissions__content_type")
    return {
        group.name: sorted((p.content_type.app_label, p.codename) for p in group.permissions.all())
        for group in groups
    }


def _make_roles_again(sender, using, **kwargs) -> None:
    from django.apps import apps
    from django.contrib.auth.models import Group, Permission

    if sender is not [config for config in apps.get_app_configs() if config.models_module][-1]:
        return  # the last app signalled: every app's permissions are made again
    permissions = {
        (p.content_type.app_label, p.codename): p
        for p in Permission.objects.using(using).select_related("content_type")
    }
    for name, codenames in ROLES.items():
        group, _created = Group.objects.using(using).get_or_create(name=name)
        group.permissions.set([permissions[codename] for codename in codenames])


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """On PostgreSQL, the test database is migrated once for the run: the
    main process migrates the template in the background (tests/harness.py)
    and each worker waits for it and starts from a copy; if there is none,
    the first worker here migrates its own and leaves a copy of it as the
    template (django_db_setup below)."""
    if not databases.on_postgresql():
        return
    databases.name_the_test_database()
    migrated = databases.run_database("migrated")
    lock = databases.RunLock(migrated)
    if lock.made() is None:
        _MIGRATING.append(lock)  # released once the copy is made
    else:
        lock.release()
        settings.DATABASES[connection.alias]["TEST"]["TEMPLATE"] = migrated
        connection.settings_dict["TEST"]["TEMPLATE"] = migrated
    databases.made_from(connection.creation._get_test_db_name(), migrated)


_MIGRATING: list = []


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        ROLES.update(_roles_as_migrated("default"))
        for lock in _MIGRATING:
            connection.close()
            databases.copy(connection.settings_dict["NAME"], lock.database)
            lock.complete({})
            lock.release()
    post_migrate.connect(_make_roles_again, dispatch_uid="tests:roles")
    yield
    post_migrate.disconnect(dispatch_uid="tests:roles")


def _make_the_database_again(self):
    """A transactional test's rows are dropped by making its database again,
    a fresh copy of the template it came from (the migrated database, or the
    demo's for a module on a copy of it): a tenth of a second, where
    Django's flush (a TRUNCATE of every table, then the content types,
    permissions and roles made again) takes about a second. SQLite, or a
    test asking for what only the flush does: the flush."""
    if (
        self.available_apps is None
        and not self.serialized_rollback
        and set(self._databases_names(include_mirrors=False)) == {connection.alias}
        and databases.on_postgresql()
        and databases.renew()
    ):
        return
    _flush(self)


_flush = TransactionTestCase._fixture_teardown
TransactionTestCase._fixture_teardown = _make_the_database_again


@pytest.hookimpl(tryfirst=True)  # before the harness stops the server
def pytest_unconfigure(config):
    # The main process, after every worker: the databases made for the run.
    if not hasattr(config, "workerinput") and databases.on_postgresql():
        databases.drop_the_runs_databases()
