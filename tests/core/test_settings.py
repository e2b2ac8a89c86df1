"""Configuration from the environment, checked in fresh processes."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow  # each test starts another Python process


def run(code: str, **env) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_"))}
    environ.update(env)
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=environ, capture_output=True, text=True)


SHOW = (
    "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='ogp_portal.settings'; django.setup();"
    "from django.conf import settings as s;"
    "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, s.CELERY_BROKER_URL,"
    " s.CACHES['default']['BACKEND'], s.EMAIL_BACKEND)"
)


def test_with_nothing_set_the_portal_runs_embedded():
    out = run(SHOW, CELERY_TASK_ALWAYS_EAGER="").stdout.split()
    assert out == [
        "django.db.backends.sqlite3",
        "True",
        "memory://",
        "django.core.cache.backends.locmem.LocMemCache",
        "django.core.mail.backends.console.EmailBackend",
    ]


def test_real_services_when_configured():
    out = run(
        SHOW,
        CELERY_TASK_ALWAYS_EAGER="",
        DATABASE_URL="postgres://u:p@db:5432/ogp",
        REDIS_URL="redis://r:6379/0",
        EMAIL_HOST="smtp.example.org",
    ).stdout.split()
    assert out == [
        "django.db.backends.postgresql",
        "False",
        "redis://r:6379/0",
        "core.cache.FailOpenRedisCache",
        "django.core.mail.backends.smtp.EmailBackend",
    ]


def test_production_refuses_to_start_without_a_secret_key():
    result = run(SHOW, DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_settings_pass_check_deploy():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "k" * 20 + "-a-long-random-production-secret-for-the-check-" + "z" * 10,
            "DJANGO_ALLOWED_HOSTS": "gouvernement-ouvert.ma",
        },
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def show(expression: str, **env) -> list[str]:
    """`expression` over the settings `s`, in a fresh process with `env`: the
    settings module alone, without the apps (a tenth of the CPU of
    `django.setup()`; the tests above start the whole portal)."""
    code = (
        "import os; os.environ['DJANGO_SETTINGS_MODULE']='ogp_portal.settings';"
        f"from django.conf import settings as s; print({expression})"
    )
    result = run(code, **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


REDIS = "s.CELERY_BROKER_URL, s.CELERY_RESULT_BACKEND, s.CACHES['default']['LOCATION']"


@pytest.mark.parametrize(
    "redis_url,cache_url",
    [
        ("redis://r:6379/0", "redis://r:6379/1"),
        ("redis://r:6379", "redis://r:6379/1"),
        ("redis://:pass@r:6379/3", "redis://:pass@r:6379/4"),
    ],
)
def test_the_cache_has_its_own_redis_database(redis_url, cache_url):
    # Clearing the cache (FLUSHDB) must not empty Celery's queue.
    assert show(REDIS, REDIS_URL=redis_url) == [redis_url, redis_url, cache_url]


def test_the_cache_redis_can_be_given():
    assert show(REDIS, REDIS_URL="redis://r:6379/0", REDIS_CACHE_URL="redis://cache:6379/5") == [
        "redis://r:6379/0",
        "redis://r:6379/0",
        "redis://cache:6379/5",
    ]


def test_the_outbox_keeps_emails_90_days_unless_told():
    assert show("s.NOTIFICATION_RETENTION_DAYS") == ["90"]
    assert show("s.NOTIFICATION_RETENTION_DAYS", NOTIFICATION_RETENTION_DAYS="30") == ["30"]
