"""The commitments' published documents (core.documents): the action plan
and the progress report at a date."""

from .action_plan import ACTION_PLAN
from .progress_report import PROGRESS_REPORT

DOCUMENTS = [ACTION_PLAN, PROGRESS_REPORT]
