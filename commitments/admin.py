from django.contrib import admin
from django.db import models
from modeltranslation.admin import TranslationAdmin

from core.scoping import ScopedAdmin

from .models import Commitment
from .rules import SCOPE


@admin.register(Commitment)
class CommitmentAdmin(ScopedAdmin, TranslationAdmin):
    scope = SCOPE
    list_display = ["number", "title", "plan", "theme", "lead_institution", "status"]
    list_display_links = ["number", "title"]
    list_filter = ["status", "plan", ("lead_institution", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["plan", "theme", "lead_institution"]
    search_fields = ["title", "title_ar", "title_fr", "title_en", "number__exact"]
    autocomplete_fields = ["lead_institution"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
