"""Walks the URL configuration, so that the hostile-input tests cover a new
page, form or parameter without anyone listing it (issue 23, "Hostile input").

- `routes()`: every route of the portal, the admin's apart, as written in
  the URL configuration (a language-prefixed route under "{lang}/").
- `walk_the_site()`: on the demo's rows (the `loaded` fixture), makes the
  walk's person (`make_member`) and runs a `Walk`, which fills each route's
  parameters from the rows at hand (`Samples`), tries the candidates until
  an address answers something other than 404 (to a visitor who is not
  signed in, and to the member), and keeps what it found (`Found`): the
  status (200: a public page; a redirect to the login; 405: an action),
  the pages' HTML, and the query parameters the view read (recorded as it
  reads them, and those `core.generations.public_page` declares). A route
  it cannot fill is listed in `unfilled`: the tests fail on it, so a new
  route with a parameter of a new kind is seen.
- `forms_found(walk)`: the POST forms of the pages the walk saw, with their
  fields, read from the HTML as a browser would send them.
- `admin_paths()`: the admin's routes, filled for a POST.
- `row_counts()`: how many rows every table holds (nothing saved: the same).

The candidates for a parameter come from its name and the word before it
in the address ("ideas/<int:pk>" is an idea, "plans/<slug:slug>" a plan):
a new route of a known kind needs nothing here."""

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlsplit

from django.conf import settings
from django.core.handlers.wsgi import WSGIRequest
from django.db import models
from django.http import QueryDict
from django.urls import URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.urls.resolvers import LocalePrefixPattern, RegexPattern
from django.utils.functional import cached_property
from lxml import html as lxml_html

# A parameter of a route ("<int:pk>") or of a regular expression ("(?P<key>[-:\w]+)").
PARAMETER = re.compile(
    r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>|\(\?P<(?P<group>\w+)>(?:[^()]|\([^()]*\))*\)"
)
# How many addresses the walk tries for one route before saying it cannot fill it.
TRIES = 40


@dataclass(frozen=True)
class Route:
    name: str  # "ideas:detail"; the pattern for a route without a name
    pattern: str  # "{lang}/ideas/<int:pk>/"
    callback: object

    @property
    def admin(self) -> bool:
        return self.name.startswith("admin:")

    def parts(self) -> list[tuple[str, str | None]]:
        """The pattern as (literal, None) and (word before, parameter) pairs."""
        text = self.pattern.replace("^", "").replace("$", "").replace("\\", "")
        found, position = [], 0
        for match in PARAMETER.finditer(text):
            literal = text[position : match.start()]
            if literal:
                found.append((literal, None))
            words = [w for w in re.split(r"[/.]", "".join(p for p, n in found if n is None)) if w]
            found.append((words[-1] if words else "", match["name"] or match["group"]))
            position = match.end()
        if text[position:]:
            found.append((text[position:], None))
        return found

    def parameters(self) -> list[str]:
        return [name for _word, name in self.parts() if name is not None]

    def path(self, values: dict, language: str = "ar") -> str:
        out = []
        for text, name in self.parts():
            out.append(text if name is None else str(values[name]))
        return "/" + "".join(out).replace("{lang}", language)


def routes(*, admin: bool = False) -> list[Route]:
    """Every route (the admin's only when asked, and then only them)."""
    found = []

    def walk(resolver: URLResolver, prefix: str, namespace: str) -> None:
        for entry in resolver.url_patterns:
            if isinstance(entry.pattern, LocalePrefixPattern):
                part = "{lang}/"
            elif isinstance(entry.pattern, RegexPattern):
                part = entry.pattern._regex
            else:
                part = str(entry.pattern)
            if isinstance(entry, URLResolver):
                space = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                walk(entry, prefix + part, space)
            else:
                pattern = prefix + part
                name = f"{namespace}{entry.name}" if entry.name else f"{namespace}{pattern}"
                found.append(Route(name, pattern, entry.callback))

    walk(get_resolver(), "", "")
    return [route for route in found if route.admin == admin]


def declared_query(callback) -> frozenset[str]:
    """The query parameters a `public_page` view declares it reads."""
    seen = callback
    while seen is not None:
        declared = getattr(seen, "public_query", None)
        if declared is not None:
            return frozenset(declared)
        seen = getattr(seen, "__wrapped__", None)
    return frozenset()


# --- The parameters a view reads ---------------------------------------------------

_read: list[set[str]] = []


class RecordingQueryDict(QueryDict):
    """A query string that notes every parameter the view asks for by name
    (copies too: they are of the same class)."""

    def _note(self, key):
        if _read and isinstance(key, str):
            _read[-1].add(key)

    def __getitem__(self, key):
        self._note(key)
        return super().__getitem__(key)

    def get(self, key, default=None):
        self._note(key)
        return super().get(key, default)

    def getlist(self, key, default=None):
        self._note(key)
        return super().getlist(key, default)

    def __contains__(self, key):
        self._note(key)
        return super().__contains__(key)


def _recording_get(self):
    return RecordingQueryDict(self.environ.get("QUERY_STRING", ""), encoding=self._encoding)


class recording:
    """Within it, requests' query strings note what their views read."""

    def __enter__(self) -> set[str]:
        self.saved = WSGIRequest.__dict__["GET"]
        prop = cached_property(_recording_get)
        prop.__set_name__(WSGIRequest, "GET")
        WSGIRequest.GET = prop
        _read.append(set())
        return _read[-1]

    def __exit__(self, *exc) -> None:
        _read.pop()
        WSGIRequest.GET = self.saved


# --- Candidates ---------------------------------------------------------------------


def plan_path(model) -> str | None:
    """The lookup from a row of `model` to its plan ("round__committee__plan"),
    following foreign keys (three at most); None when it has none."""
    from plans.models import Plan

    frontier = [(model, "")]
    for _depth in range(3):
        following = []
        for current, path in frontier:
            for f in current._meta.get_fields():
                if isinstance(f, models.ForeignKey) and f.concrete:
                    lookup = f"{path}__{f.name}" if path else f.name
                    if f.related_model is Plan:
                        return lookup
                    following.append((f.related_model, lookup))
        frontier = following
    return None


class Samples:
    """The candidates for each parameter, from the rows at hand. `models`
    maps the word before a `pk` to its model; `member` is the signed-in
    person of the walk (their registrations, their email address)."""

    def __init__(self, *, member):
        from commitments.models import Commitment
        from committee.models import Candidacy, Meeting
        from consultations.models import Consultation
        from ideas.models import Idea
        from workshops.models import Workshop

        self.member = member
        # The word before <int:pk> → the rows it names, the likeliest first.
        self.models = {
            "ideas": Idea.objects.visible().order_by("-created_at", "-pk"),
            "workshops": Workshop.objects.published().order_by("-starts_at", "-pk"),
            "commitments": Commitment.objects.order_by("plan__number", "number", "pk"),
            "meetings": Meeting.objects.order_by("-pk"),
            "consultations": Consultation.objects.order_by("-pk"),
            "candidacies": Candidacy.objects.order_by("-submitted_at", "-pk"),
            # committee/selection/my/<pk>: a candidacy a selection member scores
            "my": Candidacy.objects.filter(submitted_at__isnull=False).order_by("-pk"),
        }

    @cached_property
    def plans(self) -> list:
        from plans.models import Plan

        # Those open to the public's ideas first, then those with the most of
        # them: what most routes of a plan have to show.
        plans = Plan.objects.public().annotate(n=models.Count("ideas", distinct=True)).order_by("-n", "pk")
        return sorted(plans, key=lambda plan: not plan.allows("submit_idea"))

    def _rows(self, rows, slug: str | None) -> list:
        """Up to 8 rows' pks, of the plan of `slug` if given, else those of
        the first plans (`plans`) first."""
        path = plan_path(rows.model)
        if path is None:
            return list(rows.values_list("pk", flat=True)[:8])
        if slug is not None:
            return list(rows.filter(**{f"{path}__slug": slug}).values_list("pk", flat=True)[:8])
        order = {plan.slug: index for index, plan in enumerate(self.plans)}
        found = list(rows.values_list("pk", f"{path}__slug")[:200])
        found.sort(key=lambda row: order.get(row[1], len(order)))
        return [pk for pk, _slug in found[:8]]

    def candidates(self, route: Route, word: str, name: str, chosen: dict) -> list:
        """Values for parameter `name` after `word`, given the values
        `chosen` before it (route order)."""
        from core import documents
        from opendata.registry import REGISTRY

        if name == "slug":  # every <slug:slug> is a plan's
            return [plan.slug for plan in self.plans]
        if name == "pk" and word == "workshops" and "token" in route.parameters():
            return [self._registration().workshop_id]  # the workshop of the signed link
        if name == "pk" and word in self.models:
            return self._rows(self.models[word], chosen.get("slug"))
        if name == "number":
            owner = self._object(chosen, "consultations")
            related = getattr(owner, word, None) if owner is not None else None
            return list(related.values_list("number", flat=True)[:3]) if related is not None else []
        if name == "kind":  # a document's
            return list(documents.registry())
        if name in ("language", "doc_lang"):
            return [settings.LANGUAGE_CODE]
        if name == "date":
            return self._document_dates(chosen)
        if name == "key" and word in ("open-data", "plans"):  # a dataset's
            return list(REGISTRY)
        if name == "key" and word == "confirm-email":
            from allauth.account.models import EmailAddress, EmailConfirmationHMAC

            address = EmailAddress.objects.filter(user=self.member).first()
            return [EmailConfirmationHMAC(address).key]
        if name == "name" and word == "schemas":
            schemas = (getattr(dataset, "schema", None) for dataset in REGISTRY.values())
            return [schema.name for schema in schemas if schema is not None]
        if name == "name" and word == "files":
            return self._public_files()
        if name == "token" and word in ("confirm", "cancel", "keep", "release"):
            return [self._link_token(word)]
        if name == "token" and word == "unsubscribe":
            from core.notifications import optional_kinds, unsubscribe_token

            return [unsubscribe_token(self.member, kind.key) for kind in optional_kinds()[:1]]
        if name == "uidb36":
            from allauth.account.utils import user_pk_to_url_str

            return [user_pk_to_url_str(self.member)]
        if name == "key" and "uidb36" in chosen:  # password/reset/key/<uidb36>-<key>
            from allauth.account.forms import default_token_generator

            return [default_token_generator.make_token(self.member)]
        return []

    def _object(self, chosen: dict, word: str):
        pk = chosen.get("pk")
        rows = self.models.get(word)
        return rows.model.objects.filter(pk=pk).first() if pk and rows is not None else None

    def _document_dates(self, chosen: dict) -> list:
        from core import documents

        document = documents.registry().get(chosen.get("kind"))
        plan = next((p for p in self.plans if p.slug == chosen.get("slug")), None)
        if document is None or document.dates is None or plan is None:
            return []
        return [day.isoformat() for day in list(document.dates(plan))[:2]]

    def _registration(self):
        from workshops.models import Registration

        return Registration.objects.filter(email=GUEST).order_by("-pk").first()

    def _link_token(self, action: str) -> str:
        from workshops import registration

        path = registration.link_path(self._registration(), action)
        return path.rstrip("/").rsplit("/", 1)[-1]

    def _public_files(self) -> list[str]:
        from core.files import protected_fields

        names = []
        for entry in protected_fields():
            rows = entry.model._default_manager.exclude(**{entry.field_name: ""}).order_by("-pk")
            names += [str(value) for value in rows.values_list(entry.field_name, flat=True)[:4] if value]
        return names


# --- The walk ------------------------------------------------------------------------


@dataclass
class Found:
    """A route filled: `path` answers the public (200) if any address the
    walk tried does, else it is the one the member sees (not a 404), else
    the first that answers at all. `member_path` and `member_html`: what the
    walk's signed-in person saw (their forms are read from it), and
    `public_html` what a visitor who is not signed in saw (200 only)."""

    route: Route
    path: str
    status: int  # of `path`, to a visitor who is not signed in (404: none answered them)
    parameters: frozenset[str] = frozenset()  # of the query string, read or declared
    member_path: str | None = None
    member_html: str = ""
    public_html: str = ""

    @property
    def public(self) -> bool:
        return self.status == 200


@dataclass
class Walk:
    anonymous: object  # test clients
    member: object
    samples: Samples
    found: list[Found] = field(default_factory=list)
    unfilled: list[str] = field(default_factory=list)

    def run(self) -> "Walk":
        for route in routes():
            hit = self._fill(route)
            if hit is None:
                self.unfilled.append(route.name)
            else:
                self.found.append(hit)
        return self

    def _addresses(self, route: Route) -> Iterator[str]:
        names = route.parameters()
        words = {name: word for word, name in route.parts() if name is not None}

        def fill(index: int, chosen: dict) -> Iterator[dict]:
            if index == len(names):
                yield dict(chosen)
                return
            name = names[index]
            for value in self.samples.candidates(route, words[name], name, chosen):
                yield from fill(index + 1, {**chosen, name: value})

        for values in fill(0, {}):
            path = route.path(values)
            try:
                match = resolve(urlsplit(path).path)
            except Resolver404:
                continue
            if match.func is route.callback:
                yield path

    def _fill(self, route: Route) -> Found | None:
        public = member = None  # (path, status, html[, parameters read])
        for path in itertools.islice(self._addresses(route), TRIES):
            if public is None or public[1] != 200:
                with recording() as read:
                    status, html = self._get(self.anonymous, path + "?walk=1")
                if status != 404 and (public is None or status == 200):
                    public = (path, status, html, (read - {"walk"}) | declared_query(route.callback))
            if member is None:
                status, html = self._get(self.member, path)
                if status != 404:
                    member = (path, status, html)
            if public is not None and public[1] == 200 and member is not None:
                break
        if public is None and member is None:
            return None
        if public is not None and (public[1] == 200 or member is None):
            path, status = public[0], public[1]
        else:
            path, status = member[0], 404 if public is None else public[1]
        return Found(
            route,
            path,
            status,
            frozenset(public[3]) if public else frozenset(),
            member_path=member[0] if member else None,
            member_html=member[2] if member else "",
            public_html=public[2] if public and public[1] == 200 else "",
        )

    @staticmethod
    def _get(client, path: str) -> tuple[int, str]:
        response = client.get(path)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
            return response.status_code, ""
        kind = response.get("Content-Type", "")
        return response.status_code, response.content.decode() if kind.startswith("text/html") else ""

    def public_pages(self) -> list[Found]:
        return [hit for hit in self.found if hit.public]


# --- Forms ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Field:
    name: str
    kind: str  # text, textarea, select, checkbox, radio, hidden, file, email, password, number, …
    value: str = ""
    options: tuple[str, ...] = ()


@dataclass(frozen=True)
class Form:
    action: str
    fields: tuple[Field, ...]
    page: str  # where it was found
    enctype: str = ""

    @property
    def key(self) -> tuple:
        return (self.action, tuple(sorted({f.name for f in self.fields if f.name != "csrfmiddlewaretoken"})))

    def typed(self) -> list[Field]:
        """What a person types (the fields a hostile value is most at home in)."""
        return [f for f in self.fields if f.kind in TYPED]


TYPED = {"text", "textarea", "email", "search", "url", "tel", "number", "date", "password"}


def forms_of(page_html: str, page: str) -> list[Form]:
    """The POST forms of a page, with the value each field would be sent
    with (the first option of a list, the default button)."""
    tree = lxml_html.fromstring(page_html)
    found = []
    for element in tree.iter("form"):
        if (element.get("method") or "get").lower() != "post":
            continue
        action = element.get("action") or page
        if action.startswith("?") or action == "":
            action = page.split("?")[0] + action
        fields: dict[str, Field] = {}
        for control in element.iter("input", "textarea", "select", "button"):
            name = control.get("name")
            if not name or control.get("disabled") is not None:
                continue
            tag = control.tag
            if tag == "textarea":
                fields.setdefault(name, Field(name, "textarea", control.text or ""))
            elif tag == "select":
                options = tuple(o.get("value", o.text or "") for o in control.iter("option"))
                chosen = [o.get("value", o.text or "") for o in control.iter("option") if o.get("selected")]
                value = chosen[0] if chosen else (options[0] if options else "")
                fields.setdefault(name, Field(name, "select", value, options))
            elif tag == "button" or control.get("type") == "submit":
                # The first button is the one Enter sends.
                if not any(f.kind == "submit" for f in fields.values()):
                    fields[name] = Field(name, "submit", control.get("value", ""))
            else:
                kind = (control.get("type") or "text").lower()
                if kind in ("checkbox", "radio"):
                    known = fields.get(name)
                    options = (known.options if known else ()) + (control.get("value", "on"),)
                    value = control.get("value", "on") if control.get("checked") is not None else ""
                    fields[name] = Field(name, kind, value or (known.value if known else ""), options)
                else:
                    fields.setdefault(name, Field(name, kind, control.get("value", "")))
        found.append(Form(action, tuple(fields.values()), page, element.get("enctype", "")))
    return found


# --- The walk's signed-in person -----------------------------------------------------


def make_member(email: str = "walker@example.org"):
    """A verified citizen who represents two associations, sits on a steering
    committee sitting today and on a selection committee: what a person may
    be, so that their pages and forms answer. The first plan of the walk
    (`Samples.plans`) gets a committee whose call for candidacies is open,
    with a draft of one of the member's associations (the other may apply).
    And a visitor's registration for the earliest workshop open (`GUEST`),
    whose signed links the walk follows. On the demo's rows (`loaded`)."""
    from django.core.files.base import ContentFile

    from committee.models import Committee, Membership, SelectionRound, Selector
    from ideas.models import Idea
    from tests.committee.factories import CommitteeFactory
    from tests.committee.selection_factories import CandidacyFactory, round_in
    from tests.conftest import make_citizen
    from tests.factories import AssociationFactory
    from workshops import registration
    from workshops.models import Workshop

    member = make_citizen(email, "Salma Walker", "ar")
    drafting, applying = AssociationFactory(name_fr="Association Walker"), AssociationFactory()
    member.associations.add(drafting, applying)
    today = date.today()
    sitting = Committee.objects.filter(
        term_start__lte=today, term_end__gte=today, meetings__convened_at__isnull=False
    ).first()
    if sitting is not None:
        Membership.objects.create(
            committee=sitting,
            person=member,
            name=member.display_name,
            side="civil",
            association=drafting,
            designated_on=sitting.term_start,
            starts_on=sitting.term_start,
        )
    scoring = SelectionRound.objects.order_by("-pk").first()
    if scoring is not None:
        Selector.objects.create(
            round=scoring,
            kind=Selector.Kind.INDEPENDENT,
            person=member,
            name="Salma Walker",
            organisation="Org",
        )
    first = Samples(member=member).plans[0]
    if not Committee.objects.filter(plan=first).exists():
        calling = round_in(
            "call",
            committee=CommitteeFactory(
                plan=first, term_start=today, term_end=today.replace(year=today.year + 2)
            ),
        )
        CandidacyFactory(round=calling, association=drafting)
    workshops = Workshop.objects.published().order_by("starts_at")
    open_now = next(w for w in workshops if w.registration_state() == "open")
    registration.register(open_now, email=GUEST, name="Invitée", language="ar")
    # A file anyone may download (the demo's are in another media folder).
    idea = Idea.objects.visible().order_by("-pk").first()
    idea.attachment.save("walk.pdf", ContentFile(PDF), save=True)
    return member


GUEST = "guest-walker@example.org"
# The smallest PDF the content check accepts.
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def walk_the_site():
    """The walk's person (`make_member`) and the walk of every route, with
    the settings under which every route answers: `make bench`'s pages on,
    and documents not rendered (a PDF of 50 pages takes 12 s: the page
    saying it is being prepared is enough for the walk). Returns (walk, member)."""
    from django.core.cache import cache
    from django.test import Client, override_settings

    # Built before the first test's empty cache: what the previous module
    # left there (its public plans, under tokens still standing) would be
    # served for this module's database.
    cache.clear()
    member = make_member()
    signed_in = Client()
    signed_in.force_login(member)
    with override_settings(**WALK_SETTINGS):
        return Walk(Client(), signed_in, Samples(member=member)).run(), member


WALK_SETTINGS = {"BENCH_BASELINE": True, "CELERY_TASK_ALWAYS_EAGER": False}


# --- What is saved -------------------------------------------------------------------

# Tables that change with no one's data in them: signing in writes a session.
UNCOUNTED = {"django_session"}


def row_counts() -> dict[str, int]:
    """How many rows each of the portal's tables holds, in one query."""
    from django.apps import apps
    from django.db import connection

    tables = sorted(
        {
            model._meta.db_table
            for model in apps.get_models(include_auto_created=True)
            if model._meta.managed and not model._meta.proxy
        }
        - UNCOUNTED
    )
    quote = connection.ops.quote_name
    # Table names from the models, quoted: nothing from outside.
    sql = "SELECT " + ", ".join(f"(SELECT count(*) FROM {quote(table)})" for table in tables)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(zip(tables, cursor.fetchone(), strict=True))


def changed(before: dict[str, int], after: dict[str, int]) -> dict[str, tuple[int, int]]:
    return {table: (before[table], after[table]) for table in before if before[table] != after[table]}


def admin_paths() -> list[tuple[Route, str]]:
    """Every admin route with its parameters filled: a row of the model the
    route is about for its `object_id`, "1" for anything else (the admin's
    catch-all left out). Routes that do not resolve so are left out too,
    and said by `unresolved` below."""
    from django.contrib import admin

    by_prefix = {f"admin:{m._meta.app_label}_{m._meta.model_name}_": m for m in admin.site._registry}
    found = []
    for route in routes(admin=True):
        if route.parameters() == ["url"]:
            continue  # the admin's catch-all: a redirect to the login, or a 404
        model = next((m for prefix, m in by_prefix.items() if route.name.startswith(prefix)), None)
        first = model._default_manager.order_by("pk").values_list("pk", flat=True).first() if model else None
        values = {}
        for name in route.parameters():
            if name == "object_id" and first is not None:
                values[name] = first
            elif name == "app_label":
                values[name] = "ideas"
            else:
                values[name] = 1
        found.append((route, route.path(values)))
    return found


def forms_found(walk: Walk) -> list[tuple[Form, str]]:
    """Every POST form the walk saw, once each: (form, "member") when the
    signed-in person saw it, (form, "public") when a visitor did."""
    seen, found = set(), []
    for hit in walk.found:
        for html, who, page in (
            (hit.member_html, "member", hit.member_path),
            (hit.public_html, "public", hit.path),
        ):
            if not html:
                continue
            for form in forms_of(html, page):
                if (form.key, who) in seen:
                    continue
                seen.add((form.key, who))
                found.append((form, who))
    return found
