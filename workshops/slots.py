"""Where workshops' pages show rows of the apps above it (core.slots), which
fill these from their AppConfig.ready(): workshops reads none of their rows."""

from core.slots import Slot

# Among a held workshop's outputs, on its page (the ideas collected).
OUTPUTS = Slot()
# Among each workshop's figures (workshops.figures.with_figures), in the same
# query: `idea_count`, the ideas collected there.
FIGURES = Slot()
