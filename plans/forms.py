from django.utils.translation import gettext_lazy as _

from .models import Association


class OnBehalfOf:
    """For a form the public fills in on behalf of an association (an idea, a
    consultation comment), with the model's `association` and
    `association_name` fields: the first offers the associations the person
    represents (left out when they represent none), the second takes the name
    of one they declare; not both."""

    def offer_associations(self, user) -> None:
        self.fields["association_name"].label = _("On behalf of an association")
        self.fields["association_name"].widget.attrs["dir"] = "auto"
        represented = Association.objects.filter(representatives=user)
        self.fields["association"].queryset = represented
        if represented.exists():
            self.fields["association"].label = _("On behalf of an association you represent")
            self.fields["association_name"].label = _("Or another association")
        else:
            del self.fields["association"]

    def clean_association_name(self) -> str:
        return " ".join(self.cleaned_data["association_name"].split())

    def clean(self):
        data = super().clean()
        if data.get("association") and data.get("association_name"):
            self.add_error(
                "association_name", _("Choose one association, or give the name of another, not both.")
            )
        return data
