"""What the portal does to the text people type, in one place: the direction
controls taken out of it, and the fold that makes two spellings compare equal
(the ideas search, whichever database answers it, and the reserved public
names)."""

import re
import unicodedata

# Characters that reorder text on screen: the embeddings, overrides and
# isolates (U+202A–U+202E, U+2066–U+2069) let a name or a title display as
# something other than what was typed ("Secr\u202etairat" …). The marks
# (LRM, RLM, ALM) are harmless in running text, where Arabic and Latin mix,
# but in a one-line name or title, or in search words, they only serve to
# spoof or to make a search miss.
CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
MARKS = re.compile("[\u200e\u200f\u061c]")


def strip_controls(value: str, *, one_line: bool = True) -> str:
    value = CONTROLS.sub("", value)
    return MARKS.sub("", value) if one_line else value


# The Arabic letter variants folded when text is compared (fold()): hamza
# forms of alif to alif, ta marbuta to ha, alif maqsura to ya; tatweel and
# short vowels removed.
ARABIC_FOLD = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "\u0640": None, "\u0670": None}
    | {chr(c): None for c in range(0x064B, 0x0653)}
)
# What unaccent (the PostgreSQL extension) does besides removing accents.
LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"})
LATIN_ACCENTS = re.compile("[\u0300-\u036f]")


def fold(text: str) -> str:
    """Two spellings of a word made one: accents off ("Fès" → "Fes"), Arabic
    letter variants folded ("الإدارة" → "الادارة"). PostgreSQL's
    `ideas_search_text()` (migration ideas 0003: unaccent, then translate)
    mirrors it, and SQLite runs it under that name (ideas.apps), so the
    search folds alike on both; tests/ideas/test_search.py holds them equal."""
    text = unicodedata.normalize("NFKD", text.translate(ARABIC_FOLD).translate(LIGATURES))
    return unicodedata.normalize("NFC", LATIN_ACCENTS.sub("", text))


def detect_language(text: str) -> str:
    """The language a contribution is written in (an idea, a consultation
    comment), for search and its readers: Arabic script or not."""
    arabic = sum(1 for ch in text if "\u0600" <= ch <= "\u06ff")
    letters = sum(1 for ch in text if ch.isalpha())
    return "ar" if letters and arabic * 2 >= letters else "fr"
