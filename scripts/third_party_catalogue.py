"""Refresh the portal's own catalogue of the third-party strings its pages
show: `python scripts/third_party_catalogue.py` (run it again after upgrading
django-allauth, django-import-export or Django).

The packages ship their own Arabic and French, whose spelling and register do
not match the portal's (allauth says «لم ترى», «حسابك», and three words for
signing up; Django's form errors say «أدخل» to one person and «ديسمبر»;
django-import-export leaves half of its pages in English). The portal keeps a
reviewed translation of every string those pages, forms, messages and emails
can show in core/third_party_catalogue/, the second entry of LOCALE_PATHS:
the portal's own locale/ still wins, and this catalogue wins over the
packages'. (It is not named "locale" so that makemessages never writes the
portal's strings into it.)

What it does, for each language in LANGUAGES:
1. copies what SOURCES names (allauth's account templates, layouts, elements
   and Python; Django's forms, validators, password validators and the
   admin's form pages; django-import-export's templates and Python) into a
   temporary directory and runs `django-admin makemessages` there (no
   settings, so nothing is written into the project);
2. rewrites the catalogue with exactly those msgids: a reviewed translation
   already in the catalogue is kept; a new msgid gets its package's
   translation as a starting point, marked fuzzy (fuzzy entries are not
   compiled, and tests/core/test_account_language.py fails until someone
   reviews them); the header, with its Plural-Forms, is the portal's.

Then review the fuzzy entries (the register is the formal plural, signing
up is «إنشاء حساب» as in the portal's catalogue), remove the fuzzy flag, and
run `make messages`.
"""

import importlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = ROOT / "core" / "third_party_catalogue"
LANGUAGES = ["ar", "fr"]
# What the portal's pages can show, per package: (package, the paths inside
# it, its own catalogue — the starting point for a new msgid).
# - allauth's account templates, layouts and elements, its account and core
#   Python (forms, adapter, messages); the others (socialaccount, mfa,
#   usersessions, headless) are not installed;
# - Django's password validators (the sign-up and password forms), its form
#   fields' and validators' errors (every form of the site and the admin),
#   and the admin's pages, widgets and messages (its login and password
#   pages are never shown: staff sign in through the site);
# - django-import-export: its admin pages, forms and messages.
SOURCES = [
    ("allauth", ["templates/account", "templates/allauth", "account", "core"], "locale"),
    ("django", ["contrib/auth/password_validation.py"], "contrib/auth/locale"),
    ("django", ["forms/fields.py", "forms/forms.py", "forms/formsets.py", "forms/models.py"], "conf/locale"),
    ("django", ["forms/widgets.py", "forms/boundfield.py", "core/validators.py"], "conf/locale"),
    ("django", ["db/models/fields/__init__.py", "db/models/base.py"], "conf/locale"),
    ("django", ["contrib/admin/templates/admin"], "contrib/admin/locale"),
    (
        "django",
        ["contrib/admin/options.py", "contrib/admin/helpers.py", "contrib/admin/widgets.py"],
        "contrib/admin/locale",
    ),
    (
        "django",
        ["contrib/admin/filters.py", "contrib/admin/actions.py", "contrib/admin/views"],
        "contrib/admin/locale",
    ),
    (
        "django",
        ["contrib/admin/templatetags", "contrib/admin/sites.py", "contrib/admin/models.py"],
        "contrib/admin/locale",
    ),
    ("import_export", ["templates/admin/import_export", "admin.py", "forms.py", "mixins.py"], "locale"),
    ("import_export", ["resources.py", "results.py", "widgets.py", "fields.py", "formats"], "locale"),
]
# And the admin's JavaScript (its own catalogue, djangojs): the pickers of
# several rows (an institution's "choose" and "remove" help), the calendar
# and clock beside date fields (the month names), the actions' counter.
JS_SOURCES = [
    (
        "django",
        ["contrib/admin/static/admin/js/SelectFilter2.js", "contrib/admin/static/admin/js/actions.js"],
        "contrib/admin/locale",
    ),
    (
        "django",
        ["contrib/admin/static/admin/js/calendar.js", "contrib/admin/static/admin/js/admin"],
        "contrib/admin/locale",
    ),
    (
        "django",
        ["contrib/admin/static/admin/js/inlines.js", "contrib/admin/static/admin/js/core.js"],
        "contrib/admin/locale",
    ),
]
DOMAINS = {"django": SOURCES, "djangojs": JS_SOURCES}


def package_root(name: str) -> Path:
    return Path(importlib.import_module(name).__file__).resolve().parent


def catalogue_path(language: str, root: Path = CATALOGUE, domain: str = "django") -> Path:
    return root / language / "LC_MESSAGES" / f"{domain}.po"


def extract(language: str, domain: str = "django") -> polib.POFile:
    """The msgids the portal's pages can show, as makemessages finds them."""
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for package, paths, _ in DOMAINS[domain]:
            for path in paths:
                source, target = package_root(package) / path, work / package / path
                if source.is_dir():
                    skip = shutil.ignore_patterns("tests", "test_*.py", "__pycache__", "locale")
                    shutil.copytree(source, target, ignore=skip)
                else:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy(source, target)
        (work / "locale").mkdir()
        # Without DJANGO_SETTINGS_MODULE makemessages writes only into ./locale.
        env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
        subprocess.run(
            [sys.executable, "-m", "django", "makemessages", "-l", language, "-d", domain]
            + ["-e", "js" if domain == "djangojs" else "html,txt,py", "--no-location", "--no-obsolete"],
            cwd=work,
            env=env,
            check=True,
            capture_output=True,
        )
        return polib.pofile(str(catalogue_path(language, work / "locale", domain)))


def refresh(language: str, domain: str = "django") -> list[str]:
    """Rewrite the catalogue of `language`; return the msgids left to review."""
    extracted = extract(language, domain)
    path = catalogue_path(language, domain=domain)
    ours = {(e.msgctxt, e.msgid): e for e in polib.pofile(str(path))} if path.exists() else {}
    theirs = {}
    for package, _, locale in DOMAINS[domain]:
        upstream = polib.pofile(str(catalogue_path(language, package_root(package) / locale, domain)))
        theirs.update({(e.msgctxt, e.msgid): e for e in upstream if (e.msgctxt, e.msgid) not in theirs})
    portal = polib.pofile(str(ROOT / "locale" / language / "LC_MESSAGES" / "django.po"))
    nplurals = int(portal.metadata["Plural-Forms"].split("nplurals=")[1].split(";")[0])

    po = polib.POFile(wrapwidth=0)
    po.header = (
        "The third-party strings the portal shows, reviewed for it (scripts/third_party_catalogue.py)."
    )
    po.metadata = {
        **{key: value for key, value in portal.metadata.items() if key != "POT-Creation-Date"},
        "Project-Id-Version": "ogp-portal (third-party strings)",
    }
    to_review = []
    for found in extracted:
        entry = polib.POEntry(msgid=found.msgid, msgctxt=found.msgctxt, msgid_plural=found.msgid_plural)
        entry.flags = [flag for flag in found.flags if flag.endswith("-format")]
        kept = ours.get((found.msgctxt, found.msgid))
        if kept is not None and "fuzzy" not in kept.flags:
            entry.msgstr, entry.msgstr_plural = kept.msgstr, kept.msgstr_plural
        else:
            start = kept or theirs.get((found.msgctxt, found.msgid))
            if found.msgid_plural:
                forms = dict(start.msgstr_plural) if start else {}
                entry.msgstr_plural = {
                    i: forms.get(i, forms.get(len(forms) - 1, "")) for i in range(nplurals)
                }
            else:
                entry.msgstr = start.msgstr if start else ""
            entry.flags.append("fuzzy")
            to_review.append(found.msgid)
        po.append(entry)
    path.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(path))
    return to_review


def main() -> None:
    for domain in DOMAINS:
        for language in LANGUAGES:
            to_review = refresh(language, domain)
            path = catalogue_path(language, domain=domain).relative_to(ROOT)
            print(f"{path}: {len(to_review)} entries to review (fuzzy)")


if __name__ == "__main__":
    main()
