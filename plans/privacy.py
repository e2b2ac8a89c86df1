"""What plans holds about a person (core.personal_data): the institutions
they are a focal point of and the associations they represent."""

from core.personal_data import register

from .models import Association, Institution


def export(user) -> dict:
    return {
        "focal_point_of": [institution.name for institution in user.institutions.order_by("pk")],
        "represents": [association.name for association in user.associations.order_by("pk")],
    }


def erase(user) -> None:
    user.institutions.clear()
    user.associations.clear()


register("roles", export=export, erase=erase, models=[Institution, Association])
