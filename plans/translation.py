from modeltranslation.translator import TranslationOptions, register

from .models import Association, Institution, Member, Phase, Plan, PlanDocument, PublicHoliday, Theme


@register(Member)
class MemberTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("ar",)


@register(Institution)
class InstitutionTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("ar",)


@register(PublicHoliday)
class PublicHolidayTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("ar",)


@register(Association)
class AssociationTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("ar",)


@register(Plan)
class PlanTranslation(TranslationOptions):
    fields = ("title", "summary")
    required_languages = ("ar",)


@register(Phase)
class PhaseTranslation(TranslationOptions):
    fields = ("note",)


@register(Theme)
class ThemeTranslation(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("ar",)


@register(PlanDocument)
class PlanDocumentTranslation(TranslationOptions):
    fields = ("title",)
