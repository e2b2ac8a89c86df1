"""The secretariat's admin of the steering committee, in four parts:
admin_members (committees, seats, the handbook, absence flags, and the
meeting's attendance, guests and decisions), admin_meetings (meetings,
their agenda and the members' proposals), admin_minutes (the minutes,
their comments and deadlines) and admin_selection (the selection of the
civil-society members: rounds, candidacies, the ranking, votes, scores)."""

from . import admin_meetings, admin_members, admin_minutes, admin_selection  # noqa: F401 - they register their admins
