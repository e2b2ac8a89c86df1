"""Where workshops' pages show rows of the apps above it (core.slots), which
fill these from their AppConfig.ready(): workshops reads none of their rows."""

from core.slots import Slot

# Among a held workshop's outputs, on its page (the ideas collected).
OUTPUTS = Slot()
