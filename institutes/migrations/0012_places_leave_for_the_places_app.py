"""Municipalities, postcodes and place names move to the places app.

Nothing is copied and no row is lost: the three tables are renamed to the
places app's names (institutes_municipality becomes places_municipality, and
so on), keeping their rows, primary keys and the foreign keys between them,
and the models leave this app's state. places/migrations/0001_initial.py
takes them into its state on the renamed tables and moves their content
types, so that the editors' permissions and the admin's log follow them.
No model of this app refers to them, so no field here changes.
"""

from django.db import migrations

# (model, its table in the places app), in an order that leaves no foreign
# key pointing at a model already gone from the state.
MOVED = [
    ("placename", "places_placename"),
    ("postalcode", "places_postalcode"),
    ("municipality", "places_municipality"),
]


class Migration(migrations.Migration):
    dependencies = [("institutes", "0011_history_marks_the_current_version")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name=name, table=table)
                for name, table in MOVED
            ],
            state_operations=[migrations.DeleteModel(name=name) for name, _ in MOVED],
        )
    ]
