from django.contrib import admin
from django.db import models
from modeltranslation.admin import TranslationAdmin

from core.permissions import by_institution
from core.scoping import ScopedAdmin

from .models import Workshop


@admin.register(Workshop)
class WorkshopAdmin(ScopedAdmin, TranslationAdmin):
    scope = by_institution("institutions")
    list_display = [
        "number",
        "title",
        "plan",
        "theme",
        "organiser",
        "starts_at",
        "registered_count",
        "attended_count",
    ]
    list_display_links = ["number", "title"]
    list_filter = ["plan", ("organiser", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["plan", "theme", "organiser"]
    search_fields = ["title", "title_ar", "title_fr", "title_en", "place"]
    date_hierarchy = "starts_at"
    autocomplete_fields = ["organiser"]
    filter_horizontal = ["institutions"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
