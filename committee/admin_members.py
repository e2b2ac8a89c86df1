"""Committees, seats, the handbook and absence flags in the admin: to come
(issue 20, members). MeetingAdmin (admin_meetings) shows MEETING_INLINES
(attendance, guests, decisions)."""

MEETING_INLINES: list = []
