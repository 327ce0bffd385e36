import html

import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import override

from institutes import postcodes
from institutes.models import PostcodeRule, Region
from tests.markup import attrs, find, one
from tests.site import LANGUAGES

pytestmark = pytest.mark.django_db


@pytest.fixture
def region(db):
    return Region.objects.get(key="limburg")


@pytest.mark.parametrize(
    ("text", "normalised"),
    [
        ("1000-1212", "1000-1212"),
        ("2000, 2018, 2020", "2000, 2018, 2020"),
        ("2020,2000;2018", "2000, 2018, 2020"),
        ("3500 – 3999", "3500-3999"),
        ("3500-3600, 3601-3999", "3500-3999"),
        ("9000\n9030-9032\n9031", "9000, 9030-9032"),
        ("１０００", "1000"),
        ("9999", "9999"),
    ],
)
def test_rule_text_is_normalised(region, text, normalised):
    rule = PostcodeRule(order=1, postcodes=text, region=region)
    rule.full_clean()
    assert rule.postcodes == normalised


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2000-1000", "The range 2000-1000 ends before it starts."),
        ("999", "999 is not a Belgian postcode: postcodes run from 1000 to 9999."),
        ("10000", "10000 is not a Belgian postcode"),
        ("0-1500", "0 is not a Belgian postcode"),
        ("abc", "“abc” is not a postcode or a range of postcodes."),
        ("1000-", "“1000-” is not a postcode or a range of postcodes."),
        ("1000-2000-3000", "is not a postcode or a range of postcodes."),
        (" , ", "Enter at least one postcode."),
    ],
)
def test_bad_rule_text_is_refused_on_the_field(region, text, message):
    rule = PostcodeRule(order=1, postcodes=text, region=region)
    with override("en"):
        with pytest.raises(ValidationError) as raised:
            rule.full_clean()
        errors = raised.value.message_dict
    assert list(errors) == ["postcodes"]
    assert any(message in error for error in errors["postcodes"]), errors


def test_every_problem_is_listed_at_once(region):
    rule = PostcodeRule(order=1, postcodes="2000-1000, 12, x", region=region)
    with pytest.raises(ValidationError) as raised:
        rule.full_clean()
    assert len(raised.value.message_dict["postcodes"]) == 3


def test_garbage_is_quoted_short(region):
    rule = PostcodeRule(order=1, postcodes="x" * 5000, region=region)
    with pytest.raises(ValidationError) as raised:
        rule.full_clean()
    (message,) = raised.value.message_dict["postcodes"]
    assert len(message) < 200


def test_order_is_unique(region):
    PostcodeRule.objects.create(order=5, postcodes="3500", region=region)
    rule = PostcodeRule(order=5, postcodes="3600", region=region)
    with pytest.raises(ValidationError) as raised:
        rule.full_clean()
    assert "order" in raised.value.message_dict


def test_ranges_helpers():
    ranges = postcodes.parse_ranges("1000-1009, 1005-1020, 2000")
    assert ranges == [(1000, 1020), (2000, 2000)]
    assert postcodes.count(ranges) == 22
    assert postcodes.intersect(ranges, [(1010, 2500)]) == [(1010, 1020), (2000, 2000)]
    assert postcodes.format_ranges(ranges) == "1000-1020, 2000"


# The admin ------------------------------------------------------------------


def rule_form(region, **values):
    data = {
        "order": "15",
        "postcodes": "1500-1999",
        "region": str(region.pk),
        "loaded_version": "",
    }
    data.update({f"note_{code}": "" for code in LANGUAGES})
    data.update(values)
    return data


def test_editor_is_told_what_is_wrong_with_a_rule(editor_client):
    region = Region.objects.get(key="vlaams-brabant")
    response = editor_client.post(
        "/admin/institutes/postcoderule/add/",
        rule_form(region, postcodes="1999-1500, 12345"),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert find(page, "ul", class_="errorlist")
    assert "De reeks 1999-1500 eindigt lager dan ze begint" in page
    assert "12345 is geen Belgische postcode" in page
    assert not PostcodeRule.objects.filter(order=15).exists()


def test_editor_saves_a_rule_and_sees_what_it_covers(editor_client):
    region = Region.objects.get(key="vlaams-brabant")
    response = editor_client.post(
        "/admin/institutes/postcoderule/add/",
        rule_form(region, order="135", postcodes="1930, 1500 - 1510"),
    )
    assert response.status_code == 302
    rule = PostcodeRule.objects.get(order=135)
    assert rule.postcodes == "1500-1510, 1930"
    page = editor_client.get(f"/admin/institutes/postcoderule/{rule.pk}/change/")
    text = page.content.decode()
    assert "12 postcodes: 1500-1510, 1930" in text
    # Rule 50 (1500-1999) already answers for all of them.
    assert "Regel 50" in text and "1500-1510, 1930" in text


def test_editor_sees_the_institute_form_with_language_tabs(editor_client):
    from institutes.models import Institute

    institute = Institute.objects.get(key="gent")
    page = editor_client.get(f"/admin/institutes/institute/{institute.pk}/change/")
    form = page.content.decode()
    assert page.status_code == 200
    for code in LANGUAGES:
        assert find(form, "textarea", name=f"description_{code}")
        assert find(form, "input", name=f"slug_{code}")
    assert attrs(one(form, "input", name="loaded_version"))["type"] == "hidden"


def test_editor_lists_and_filters_institutes(editor_client):
    page = editor_client.get("/admin/institutes/institute/", {"kind__exact": "support"})
    html = page.content.decode()
    assert "SAM, steunpunt Mens en Samenleving" in html
    assert "SAAMO Gent" not in html
    page = editor_client.get("/admin/institutes/institute/", {"q": "Gent"})
    assert "SAAMO Gent" in page.content.decode()


def test_an_editor_does_not_silently_overwrite_another_editors_rule(editor_client):
    rule = PostcodeRule.objects.get(order=25)
    page = editor_client.get(f"/admin/institutes/postcoderule/{rule.pk}/change/")
    assert find(page.content.decode(), "input", name="loaded_version")
    loaded = rule.updated_at.isoformat()
    # Someone else saves first.
    rule.note_nl = "Gewijzigd door een collega."
    rule.save()
    response = editor_client.post(
        f"/admin/institutes/postcoderule/{rule.pk}/change/",
        rule_form(rule.region, order="25", postcodes="2150", loaded_version=loaded),
    )
    assert response.status_code == 200
    stale = "Iemand anders heeft dit item bewaard nadat u het opende"
    assert html.escape(stale) in response.content.decode()
    rule.refresh_from_db()
    assert rule.note_nl == "Gewijzigd door een collega."
