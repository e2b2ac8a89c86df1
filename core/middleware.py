"""Middleware of the portal's own: the request-size cap, the
Permissions-Policy header, HEAD answered as GET, and signed-in pages kept out
of every cache."""

from django.conf import settings
from django.utils.cache import patch_cache_control

from .views import request_too_large

# Features no page of the portal uses: a script injected despite the CSP, or
# a page framed elsewhere, cannot ask for them either.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)


def request_size_limit(get_response):
    """Answers a request whose declared body is larger than REQUEST_MAX_BYTES
    with a readable 413 page in the page's language, before anything reads
    the body (uploads would otherwise be streamed to disk first). Django
    itself refuses a form's text fields beyond DATA_UPLOAD_MAX_MEMORY_SIZE
    (core.views.bad_request answers that with the same page); the reverse
    proxy's client_max_body_size should match (README)."""

    def middleware(request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.REQUEST_MAX_BYTES:
            return request_too_large(request)
        return get_response(request)

    return middleware


def permissions_policy(get_response):
    def middleware(request):
        response = get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response

    return middleware


def head_as_get(get_response):
    """HEAD answers as GET would, without the body (RFC 9110): monitors and
    link checkers ask it of pages and /healthz. The views declare GET
    (`require_GET`); a HEAD runs them as a GET here, once for all of them."""

    def middleware(request):
        if request.method != "HEAD":
            return get_response(request)
        request.method = "GET"
        try:
            response = get_response(request)
        finally:
            request.method = "HEAD"
        if response.streaming:
            response.streaming_content = []  # the file is closed with the response
        else:
            response.headers.setdefault("Content-Length", str(len(response.content)))
            response.content = b""
        return response

    return middleware


def private_when_signed_in(get_response):
    """A page served to a signed-in person shows their data (their name in
    the header, their registrations, preferences, ideas, a download of all
    they gave): no shared cache, nor the browser's disk, keeps it. A view
    that says its own Cache-Control (a protected file, the favicon) keeps
    it. Pages reached by a personal link without an account (an email's
    signed link) say `never_cache` themselves."""

    def middleware(request):
        response = get_response(request)
        if "Cache-Control" not in response and request.user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response

    return middleware
