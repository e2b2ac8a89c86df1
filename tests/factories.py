from datetime import timedelta

import factory
from django.utils import timezone

from commitments.models import Commitment
from core.models import User
from ideas.models import Idea
from plans.models import Association, Institution, Member, Phase, Plan, Theme
from workshops.models import Workshop


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


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution

    member = factory.SubFactory(MemberFactory)
    name_ar = factory.Sequence(lambda n: f"وزارة {n}")
    name_fr = factory.Sequence(lambda n: f"Ministère {n}")
    slug = factory.Sequence(lambda n: f"institution-{n}")


class AssociationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Association

    name_ar = factory.Sequence(lambda n: f"جمعية {n}")
    name_fr = factory.Sequence(lambda n: f"Association {n}")
    slug = factory.Sequence(lambda n: f"association-{n}")


class PlanFactory(factory.django.DjangoModelFactory):
    """A plan whose collection phase is open today, unless phases are given."""

    class Meta:
        model = Plan
        skip_postgeneration_save = True

    member = factory.SubFactory(MemberFactory)
    number = factory.Sequence(lambda n: n + 1)
    title_ar = factory.Sequence(lambda n: f"خطة العمل {n}")
    title_fr = factory.Sequence(lambda n: f"Plan d'action {n}")
    slug = factory.Sequence(lambda n: f"plan-{n}")
    start_year = 2026
    end_year = 2028
    status = Plan.Status.COCREATION
    timeline_published_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=60))

    @factory.post_generation
    def phases(self, create, extracted, **kwargs):
        if not create:
            return
        if extracted is None:
            # Around today: themes done, collection open for two more weeks.
            today = timezone.localdate()
            extracted = {
                "themes": (today - timedelta(days=40), today - timedelta(days=11)),
                "collection": (today - timedelta(days=10), today + timedelta(days=14)),
                "analysis": (today + timedelta(days=15), today + timedelta(days=45)),
                "drafting": (today + timedelta(days=46), today + timedelta(days=80)),
                "consultation": (today + timedelta(days=81), today + timedelta(days=109)),
            }
        for kind, (start, end) in extracted.items():
            Phase.objects.create(plan=self, kind=kind, start=start, end=end)


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    plan = factory.SubFactory(PlanFactory)
    number = factory.Sequence(lambda n: n + 1)
    name_ar = factory.Sequence(lambda n: f"المحور {n}")
    name_fr = factory.Sequence(lambda n: f"Axe {n}")


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commitment

    plan = factory.SelfAttribute("theme.plan")
    theme = factory.SubFactory(ThemeFactory)
    number = factory.Sequence(lambda n: n + 1)
    title_ar = factory.Sequence(lambda n: f"الالتزام {n}")
    title_fr = factory.Sequence(lambda n: f"Engagement {n}")
    lead_institution = factory.SubFactory(InstitutionFactory)
    status = Commitment.Status.PROPOSED


class WorkshopFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Workshop

    plan = factory.SelfAttribute("theme.plan")
    theme = factory.SubFactory(ThemeFactory)
    number = factory.Sequence(lambda n: n + 1)
    title_ar = factory.Sequence(lambda n: f"لقاء تشاوري {n}")
    title_fr = factory.Sequence(lambda n: f"Atelier {n}")
    organiser = factory.SubFactory(AssociationFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=3))


class IdeaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Idea

    plan = factory.SelfAttribute("theme.plan")
    theme = factory.SubFactory(ThemeFactory)
    title = factory.Sequence(lambda n: f"نشر ميزانية المواطن بصيغة مفتوحة {n}")
    problem = "المعطيات غير متاحة"
    solution = "نشر المعطيات بصيغة مفتوحة"
    expected_results = "شفافية أكبر"
    author = factory.SubFactory(UserFactory)
    source = Idea.Source.PORTAL
    language = "ar"
    search_config = "arabic"
