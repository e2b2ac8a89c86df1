"""A stored, indexed search vector on ideas (PostgreSQL only).

A trigger fills `search` on every insert and update, whatever the path (a
form, the admin, an import, the demo's bulk inserts), from the title (weight
A) and the other texts (weight B), in the idea's own configuration (arabic,
french), after `ideas_search_text()` normalises them: accents off (unaccent:
"Fes" finds "Fès") and Arabic letter variants folded (أ إ آ ٱ → ا, ة → ه,
ى → ي, tatweel and short vowels removed). Queries go through the same function
(ideas.models.IdeaQuerySet.search). Elsewhere (SQLite) this is a no-op: the
search folds there through core.text.fold, which this function mirrors,
registered under the same name (ideas.apps)."""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations

# translate(): a letter of the first list becomes the letter at the same place
# in the second; letters past the end of the second are removed.
FOLD_FROM = "أإآٱةى" + "\u0640" + "".join(chr(c) for c in range(0x064B, 0x0653)) + "\u0670"
FOLD_TO = "ااااهي"

FORWARD = f"""
CREATE FUNCTION ideas_search_text(text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
AS $$ SELECT translate(public.unaccent('public.unaccent'::regdictionary, $1), '{FOLD_FROM}', '{FOLD_TO}') $$;

CREATE FUNCTION ideas_idea_search_fill() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search :=
        setweight(to_tsvector(NEW.search_config::regconfig, ideas_search_text(NEW.title)), 'A')
        || setweight(to_tsvector(NEW.search_config::regconfig, ideas_search_text(
            NEW.problem || ' ' || NEW.solution || ' ' || NEW.expected_results)), 'B');
    RETURN NEW;
END
$$;

CREATE TRIGGER ideas_idea_search BEFORE INSERT OR UPDATE ON ideas_idea
FOR EACH ROW EXECUTE FUNCTION ideas_idea_search_fill();

UPDATE ideas_idea SET search = NULL;  -- the trigger fills the existing rows
CREATE INDEX idea_search ON ideas_idea USING gin (search);
"""

BACKWARD = """
DROP INDEX IF EXISTS idea_search;
DROP TRIGGER IF EXISTS ideas_idea_search ON ideas_idea;
DROP FUNCTION IF EXISTS ideas_idea_search_fill();
DROP FUNCTION IF EXISTS ideas_search_text(text);
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [("ideas", "0002_roles")]

    operations = [
        UnaccentExtension(),  # a no-op on other databases
        migrations.AddField(
            model_name="idea",
            name="search",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.SeparateDatabaseAndState(
            # The GIN index exists on PostgreSQL only, created with the trigger.
            state_operations=[
                migrations.AddIndex(
                    model_name="idea",
                    index=django.contrib.postgres.indexes.GinIndex(fields=["search"], name="idea_search"),
                ),
            ],
            database_operations=[migrations.RunPython(forward, backward)],
        ),
    ]
