"""The minutes in the admin: to come (issue 20, minutes). MeetingAdmin
(admin_meetings) shows INLINES and routes row_views(model_admin)."""

INLINES: list = []


def row_views(model_admin) -> list:
    return []
