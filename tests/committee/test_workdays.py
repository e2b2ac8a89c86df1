"""Working days (committee.workdays): Saturday and Sunday off, the OGP
member's fixed holidays every year, its religious holidays in the year they
were entered for; a holiday on a weekend takes no extra day."""

from datetime import date, timedelta

import pytest

from committee.workdays import add_working_days
from plans.models import PublicHoliday
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def member():
    member = MemberFactory()
    for month, day, name in [(1, 1, "Nouvel An"), (7, 30, "Fête du Trône"), (8, 14, "Oued Ed-Dahab")]:
        PublicHoliday.objects.create(member=member, month=month, day=day, name_fr=name, name_ar=name)
    # Aïd al-Adha, entered for 2026 only (the lunar calendar moves it each year).
    for day in (27, 28):
        PublicHoliday.objects.create(member=member, year=2026, month=5, day=day, name_ar="عيد الأضحى")
    return member


def test_a_weekend_is_skipped(member):
    # Thursday + 3: Friday, Monday, Tuesday.
    assert add_working_days(member.pk, date(2026, 6, 18), 3) == date(2026, 6, 23)
    # Friday + 1 and Saturday + 1: Monday. Sunday + 3: Wednesday.
    assert add_working_days(member.pk, date(2026, 6, 19), 1) == date(2026, 6, 22)
    assert add_working_days(member.pk, date(2026, 6, 20), 1) == date(2026, 6, 22)
    assert add_working_days(member.pk, date(2026, 6, 21), 3) == date(2026, 6, 24)
    # Monday + 3 stays in the week.
    assert add_working_days(member.pk, date(2026, 6, 15), 3) == date(2026, 6, 18)


def test_a_fixed_holiday_is_skipped_every_year(member):
    # Wednesday 29 July 2026 + 3: Throne Day (Thursday 30) is off → Friday, Monday, Tuesday.
    assert add_working_days(member.pk, date(2026, 7, 29), 3) == date(2026, 8, 4)
    # Without the holiday (another member's calendar): Thursday, Friday, Monday.
    assert add_working_days(MemberFactory().pk, date(2026, 7, 29), 3) == date(2026, 8, 3)
    # 30 July 2027 is a Friday: off too. Thursday 29 + 1 → Monday 2 August.
    assert add_working_days(member.pk, date(2027, 7, 29), 1) == date(2027, 8, 2)


def test_a_religious_holiday_counts_in_the_year_it_was_entered_for(member):
    # Tuesday 26 May 2026 + 1: Wednesday 27 and Thursday 28 are Aïd al-Adha → Friday 29.
    assert add_working_days(member.pk, date(2026, 5, 26), 1) == date(2026, 5, 29)
    # The same days in 2027 are worked: Wednesday 26 May 2027 + 1 → Thursday 27.
    assert add_working_days(member.pk, date(2027, 5, 26), 1) == date(2027, 5, 27)


def test_a_holiday_on_a_weekend_takes_no_extra_day(member):
    # 14 August 2027 is a Saturday: Friday 13 + 1 is Monday 16, as without it.
    assert add_working_days(member.pk, date(2027, 8, 13), 1) == date(2027, 8, 16)
    assert add_working_days(member.pk, date(2027, 8, 13), 2) == date(2027, 8, 17)


def test_counting_back_mirrors_counting_forward(member):
    assert add_working_days(member.pk, date(2026, 6, 23), -3) == date(2026, 6, 18)
    assert add_working_days(member.pk, date(2026, 8, 4), -3) == date(2026, 7, 29)
    assert add_working_days(member.pk, date(2026, 5, 29), -1) == date(2026, 5, 26)
    assert add_working_days(member.pk, date(2026, 6, 18), 0) == date(2026, 6, 18)


def test_the_holidays_of_the_years_concerned_are_read_in_one_query(member, django_assert_num_queries):
    PublicHoliday.objects.create(member=member, year=2027, month=1, day=4, name_ar="عطلة")
    with django_assert_num_queries(1):
        # Thursday 31 December 2026 + 1: New Year's Day (Friday), the weekend,
        # then Monday 4 January 2027, a holiday entered for 2027 → Tuesday 5.
        assert add_working_days(member.pk, date(2026, 12, 31), 1) == date(2027, 1, 5)
    # A long count reaches the next year's holidays as well.
    assert add_working_days(member.pk, date(2026, 1, 2), 260) == date(2027, 1, 11)


def test_a_count_that_reaches_further_reads_the_next_years_holidays(django_assert_num_queries):
    # A calendar with every day of 2026 off (beyond what a count of one day
    # expects to reach): the count goes on into 2027, whose holidays it reads.
    member = MemberFactory()
    days = [date(2026, 1, 1) + timedelta(days=n) for n in range(365)]
    PublicHoliday.objects.bulk_create(
        PublicHoliday(member=member, year=2026, month=d.month, day=d.day, name_ar="عطلة") for d in days
    )
    PublicHoliday.objects.create(member=member, year=2027, month=1, day=1, name_ar="عطلة")
    with django_assert_num_queries(2):
        assert add_working_days(member.pk, date(2025, 12, 31), 1) == date(2027, 1, 4)


def test_a_fixed_holiday_is_a_day_off_only_from_the_year_it_became_official(member):
    # Yennayer, a public holiday since 2024: Friday 14 January 2022 was worked;
    # Tuesday 14 January 2025 was not, so Monday 13 + 1 is Wednesday 15.
    PublicHoliday.objects.create(member=member, month=1, day=14, since=2024, name_ar="رأس السنة الأمازيغية")
    assert add_working_days(member.pk, date(2022, 1, 13), 1) == date(2022, 1, 14)  # a Friday, worked then
    assert add_working_days(member.pk, date(2025, 1, 13), 1) == date(2025, 1, 15)  # Tuesday 14 off
