from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdeasConfig(AppConfig):
    name = "ideas"
    verbose_name = _("Ideas")

    def ready(self):
        from core.files import protect
        from core.permissions import can_see_idea_attachment

        protect(self.get_model("Idea"), "attachment", can_see_idea_attachment)
