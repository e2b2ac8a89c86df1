"""The commitments' published documents (core.documents): the action plan
and the progress report at a date."""

from .action_plan import ACTION_PLAN

DOCUMENTS = [ACTION_PLAN]
