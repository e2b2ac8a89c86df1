"""Meetings in the admin: to come (issue 20, convocation)."""
