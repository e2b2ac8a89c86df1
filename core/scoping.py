"""The admin side of scoping: one mixin that applies a ModelAdmin's declared
`scope` (core.permissions) to its changelist, change, delete and history
views, its actions (they receive the scoped queryset), import and export."""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404

from .bidi import BidiAdminMixin
from .permissions import Scope


class ScopedAdmin(BidiAdminMixin):
    scope: Scope  # required: see core.permissions

    def get_queryset(self, request):
        return self.scope.rows(request.user, super().get_queryset(request))

    def has_module_permission(self, request) -> bool:
        return self.scope.admits(request.user) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return self.scope.admits(request.user) and super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args) -> bool:
        # Creating rows is for those who see them all (a focal point's new row
        # could point anywhere).
        return self.scope.sees_all(request.user) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None) -> bool:
        return self.scope.admits(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self.scope.admits(request.user) and super().has_delete_permission(request, obj)

    def has_import_permission(self, request) -> bool:
        return self.scope.sees_all(request.user) and super().has_import_permission(request)

    def has_export_permission(self, request) -> bool:
        return self.scope.admits(request.user) and super().has_export_permission(request)

    def scoped_object_or_404(self, request, object_id):
        """A row outside the user's scope answers as if it did not exist; a
        user without the model permission is refused first."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        return obj

    def change_view(self, request, object_id, form_url="", extra_context=None):
        self.scoped_object_or_404(request, object_id)
        return super().change_view(request, object_id, form_url, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        self.scoped_object_or_404(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        self.scoped_object_or_404(request, object_id)
        return super().delete_view(request, object_id, extra_context)


class EventsInline(BidiAdminMixin):
    """For the inline of a row's recorded moves (core.transitions): written by
    the moves only, never in a form; whoever may open the row (the parent
    admin and its scope decide) reads them."""

    extra = 0
    can_delete = False
    ordering = ["created_at", "pk"]

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_view_permission(self, request, obj=None) -> bool:
        return True

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
