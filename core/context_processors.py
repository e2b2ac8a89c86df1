from django.conf import settings
from django.utils.translation import gettext as _


def portal(request):
    return {"PORTAL_NAME": settings.PORTAL_NAME or _("Open Government Portal")}
