"""What the portal does to the text people type, in one place: the direction
controls taken out of it, and the folds that make two spellings compare equal
(the ideas search, the reserved public names)."""

import re

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


# The Arabic letter variants folded when text is compared, as
# ideas_search_text() does in the database (migration ideas 0003): hamza
# forms of alif to alif, ta marbuta to ha, alif maqsura to ya; tatweel and
# short vowels removed.
ARABIC_FOLD = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "\u0640": None, "\u0670": None}
    | {chr(c): None for c in range(0x064B, 0x0653)}
)
