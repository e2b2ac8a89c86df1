"""Middleware of the portal's own: the request-size cap and the
Permissions-Policy header."""

from django.conf import settings

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
