import sys
from datetime import timedelta
from functools import cache

import redis
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.sites.models import Site
from django.contrib.staticfiles import finders
from django.core import signing
from django.core.exceptions import RequestDataTooBig
from django.db import DatabaseError, InterfaceError, OperationalError, connection, transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers
from django.utils.log import log_response
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_safe

from . import documents, generations, personal_data, slots
from .forms import DeleteAccountForm, EmailPreferencesForm, ProfileForm
from .models import EmailPreference, User
from .notifications import KINDS, optional_kinds, read_unsubscribe_token


@require_safe
@cache_control(max_age=7 * 24 * 3600, public=True)
def favicon(request):
    """/favicon.ico, which browsers and crawlers ask for whatever a page's
    <link rel="icon"> says; the file is static/favicon.ico."""
    path = finders.find("favicon.ico")
    if not path:
        raise Http404
    return FileResponse(open(path, "rb"), content_type="image/x-icon")


@require_GET
@generations.public_page
def home(request):
    # What is open today across the portal's members, from the apps that
    # fill the slot (core.slots.HOME): core reads none of their rows.
    return render(request, "core/home.html", {"open_now": slots.HOME.render(timezone.now())})


def section(title, description):
    """A section of the portal whose content arrives with a later feature."""

    @require_GET
    def view(request):
        return render(request, "core/section.html", {"title": title, "description": description})

    return view


@require_GET
def about_pdf(request):
    """The portal presented in one page (a published document, core.documents)."""
    language = request.LANGUAGE_CODE
    status = documents.ask(documents.ABOUT, Site.objects.get_current(), language)
    return documents.answer(
        request, status, "core/document_status.html", {"language_name": documents.language_name(language)}
    )


@require_GET
def healthz(request):
    """Liveness: the process answers. Nothing else is checked, so that an
    outage of the database does not get every worker restarted (which would
    not bring the database back); readiness is /readyz."""
    return HttpResponse("ok", content_type="text/plain")


# How long /readyz waits for the broker; the database's connection gives up
# after DATABASE_CONNECT_TIMEOUT (settings).
READINESS_TIMEOUT = 2  # seconds


@cache
def _broker(url: str) -> redis.Redis:
    # One client (and its connection pool) per process, reused by every probe.
    return redis.Redis.from_url(
        url, socket_connect_timeout=READINESS_TIMEOUT, socket_timeout=READINESS_TIMEOUT
    )


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        return False


def _broker_answers() -> bool:
    if not settings.REDIS_URL:
        return True  # no broker configured: tasks run in the web process
    try:
        return bool(_broker(settings.REDIS_URL).ping())
    except (redis.RedisError, OSError):
        return False


@never_cache
@require_GET
def readyz(request):
    """Readiness, for a load balancer or an orchestrator: whether this worker
    can serve now, that is, the database answers a query and the broker
    (Redis) a PING. A 503 names what is unreachable, and nothing else (no
    address, no error message)."""
    unreachable = [
        name
        for name, answers in (("database", _database_answers), ("broker", _broker_answers))
        if not answers()
    ]
    if unreachable:
        return HttpResponse(f"unreachable: {', '.join(unreachable)}", content_type="text/plain", status=503)
    return HttpResponse("ok", content_type="text/plain")


# The yardsticks of `make bench`: a page of about `kb` kilobytes (40 by
# default, the size of an idea list) through the same middleware and server
# as the real pages, with no query. `bench_baseline` is the cheapest such
# response, bytes rendered once per worker; a page's throughput is read as a
# ratio to it, measured in the same run. `bench_template_baseline` renders a
# template of that size on every request (dates, plurals, the context
# processors), for reading the table: what a plain template costs.
BENCH_ITEM_BYTES = 400  # about what one item of the template below renders to


def _bench_kb(request) -> int:
    try:
        return min(max(int(request.GET.get("kb", 40)), 1), 4096)
    except ValueError:
        return 40


def _bench_items(kb: int) -> list[dict]:
    started = timezone.now()
    return [
        {
            "number": n,
            "title": f"Item {n}: a title about as long as an idea's",
            "summary": "A summary of a few words & <escaped> characters, as a list shows under each title.",
            "created_at": started - timedelta(hours=n),
            "supports": n * 7 % 31,
            "comments": n * 5 % 17,
        }
        for n in range(1, kb * 1024 // BENCH_ITEM_BYTES + 1)
    ]


_bench_bytes: dict[int, bytes] = {}  # kb -> the page, rendered once per worker


@require_GET
def bench_baseline(request):
    if not settings.BENCH_BASELINE:
        raise Http404
    kb = _bench_kb(request)
    page = _bench_bytes.get(kb)
    if page is None:
        context = {"items": _bench_items(kb)}
        page = render_to_string("core/bench_baseline.html", context, request=request).encode()
        if len(_bench_bytes) < 16:  # the sizes one run measures
            _bench_bytes[kb] = page
    return HttpResponse(page, content_type="text/html; charset=utf-8")


@require_GET
def bench_template_baseline(request):
    if not settings.BENCH_BASELINE:
        raise Http404
    return render(request, "core/bench_baseline.html", {"items": _bench_items(_bench_kb(request))})


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    user = request.user
    enabled = dict(EmailPreference.objects.filter(user=user).values_list("kind", "enabled"))
    profile = ProfileForm(request.POST or None, instance=user, prefix="profile")
    emails = EmailPreferencesForm(request.POST or None, enabled=enabled, prefix="emails")
    if request.method == "POST" and profile.is_valid() and emails.is_valid():
        with transaction.atomic():
            profile.save()
            for kind in optional_kinds():
                EmailPreference.objects.update_or_create(
                    user=user, kind=kind.key, defaults={"enabled": emails.cleaned_data[kind.key]}
                )
        messages.success(request, _("Your preferences are saved."))
        return redirect("core:preferences")
    return render(request, "core/preferences.html", {"profile_form": profile, "emails_form": emails})


@require_GET
@generations.public_page
def privacy(request):
    """The privacy notice (law 09-08): what is kept, why, and for how long,
    the durations read from the settings that enforce them."""
    return render(
        request,
        "core/privacy.html",
        {
            "outbox_days": settings.NOTIFICATION_RETENTION_DAYS,
            "session_days": settings.SESSION_COOKIE_AGE // 86400,
            "guest_days": settings.WORKSHOP_GUEST_DATA_DAYS,
            "committee_guest_days": settings.COMMITTEE_GUEST_DATA_DAYS,
            "sentry": bool(settings.SENTRY_DSN),
        },
    )


@never_cache
@login_required
@require_GET
def export_data(request):
    """Everything the portal holds about the signed-in person, as one ZIP
    file: each app's part in my-data.json, and the files they gave
    (core.personal_data)."""
    day = timezone.localdate().isoformat()
    return FileResponse(
        personal_data.download(request.user),
        as_attachment=True,
        filename=f"my-data-{day}.zip",
        content_type="application/zip",
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    user = request.user
    if user.is_staff:
        # A staff account holds a role (secretariat, focal point): whoever
        # runs the portal takes the role away first, in the administration.
        return render(request, "core/delete_account.html", {"staff": True}, status=403)
    form = DeleteAccountForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        personal_data.erase_account(user)
        logout(request)
        messages.success(
            request,
            _("Your account is deleted. Your public ideas and comments remain, shown as a deleted user's."),
        )
        return redirect("core:home")
    return render(request, "core/delete_account.html", {"form": form}, status=400 if form.is_bound else 200)


# The link in every email: GET shows what will happen, POST does it. Mail
# clients send the RFC 8058 one-click POST without a CSRF token; the signed
# token is what authenticates it.
@never_cache  # a personal link (core.middleware.private_when_signed_in)
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    try:
        user_id, kind_key = read_unsubscribe_token(token)
        user = User.objects.get(pk=user_id)
    except (signing.BadSignature, User.DoesNotExist):
        return render(request, "core/unsubscribe.html", {"invalid": True}, status=400)
    kind = KINDS[kind_key]
    if request.method == "POST":
        EmailPreference.objects.update_or_create(user=user, kind=kind.key, defaults={"enabled": False})
        return render(request, "core/unsubscribe.html", {"kind": kind, "done": True})
    return render(request, "core/unsubscribe.html", {"kind": kind, "token": token})


def bad_request(request, exception):
    """A request Django refused to read: too large a body (413, said in the
    page's language), or malformed (400)."""
    if isinstance(exception, RequestDataTooBig):
        return request_too_large(request)
    return render(request, "400.html", status=400)


def request_too_large(request):
    return render(request, "413.html", status=413)


def permission_denied(request, exception):
    """Also the admin's answer to a signed-in visitor who is not staff
    (core.admin.admin_login)."""
    return render(request, "403.html", status=403)


def csrf_failure(request, reason=""):
    """settings.CSRF_FAILURE_VIEW: a form sent without its token (expired, or
    cookies refused), said in the page's language rather than Django's page."""
    return render(request, "403.html", {"csrf": True}, status=403)


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    # No context processors beyond the basics: the database may be what failed.
    if _database_unreachable(sys.exc_info()[1]):
        return database_unavailable(request)
    return render(request, "500.html", status=500)


# What the visitor is asked to wait before trying again, in a 503's Retry-After.
RETRY_AFTER_SECONDS = 30
# SQLSTATEs that say the server cannot be used now, rather than that a query
# failed: connection exceptions (class 08), too many connections, a server
# shutting down, crashed or starting up.
UNREACHABLE_SQLSTATES = ("08", "53300", "57P01", "57P02", "57P03")


def _database_unreachable(error: BaseException | None) -> bool:
    """The database cannot be reached (refused, lost, restarting): an outage
    to wait out, not a bug. A query's own failure (a deadlock, a statement
    timeout), also an OperationalError, stays a 500 reported to the team.
    Errors raised by the driver itself (no connection, the connection lost)
    carry no SQLSTATE."""
    if not isinstance(error, OperationalError | InterfaceError):
        return False
    sqlstate = getattr(error.__cause__, "sqlstate", None)
    return sqlstate is None or sqlstate.startswith(UNREACHABLE_SQLSTATES)


def database_unavailable(request):
    """The friendly 503 of a database outage, in the language of the page's
    address: rendered without the request's context processors, nothing on
    it needs the database. Logged as a warning, not an error: an outage
    would otherwise write (or try to write) one report to the admins per
    page (core.error_reports); /readyz is what monitoring watches."""
    language = translation.get_language_from_path(request.path_info) or translation.get_language()
    with translation.override(language):
        response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    log_response(
        "Service unavailable (database unreachable): %s",
        request.path,
        response=response,
        request=request,
        level="warning",
    )
    return response
