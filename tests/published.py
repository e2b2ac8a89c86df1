"""Downloading a published document (core.documents) as a browser does:
the document's address answers with a redirect to its file, or with a page
saying it is being prepared; tasks run in-process in the tests, so the file
is there at once."""

from django.http import FileResponse, HttpResponse
from django.urls import reverse

FILES = reverse("protected_file", kwargs={"name": "x/" + "0" * 32 + ".pdf"}).split("x/")[0]


def download(client, url: str, data=None, **extra):
    """The document's file when its address leads to one (its bytes as the
    response's `content`, its headers kept), else the address's response."""
    response = client.get(url, data, **extra)
    if response.status_code != 302 or not response["Location"].startswith(FILES):
        return response
    served = client.get(response["Location"], **extra)
    if not isinstance(served, FileResponse):
        return served
    body = b"".join(served.streaming_content)
    # Not served.close(): its request_finished signal would close the
    # test's database connection.
    for close in served._resource_closers:
        close()
    kept = HttpResponse(body, status=served.status_code, headers=dict(served.headers.items()))
    kept.wsgi_request, kept.url = served.wsgi_request, response["Location"]
    return kept
