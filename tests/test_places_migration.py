"""A database migrated before the places app existed keeps every place and
the editors' rights when it moves on: the rows stay in their (renamed)
tables, the content types follow the models to the places app.

institutes/migrations/0012_places_leave_for_the_places_app.py and
places/migrations/0001_initial.py are taken back to where main's database
stood, an editor adds a place name there, and the migrations run forward."""

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from places.models import Municipality, PlaceName, PostalCode

BEFORE = [
    ("institutes", "0011_history_marks_the_current_version"),
    ("places", None),
]
MODELS = ("municipality", "postalcode", "placename")


def counts(model_of):
    return {name: model_of(name).objects.count() for name in MODELS}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_existing_database_keeps_its_places_and_the_editors_rights():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE[0]).apps
    assert {ct.app_label for ct in ContentType.objects.filter(model__in=MODELS)} == {
        "institutes"
    }

    def old_model(name):
        return old.get_model("institutes", name)

    antwerpen = old_model("municipality").objects.get(refnis="11002")
    added = old_model("placename").objects.create(
        name="Het Eilandje",
        search_key="heteilandje",
        municipality=antwerpen,
        postcode="2000",
        source="editor",
        updated_at=timezone.now(),
    )
    content_type = ContentType.objects.get(app_label="institutes", model="placename")
    editor = User.objects.create_user("redacteur", is_staff=True)
    editor.groups.add(Group.objects.get(name="Redacteuren"))
    LogEntry.objects.create(
        user=editor,
        content_type=content_type,
        object_id=str(added.pk),
        object_repr="Het Eilandje",
        action_flag=CHANGE,
    )
    before = counts(old_model)

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    place = PlaceName.objects.get(pk=added.pk)
    assert (place.name, place.municipality.refnis, place.postcode, place.source) == (
        "Het Eilandje",
        "11002",
        "2000",
        PlaceName.Source.EDITOR,
    )
    models = {"municipality": Municipality, "postalcode": PostalCode}
    assert counts(lambda name: models.get(name, PlaceName)) == before
    assert ContentType.objects.get_for_model(PlaceName).pk == content_type.pk
    assert not ContentType.objects.filter(app_label="institutes", model__in=MODELS)
    editor = User.objects.get(pk=editor.pk)
    assert editor.has_perms(
        [f"places.{action}_placename" for action in ("add", "change", "delete")]
    )
    assert not editor.has_perm("places.change_municipality")
    entry = LogEntry.objects.get(user=editor)
    assert entry.get_edited_object() == place
    assert entry.get_admin_url() == f"/admin/places/placename/{place.pk}/change/"
