import factory

from core.models import Member, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["email"]

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    display_name = factory.Sequence(lambda n: f"User {n}")
    language = "ar"
    password = factory.django.Password("a-long-test-password")


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member
        django_get_or_create = ["slug"]

    name_ar = "المملكة المغربية"
    name_fr = "Royaume du Maroc"
    name_en = "Kingdom of Morocco"
    kind = Member.Kind.NATIONAL
    slug = factory.Sequence(lambda n: f"member-{n}")
