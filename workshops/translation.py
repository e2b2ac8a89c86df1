from modeltranslation.translator import TranslationOptions, register

from .models import ProgrammeItem, Workshop


@register(Workshop)
class WorkshopTranslation(TranslationOptions):
    fields = ("title", "place")
    required_languages = ("ar",)


@register(ProgrammeItem)
class ProgrammeItemTranslation(TranslationOptions):
    fields = ("title",)
    required_languages = ("ar",)
