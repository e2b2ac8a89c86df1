"""Where plans' pages show what the apps above them say of a plan (core.slots),
filled from their AppConfig.ready(): plans reads none of their rows."""

from core.slots import Slot

# On a plan's page, after what the public can do now (the overall completion
# of its commitments, for a plan in implementation).
PAGE = Slot()
