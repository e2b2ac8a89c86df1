"""Where commitments' pages show rows of the apps above it (core.slots), which
fill these from their AppConfig.ready(): commitments reads none of their rows."""

from core.slots import Slot

# On each card of a plan's list, under its title (the ideas integrated).
LIST_ROW = Slot()
# On a card's page, after its indicators (the ideas it integrated).
PAGE = Slot()
# In a card's public history: (when, who's user id, subject, kind) entries
# (the ideas it integrated, each with its screening move).
HISTORY = Slot()
