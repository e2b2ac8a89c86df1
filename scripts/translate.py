"""Fill the catalogues: `python scripts/translate.py FILE.json` where the JSON maps
each msgid to {"ar": ..., "fr": ..., "en": ...} (plural msgids: lists of forms; a
msgid with a context: "context\u0004msgid").
Run `manage.py makemessages -l ar -l fr -l en --no-location --no-obsolete` first;
it reports the msgids still untranslated afterwards."""

import json
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[1]


def main(path: str) -> None:
    table = json.loads(Path(path).read_text(encoding="utf-8"))
    for language in ("ar", "fr", "en"):
        po_path = ROOT / "locale" / language / "LC_MESSAGES" / "django.po"
        po = polib.pofile(str(po_path))
        for entry in po:
            if entry.obsolete:
                continue
            # A msgid with a context (pgettext) is keyed "context\u0004msgid", as gettext stores it.
            key = f"{entry.msgctxt}\u0004{entry.msgid}" if entry.msgctxt else entry.msgid
            text = table.get(key, {}).get(language)
            if text is not None:
                if entry.msgid_plural:
                    forms = text if isinstance(text, list) else [text]
                    count = len(entry.msgstr_plural) or 2
                    entry.msgstr_plural = {i: forms[min(i, len(forms) - 1)] for i in range(count)}
                else:
                    entry.msgstr = text
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
        po.save(str(po_path))
        missing = [e.msgid for e in po if not e.obsolete and not e.translated()]
        if missing:
            print(f"{language}: untranslated: {missing}")


if __name__ == "__main__":
    main(sys.argv[1])
