from modeltranslation.translator import TranslationOptions, register

from .models import Consultation, Section


@register(Consultation)
class ConsultationTranslation(TranslationOptions):
    fields = ("title", "introduction")
    required_languages = ("ar",)


@register(Section)
class SectionTranslation(TranslationOptions):
    fields = ("title", "body")
    required_languages = ("ar",)
