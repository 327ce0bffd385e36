"""Search's tables, and what each database needs to match words, made only
on that database.

PostgreSQL: the unaccent extension, a stemming configuration per site
language that removes accents first ("developpement" finds "développement"),
and a GIN index on the entries' vectors.

SQLite: an FTS5 table over the entries' stemmed terms, kept in step with the
entries by triggers.
"""

import django.contrib.postgres.search
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.utils.translation import get_language_info

# PostgreSQL's own Snowball configurations (see search.index).
POSTGRES_STEMMERS = {
    "arabic",
    "armenian",
    "basque",
    "catalan",
    "danish",
    "dutch",
    "english",
    "finnish",
    "french",
    "german",
    "greek",
    "hindi",
    "hungarian",
    "indonesian",
    "irish",
    "italian",
    "lithuanian",
    "nepali",
    "norwegian",
    "portuguese",
    "romanian",
    "russian",
    "serbian",
    "spanish",
    "swedish",
    "tamil",
    "turkish",
    "yiddish",
}

SQLITE_FORWARDS = [
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        title_terms, body_terms,
        content='search_searchentry', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2'
    )""",
    """CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchentry BEGIN
        INSERT INTO search_fts(rowid, title_terms, body_terms)
        VALUES (new.id, new.title_terms, new.body_terms);
    END""",
    """CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchentry BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_terms, body_terms)
        VALUES ('delete', old.id, old.title_terms, old.body_terms);
    END""",
    """CREATE TRIGGER search_fts_update AFTER UPDATE ON search_searchentry BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_terms, body_terms)
        VALUES ('delete', old.id, old.title_terms, old.body_terms);
        INSERT INTO search_fts(rowid, title_terms, body_terms)
        VALUES (new.id, new.title_terms, new.body_terms);
    END""",
]
SQLITE_BACKWARDS = [
    "DROP TRIGGER IF EXISTS search_fts_update",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_insert",
    "DROP TABLE IF EXISTS search_fts",
]


def postgres_names():
    names = {get_language_info(code)["name"].lower() for code, _ in settings.LANGUAGES}
    return sorted(names & POSTGRES_STEMMERS)


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        for name in postgres_names():
            schema_editor.execute(
                f"DROP TEXT SEARCH CONFIGURATION IF EXISTS search_{name}"
            )
            schema_editor.execute(
                f"CREATE TEXT SEARCH CONFIGURATION search_{name} (COPY = pg_catalog.{name})"
            )
            schema_editor.execute(
                f"ALTER TEXT SEARCH CONFIGURATION search_{name} "
                f"ALTER MAPPING FOR hword, hword_part, word WITH unaccent, {name}_stem"
            )
        schema_editor.execute(
            "CREATE INDEX search_searchentry_vector ON search_searchentry USING gin (vector)"
        )
    elif vendor == "sqlite":
        for statement in SQLITE_FORWARDS:
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS search_searchentry_vector")
        for name in postgres_names():
            schema_editor.execute(
                f"DROP TEXT SEARCH CONFIGURATION IF EXISTS search_{name}"
            )
    elif vendor == "sqlite":
        for statement in SQLITE_BACKWARDS:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    replaces = [("search", "0001_initial"), ("search", "0002_engine_indexes")]

    initial = True

    dependencies = [
        ("pages", "0001_squashed_0007_statement_counts_search_pages"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[("page", "page"), ("institute", "institute")],
                        max_length=10,
                        verbose_name="kind",
                    ),
                ),
                ("object_id", models.BigIntegerField(verbose_name="object")),
                (
                    "language",
                    models.CharField(max_length=10, verbose_name="visitor language"),
                ),
                (
                    "text_language",
                    models.CharField(
                        max_length=10, verbose_name="language of the text"
                    ),
                ),
                ("title", models.CharField(max_length=300, verbose_name="title")),
                ("body", models.TextField(blank=True, verbose_name="text")),
                (
                    "url",
                    models.CharField(
                        blank=True, max_length=300, verbose_name="address"
                    ),
                ),
                (
                    "config",
                    models.CharField(
                        max_length=63, verbose_name="search configuration"
                    ),
                ),
                (
                    "title_terms",
                    models.TextField(blank=True, verbose_name="title terms"),
                ),
                ("body_terms", models.TextField(blank=True, verbose_name="text terms")),
                (
                    "vector",
                    django.contrib.postgres.search.SearchVectorField(
                        blank=True, null=True, verbose_name="search vector"
                    ),
                ),
                (
                    "version",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="pages.publishedpage",
                        verbose_name="published version",
                    ),
                ),
            ],
            options={
                "verbose_name": "search entry",
                "verbose_name_plural": "search entries",
                "indexes": [
                    models.Index(
                        fields=["kind", "object_id"], name="search_sear_kind_e0a70d_idx"
                    )
                ],
            },
        ),
        migrations.RunPython(forwards, backwards),
    ]
