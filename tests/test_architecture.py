"""Lower apps never import higher ones (STYLE.md). Every module of every app is
parsed, function-level imports included, and each import of another project app
must point down the layer table below, or be one of the few edges between
feature apps that the domain needs.

Nor do they read a higher app's rows through a reverse relation, which needs
no import: `user.institutions` in core reads plans' rows as surely as an
import of plans would. The relations come from the app registry; each
module's attribute names, query lookups and template variables are checked
against the reverse names that only a higher app declares."""

import ast
import re
from pathlib import Path

from django.apps import apps
from django.conf import settings

ROOT = Path(__file__).resolve().parents[1]

# Lowest first. An app imports only apps of a lower layer.
LAYERS = {
    "core": 0,
    "plans": 1,
    "workshops": 2,
    "commitments": 2,
    "ideas": 2,
    "consultations": 2,
    "committee": 2,
    "opendata": 3,
    "demo": 3,
    "ogp_portal": 4,  # the project: settings and root URLs, may import anything
}
# Between apps of one layer, only these (importer, imported) edges.
SIDEWAYS = {
    ("ideas", "workshops"),  # an idea may come from a workshop
    ("ideas", "commitments"),  # an idea is integrated into commitments
    ("committee", "commitments"),  # public members come from institutions leading commitments
    ("consultations", "commitments"),  # the draft plan's commitments and milestones are commented on
    ("consultations", "ideas"),  # fills the co-creation report's slot with the consultation's table
}
# Top-level packages that are not apps: the test suite may import anything.
NOT_APPS = {"tests"}

# Offences accepted for now, as (file, imported app). Each must still occur,
# so the list is emptied as they are fixed.
# Offences tolerated for a while, each with its reason; empty is the goal.
KNOWN: set[tuple[str, str]] = set()

# Calls whose first argument names a module or an app: imports in disguise.
STRING_IMPORTS = {"get_model", "import_module"}


def imports(path: Path, app: str):
    """(line, imported module) for every import in the file, string ones included."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            # A relative import stays inside its own app (apps are top-level packages).
            yield node.lineno, app if node.level else node.module
        elif isinstance(node, ast.Call) and _name(node.func) in STRING_IMPORTS and node.args:
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                # get_model("plans", "Institution"), get_model("plans.Institution"),
                # import_module("plans.models"): the app comes first.
                yield node.lineno, first.value


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def may_import(importer: str, imported: str, layers: dict) -> bool:
    return importer == imported or layers[imported] < layers[importer] or (importer, imported) in SIDEWAYS


def offences(root: Path, layers: dict) -> list[tuple[str, int, str, str]]:
    """(file, line, module, imported app) for every import that points up or sideways."""
    found = []
    for app in layers:
        for path in sorted((root / app).rglob("*.py")):
            for line, module in imports(path, app):
                imported = module.split(".")[0]
                if imported in layers and not may_import(app, imported, layers):
                    found.append((path.relative_to(root).as_posix(), line, module, imported))
    return found


def unplaced_apps(root: Path, layers: dict) -> list[str]:
    """Top-level packages or apps the layer table does not place."""
    return sorted(
        path.name
        for path in root.iterdir()
        if path.is_dir()
        and ((path / "__init__.py").exists() or (path / "apps.py").exists())
        and path.name not in layers
        and path.name not in NOT_APPS
    )


def report(found) -> str:
    return "\n".join(f"{file}:{line} {module}" for file, line, module, _app in found)


def test_no_app_imports_a_higher_one():
    found = offences(ROOT, LAYERS)
    new = [offence for offence in found if (offence[0], offence[3]) not in KNOWN]
    assert new == [], "a lower app imports a higher one:\n" + report(new)
    fixed = KNOWN - {(file, app) for file, _line, _module, app in found}
    assert fixed == set(), f"no longer offending, remove from KNOWN: {sorted(fixed)}"


# Reverse relations. A relation declared by one app gives the model it points
# to names in a lower app (Idea.plan, related name "ideas": `plan.ideas`,
# `Plan.objects.filter(ideas__status=…)`): only the declaring app, and those
# that may import it, may use them.

# Calls whose keyword names are lookups, and calls whose string arguments are.
LOOKUP_KEYWORDS = {"filter", "exclude", "get", "get_or_create", "update_or_create", "Q"}
LOOKUP_STRINGS = LOOKUP_KEYWORDS | {
    "get_field",
    "values",
    "values_list",
    "order_by",
    "select_related",
    "prefetch_related",
    "Prefetch",
    "only",
    "defer",
    "F",
    "OuterRef",
    "Count",
    "Sum",
    "Min",
    "Max",
    "Avg",
    "getattr",
    "hasattr",
}
# A variable or tag argument inside {{ … }} or {% … %}: its dotted names.
TEMPLATE_TAG = re.compile(r"{{.*?}}|{%.*?%}", re.DOTALL)
TEMPLATE_ATTRIBUTE = re.compile(r"\.(\w+)")

# Reverse names used below the app that declares them, accepted for now, as
# (file, name): the reason. Each must still occur; empty is the goal.
KNOWN_REVERSE: dict[tuple[str, str], str] = {
    # Not a relation: the made-up rows the benchmark's baseline renders are dicts.
    ("core/templates/core/bench_baseline.html", "supports"): "a dict key, no model",
    ("core/templates/core/bench_baseline.html", "comments"): "a dict key, no model",
}


def relation_names(layers: dict) -> list[tuple[str, str, str]]:
    """(name, declaring app, "reverse" or "field") for every relation of every
    installed model: a field's own name, and the reverse accessor and query
    names it gives the model it points to. Apps outside the layer table
    (Django's, allauth's) are declared by "" and visible to every app."""
    found = []
    for model in apps.get_models():
        app = model._meta.app_label if model._meta.app_label in layers else ""
        for field in model._meta.get_fields():
            if field.auto_created and not field.concrete:
                continue  # a reverse relation: listed from the field that declares it
            found.append((field.name, app, "field"))
            remote = getattr(field, "remote_field", None)
            if remote is None or remote.hidden:
                continue
            found.append((remote.get_accessor_name(), app, "reverse"))
            found.append((field.related_query_name(), app, "reverse"))
    return found


def upward_names(app: str, relations, layers: dict) -> dict[str, str]:
    """The reverse names `app` must not use, with the app declaring each: those
    declared by apps it may not import, unless a relation it may use bears
    the same name (then the name is not proof of an upward reading)."""
    usable = {
        name
        for name, declared_by, _kind in relations
        if not declared_by or may_import(app, declared_by, layers)
    }
    return {
        name: declared_by
        for name, declared_by, kind in relations
        if kind == "reverse"
        and declared_by
        and not may_import(app, declared_by, layers)
        and name not in usable
    }


def _strings(node: ast.expr):
    """The text of a string argument; an f-string's literal parts."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node.value
    elif isinstance(node, ast.JoinedStr):
        for part in node.values:
            yield from _strings(part)


def _lookup_names(text: str):
    for part in text.split("__"):
        yield part.strip().lstrip("-")


def names_used(tree: ast.AST):
    """(line, name) for every attribute read and every name in a lookup."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            yield node.lineno, node.attr
        elif isinstance(node, ast.Call):
            call = _name(node.func)
            if call in LOOKUP_STRINGS:
                for argument in node.args:
                    for text in _strings(argument):
                        for name in _lookup_names(text):
                            yield node.lineno, name
            if call in LOOKUP_KEYWORDS:
                for keyword in node.keywords:
                    if keyword.arg is not None:
                        for name in _lookup_names(keyword.arg):
                            yield node.lineno, name
                    elif isinstance(keyword.value, ast.Dict):  # filter(**{f"{path}__x": …})
                        for key in keyword.value.keys:
                            for text in _strings(key) if key is not None else ():
                                for name in _lookup_names(text):
                                    yield node.lineno, name


def template_names_used(text: str):
    for tag in TEMPLATE_TAG.finditer(text):
        line = text.count("\n", 0, tag.start()) + 1
        for name in TEMPLATE_ATTRIBUTE.findall(tag.group()):
            yield line, name


def reverse_offences(root: Path, layers: dict, relations) -> list[tuple[str, int, str, str]]:
    """(file, line, name, declaring app) for every reverse name used below its app."""
    found = []
    for app in layers:
        upward = upward_names(app, relations, layers)
        folder = root / app
        for path in sorted(folder.rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            uses = names_used(tree)
            found += [(path, line, name, upward[name]) for line, name in uses if name in upward]
        for path in sorted(folder.glob("templates/**/*")):
            if path.suffix in (".html", ".txt"):
                uses = template_names_used(path.read_text(encoding="utf-8"))
                found += [(path, line, name, upward[name]) for line, name in uses if name in upward]
    return sorted({(path.relative_to(root).as_posix(), line, name, app) for path, line, name, app in found})


def test_no_app_reads_a_higher_apps_rows_through_a_reverse_relation():
    found = reverse_offences(ROOT, LAYERS, relation_names(LAYERS))
    new = [offence for offence in found if (offence[0], offence[2]) not in KNOWN_REVERSE]
    assert new == [], "a lower app reads a higher app's rows through a reverse relation:\n" + "\n".join(
        f"{file}:{line} .{name} (a relation declared by {app})" for file, line, name, app in new
    )
    fixed = set(KNOWN_REVERSE) - {(file, name) for file, _line, name, _app in found}
    assert fixed == set(), f"no longer offending, remove from KNOWN_REVERSE: {sorted(fixed)}"


def test_every_app_has_a_place_in_the_layers():
    assert unplaced_apps(ROOT, LAYERS) == []


def test_installed_apps_are_listed_lowest_first():
    # settings.py says so, and the app registry loads them in this order.
    project = [name for name in settings.INSTALLED_APPS if (ROOT / name).is_dir()]
    assert set(project) == set(LAYERS) - {"ogp_portal"}
    assert [LAYERS[name] for name in project] == sorted(LAYERS[name] for name in project)


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_the_checker_reports_lower_apps_importing_higher_ones(tmp_path):
    write(
        tmp_path,
        {
            "core/__init__.py": "",
            "core/models.py": "from django.db import models\nfrom core import dates\n",
            "core/permissions.py": (
                "from django.apps import apps\n"
                "\n"
                "def institutions():\n"
                '    return apps.get_model("plans", "Institution")\n'
            ),
            "core/loader.py": 'from importlib import import_module\nimport_module("opendata.registry")\n',
            "plans/__init__.py": "",
            "plans/views.py": "from . import models\nfrom core.models import User\n",
            "plans/migrations/0002_data.py": "def forwards(apps, schema_editor):\n    import ideas.models\n",
            "ideas/__init__.py": "",
            "ideas/models.py": "from workshops.models import Workshop\nfrom plans.models import Plan\n",
            "ideas/templatetags/tags.py": "from .. import models\n",
            "workshops/__init__.py": "",
            "workshops/views.py": "from ideas.models import Idea\n",
            "opendata/__init__.py": "",
            "opendata/views.py": "from ideas.datasets import DATASETS\n",
            "newapp/apps.py": "",
            "tests/test_x.py": "from opendata import views\n",
        },
    )
    layers = {key: LAYERS[key] for key in ("core", "plans", "workshops", "ideas", "opendata")}

    assert report(offences(tmp_path, layers)).splitlines() == [
        "core/loader.py:2 opendata.registry",
        "core/permissions.py:4 plans",
        "plans/migrations/0002_data.py:2 ideas.models",
        "workshops/views.py:1 ideas.models",  # sideways without a declared edge
    ]
    assert unplaced_apps(tmp_path, layers) == ["newapp"]


def test_the_checker_reports_reverse_relations_read_below_their_app(tmp_path):
    write(
        tmp_path,
        {
            "core/permissions.py": (
                "def focal(user):\n"
                "    return user.institutions.exists()\n"
                "\n"
                "def rows(queryset, path):\n"
                '    return queryset.filter(**{f"{path}__institutions__in": [1]})\n'
            ),
            "core/models.py": (
                'def members():\n    return User.objects.filter(associations__isnull=False).values("pk")\n'
            ),
            "core/templates/core/me.html": (
                "<p>{{ user.display_name }}, {% for i in user.institutions.all %}</p>\n"
            ),
            "plans/views.py": (
                "def plan_page(plan):\n"
                "    plan.member.institutions.all()\n"  # plans' own relation
                '    return Plan.objects.annotate(n=Count("ideas")).order_by("-ideas__created_at")\n'
            ),
            "workshops/views.py": (
                "def page(workshop):\n    return workshop.institutions.all(), workshop.ideas\n"
            ),
            "ideas/views.py": "def page(plan, user):\n    return plan.ideas.all(), user.institutions.all()\n",
        },
    )
    layers = {key: LAYERS[key] for key in ("core", "plans", "workshops", "ideas")}
    relations = [
        # Institution.focal_points (plans) → core.User: "institutions"; Institution.member: the same name.
        ("focal_points", "plans", "field"),
        ("institutions", "plans", "reverse"),
        ("representatives", "plans", "field"),
        ("associations", "plans", "reverse"),
        # Workshop.institutions: a field of its own, not plans' reverse name.
        ("institutions", "workshops", "field"),
        # Idea.plan and Idea.workshop: "ideas".
        ("ideas", "ideas", "reverse"),
        ("display_name", "core", "field"),
    ]

    assert reverse_offences(tmp_path, layers, relations) == [
        ("core/models.py", 2, "associations", "plans"),
        ("core/permissions.py", 2, "institutions", "plans"),
        ("core/permissions.py", 5, "institutions", "plans"),
        ("core/templates/core/me.html", 1, "institutions", "plans"),
        ("plans/views.py", 3, "ideas", "ideas"),
        ("workshops/views.py", 2, "ideas", "ideas"),
    ]
