"""Every interface string is translated in ar, fr and en, and the catalogues
hold every string the code and templates use."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[1]
LANGUAGES = ["ar", "fr", "en"]


def catalogue(root: Path, language: str) -> polib.POFile:
    return polib.pofile(str(root / "locale" / language / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_entry_is_translated(language):
    po = catalogue(ROOT, language)
    untranslated = [e.msgid for e in po if not e.obsolete and not e.translated()]
    fuzzy = [e.msgid for e in po if "fuzzy" in e.flags]
    assert untranslated == []
    assert fuzzy == []


@pytest.mark.slow  # another Python process
@pytest.mark.skipif(not shutil.which("xgettext"), reason="needs gettext")
def test_the_catalogues_cover_every_string_in_code_and_templates(tmp_path):
    copy = tmp_path / "project"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv",
            ".git",
            "media",
            "staticfiles",
            "*.mo",
            "__pycache__",
            "db.sqlite3",
            ".pytest_cache",
            ".ruff_cache",
            "node_modules",
        ),
    )
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "ar",
            "-l",
            "fr",
            "-l",
            "en",
            "--no-location",
            "--no-obsolete",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    for language in LANGUAGES:
        committed = {e.msgid for e in catalogue(ROOT, language) if not e.obsolete}
        needed = {e.msgid for e in catalogue(copy, language) if not e.obsolete}
        assert needed - committed == set(), f"run makemessages and translate these in {language}"
