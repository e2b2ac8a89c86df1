"""The secretariat's admin of the steering committee, in three parts:
admin_members (committees, seats, the handbook, absence flags, and the
meeting's attendance, guests and decisions), admin_meetings (meetings,
their agenda and the members' proposals) and admin_minutes (the minutes,
their comments and deadlines)."""

from . import admin_meetings, admin_members, admin_minutes  # noqa: F401 - they register their admins
