"""The ideas' published documents (core.documents): the co-creation report."""

from .cocreation_report import COCREATION_REPORT

DOCUMENTS = [COCREATION_REPORT]
