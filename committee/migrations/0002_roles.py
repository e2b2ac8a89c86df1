"""The committee's rights: the secretariat keeps the committee (article 6 of
the handbook) and works on every committee in the admin — its seats,
meetings, agendas, members' proposals (answered, never written), attendance,
guests, minutes and the members' comments on them (answered), decisions,
documents, absence flags (decided by the committee, recorded by the
secretariat; written by attendance), the handbook and the requests to revise
it — and reads the moves recorded and the reminders sent. A committee, a
handbook version or a revision request is never deleted by the secretariat:
they are the record (superusers may)."""

from django.db import migrations

from plans.roles import grant

ALL = ["view", "add", "change", "delete"]
KEEPS = ["view", "add", "change"]
ANSWERS = ["view", "change"]
READS = ["view"]


def grant_roles(apps, schema_editor):
    grant(
        apps,
        "committee",
        {
            "Secretariat": {
                "committee": KEEPS,
                "membership": ALL,
                "meeting": ALL,
                "meetingevent": READS,
                "agendaitem": ALL,
                "proposal": ANSWERS,
                "proposalevent": READS,
                "attendance": ALL,
                "guest": ALL,
                "minutescomment": ANSWERS,
                "decision": ALL,
                "meetingdocument": ALL,
                "absenceflag": ANSWERS,
                "handbookversion": KEEPS,
                "revisionrequest": KEEPS,
                "reminder": READS,
            }
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0002_roles"),
        ("committee", "0001_committee"),
    ]

    operations = [migrations.RunPython(grant_roles, migrations.RunPython.noop)]
