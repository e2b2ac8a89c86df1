"""Lower apps never import higher ones (STYLE.md). Every module of every app is
parsed, function-level imports included, and each import of another project app
must point down the layer table below, or be one of the few edges between
feature apps that the domain needs."""

import ast
from pathlib import Path

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
