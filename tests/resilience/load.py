"""Many people at once against a server in another process
(tests/resilience/server.py): each signed in by a session written in the
database, holding the CSRF cookie and token a page gave them, and sending
their form at the same instant as the others — one thread each, connected
first, all released together by a barrier.

Every wait is bounded: a connection, the barrier and the answers share one
deadline, after which a request that got no answer counts as lost."""

import contextlib
import http.client
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from importlib import import_module
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest
from django.test import override_settings

TIMEOUT = 90  # seconds, for a whole batch of requests (a busy 2-core machine included)


@dataclass
class Person:
    """A signed-in browser: its session, then its CSRF cookie and token."""

    user_id: int
    session: str
    csrf_cookie: str = ""
    csrf_token: str = ""

    def cookies(self) -> str:
        return (
            f"{settings.SESSION_COOKIE_NAME}={self.session}; {settings.CSRF_COOKIE_NAME}={self.csrf_cookie}"
        )


def sign_in(users, secret_key: str) -> list[str]:
    """A session for each user, as signing in writes it, for a server
    signing with `secret_key`; their keys, in the users' order."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    backend = settings.AUTHENTICATION_BACKENDS[0]
    keys = []
    with override_settings(SECRET_KEY=secret_key):
        for user in users:
            session = store()
            session.update(
                {
                    SESSION_KEY: str(user.pk),
                    BACKEND_SESSION_KEY: backend,
                    HASH_SESSION_KEY: user.get_session_auth_hash(),
                }
            )
            session.create()
            keys.append(session.session_key)
    return keys


@dataclass
class Answer:
    status: int = 0  # 0: no answer (the error says why)
    location: str = ""
    cookies: dict = field(default_factory=dict)
    body: bytes = b""
    error: str = ""


def _send(connection: http.client.HTTPConnection, method: str, path: str, person: Person, fields=None):
    headers = {"Cookie": person.cookies()}
    body = None
    if fields is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        body = urlencode({**fields, "csrfmiddlewaretoken": person.csrf_token})
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    cookies = SimpleCookie()
    for header in response.headers.get_all("Set-Cookie") or []:
        cookies.load(header)
    return Answer(
        status=response.status,
        location=response.getheader("Location", ""),
        cookies={name: morsel.value for name, morsel in cookies.items()},
        body=response.read(),
    )


CSRF_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


def read_csrf(port: int, path: str, people: list[Person], threads: int = 12) -> None:
    """Each person opens the page at `path`, as before filling in a form:
    the CSRF cookie it sets and the token in its form are theirs."""

    def read(person: Person) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
        try:
            answer = _send(connection, "GET", path, person)
        finally:
            connection.close()
        token = CSRF_FIELD.search(answer.body)
        if answer.status != 200 or token is None or settings.CSRF_COOKIE_NAME not in answer.cookies:
            raise AssertionError(f"{path} gave user {person.user_id} no CSRF token ({answer.status})")
        person.csrf_cookie = answer.cookies[settings.CSRF_COOKIE_NAME]
        person.csrf_token = token.group(1).decode()

    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(read, people, timeout=TIMEOUT))


@dataclass
class Post:
    person: Person
    path: str
    fields: dict


@dataclass
class Run:
    answers: list[Answer]
    seconds: float  # from the barrier's release to the last answer

    def statuses(self) -> dict[int, int]:
        counts: dict[int, int] = {}
        for answer in self.answers:
            counts[answer.status] = counts.get(answer.status, 0) + 1
        return dict(sorted(counts.items()))

    def failures(self) -> list[str]:
        """What went wrong: server errors and requests without an answer."""
        return [
            f"{a.status} {a.error or a.body[:200]!r}"
            for a in self.answers
            if a.status == 0 or a.status >= 500
        ]


def at_once(port: int, posts: list[Post]) -> Run:
    """Sends every post at the same instant: one thread and connection each,
    released together once all are connected. The answers, in the posts'
    order."""
    answers = [Answer(error="no answer in time") for _ in posts]
    barrier = threading.Barrier(len(posts) + 1)

    def send(index: int, post: Post) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
        try:
            connection.connect()
            barrier.wait(timeout=TIMEOUT)
            answers[index] = _send(connection, "POST", post.path, post.person, post.fields)
        except (OSError, http.client.HTTPException, threading.BrokenBarrierError) as error:
            barrier.abort()  # the others are not kept waiting for this one
            answers[index] = Answer(error=repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(i, post), daemon=True) for i, post in enumerate(posts)]
    deadline = time.monotonic() + TIMEOUT
    for thread in threads:
        thread.start()
    # Broken when a thread could not connect: its answer says why.
    with contextlib.suppress(threading.BrokenBarrierError):
        barrier.wait(timeout=TIMEOUT)
    started = time.monotonic()
    for thread in threads:
        thread.join(timeout=max(deadline - time.monotonic(), 0))
    return Run(answers, time.monotonic() - started)


def messages(answer: Answer, secret_key: str) -> list[str]:
    """The messages a redirect carries to the next page in its cookie
    (django.contrib.messages), as that page would show them."""
    raw = answer.cookies.get(CookieStorage.cookie_name)
    if not raw:
        return []
    with override_settings(SECRET_KEY=secret_key):
        stored = CookieStorage(HttpRequest())._decode(raw)
    return [str(message) for message in stored or []]
