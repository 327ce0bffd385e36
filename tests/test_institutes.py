import csv
import datetime
import io
import json
import re

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from institutes.models import (
    Institute,
    PostcodeRule,
    PublishedInstitute,
    Region,
    Theme,
    phone_e164,
)
from institutes.publishing import publish, unpublish, version_from_draft
from tests.markup import as_seen
from tests.site import LANGUAGES

pytestmark = pytest.mark.django_db


def url(name, language="nl", **kwargs):
    with translation.override(language):
        return reverse(f"institutes:{name}", kwargs=kwargs or None)


def main_of(response):
    text = response.content.decode()
    return text[text.index('<main id="main"') : text.index("</main>")]


def breadcrumb_of(response):
    text = response.content.decode()
    match = re.search(r'<nav class="breadcrumb.*?</nav>', text, re.S)
    assert match, "no breadcrumb"
    return [
        re.sub(r"<[^>]+>", "", item).strip()
        for item in re.findall(r"<li>(.*?)</li>", match.group(0), re.S)
    ]


# Seed data ------------------------------------------------------------------


def test_the_nine_organisations_are_loaded(content):
    assert Institute.objects.filter(kind="regional").count() == 8
    support = Institute.objects.filter(kind="support").get()
    assert support.name == "SAM, steunpunt Mens en Samenleving"
    assert support.former_name == "Samenlevingsopbouw Vlaanderen"
    assert {theme.key for theme in Theme.objects.all()} >= {"wonen", "onderwijs"}
    for institute in Institute.objects.all():
        for code in LANGUAGES:
            assert getattr(institute, f"description_{code}"), (institute, code)


def test_loading_twice_changes_nothing(content):
    def snapshot():
        return (
            list(Institute.objects.values().order_by("pk")),
            list(PostcodeRule.objects.values().order_by("pk")),
            list(Region.objects.values().order_by("pk")),
            list(Theme.objects.values().order_by("pk")),
        )

    before = snapshot()
    out = io.StringIO()
    call_command("load_content", stdout=out)
    assert snapshot() == before
    assert (
        "0 themes, 0 regions, 0 institutes, 0 divisions, 0 postcode rules created"
        in out.getvalue()
    )
    assert "Place names: 0 created." in out.getvalue()


def test_loading_never_overwrites_an_editors_change(content):
    gent = Institute.objects.get(key="gent")
    gent.phone = "09 000 00 00"
    gent.description_nl = "Door een redacteur herschreven."
    gent.save()
    rule = PostcodeRule.objects.get(order=40)
    rule.postcodes = "2070, 2075"
    rule.save()
    region = Region.objects.get(key="gent")
    region.locative_nl = "in Gent"
    region.save()
    call_command("load_content", stdout=io.StringIO())
    gent.refresh_from_db()
    rule.refresh_from_db()
    region.refresh_from_db()
    assert gent.phone == "09 000 00 00"
    assert gent.description_nl == "Door een redacteur herschreven."
    assert rule.postcodes == "2070, 2075"
    assert region.locative_nl == "in Gent"


def test_editors_group_can_manage_the_institutes():
    codenames = set(
        Group.objects.get(name="Redacteuren")
        .permissions.filter(content_type__app_label="institutes")
        .values_list("codename", flat=True)
    )
    assert codenames == {
        f"{action}_{model}"
        for model in (
            "region",
            "theme",
            "institute",
            "postcoderule",
            "division",
        )
        for action in ("add", "change", "delete", "view")
    }


def test_editors_group_can_manage_the_place_names_and_only_those():
    codenames = set(
        Group.objects.get(name="Redacteuren")
        .permissions.filter(content_type__app_label="places")
        .values_list("codename", flat=True)
    )
    assert codenames == {
        f"{action}_placename" for action in ("add", "change", "delete", "view")
    }


# Model validation -----------------------------------------------------------


def test_a_slug_is_unique_per_language(content):
    gent = Institute.objects.get(key="gent")
    other = Institute(
        name="Ander instituut",
        region=gent.region,
        slug_nl="ander-instituut",
        slug_fr=gent.slug_fr,
    )
    with pytest.raises(ValidationError) as raised:
        other.full_clean()
    errors = raised.value.message_dict
    assert list(errors) == ["slug_fr"]
    assert "SAAMO Gent" in errors["slug_fr"][0]
    assert "FR" in errors["slug_fr"][0]


def test_an_empty_slug_is_made_from_the_name(content):
    institute = Institute(name="Nieuw Instituut", region=Region.objects.first())
    institute.full_clean()
    assert institute.slug_nl == "nieuw-instituut"


def test_a_phone_number_must_be_one_we_can_link_to(content):
    institute = Institute.objects.get(key="gent")
    institute.phone = "call us"
    with pytest.raises(ValidationError) as raised:
        institute.full_clean(exclude=["themes"])
    assert list(raised.value.message_dict) == ["phone"]


@pytest.mark.parametrize(
    ("written", "e164"),
    [
        ("02 203 34 24", "+3222033424"),
        ("+32 2 203 34 24", "+3222033424"),
        ("0032 9 265 84 70", "+3292658470"),
        ("09/265.84.70", "+3292658470"),
        ("0470 12 34 56", "+32470123456"),
        ("call us", ""),
        ("", ""),
    ],
)
def test_phone_numbers_in_international_form(written, e164):
    assert phone_e164(written) == e164


# The list -------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_list_groups_all_institutes(client, content, language):
    response = client.get(url("list", language))
    assert response.status_code == 200
    main = main_of(response)
    assert main.count("<h1") == 1
    headings = re.findall(r"<h2>(.*?)</h2>", main)
    with translation.override(language):
        expected = [
            translation.gettext("Provinces"),
            translation.gettext("Cities"),
            translation.gettext("Support institute"),
        ]
    assert headings[:3] == expected
    for institute in Institute.objects.all():
        assert f'href="{institute.get_absolute_url(language)}"' in main
    assert f'href="{url("finder", language)}"' in main
    assert f'href="{url("open_data", language)}"' in main
    open_data = main_of(client.get(url("open_data", language)))
    assert f'href="{url("open_data_json", language)}"' in open_data
    assert f'href="{url("open_data_csv", language)}"' in open_data


def test_the_open_data_page_documents_the_fields(client, content):
    main = main_of(client.get(url("open_data", "en")))
    for field in (
        "key",
        "former_name",
        "phone_e164",
        "description_fr",
        "url_de",
        "checked_on",
    ):
        assert f"<dt><code>{field}</code></dt>" in main


def test_list_is_reached_from_the_regional_institutes_page(client, content):
    with translation.override("fr"):
        from pages.models import Page

        regional = Page.objects.get(key="regional-institutes").get_absolute_url()
    response = client.get(url("list", "fr"))
    crumbs = breadcrumb_of(response)
    assert len(crumbs) == 3
    assert f'href="{regional}"' in response.content.decode()
    assert f'href="{url("list", "fr")}"' in client.get(regional).content.decode()


def test_unpublished_institutes_are_hidden(client, content):
    limburg = Institute.objects.get(key="limburg")
    unpublish(limburg)
    assert limburg.name not in main_of(client.get(url("list")))
    assert client.get(limburg.get_absolute_url("nl")).status_code == 404


# A detail page --------------------------------------------------------------


def test_detail_page_shows_the_institute(client, content):
    limburg = Institute.objects.get(key="limburg")
    response = client.get(limburg.get_absolute_url("nl"))
    assert response.status_code == 200
    main = main_of(response)
    assert main.count("<h1") == 1
    assert "<h1>SAAMO Limburg</h1>" in main
    assert "vroeger RIMO Limburg" in main
    assert limburg.description_nl[:60] in main
    assert "Provincie Limburg" in main
    assert "Marktplein 9/21" in main and "3550 Heusden-Zolder" in main
    assert '<a href="tel:+3211222196">011 22 21 96</a>' in main
    website = re.search(r'<a href="https://saamolimburg.be/"[^>]*>.*?</a>', main)
    assert 'target="_blank"' in website.group(0)
    assert 'rel="noopener noreferrer"' in website.group(0)
    with translation.override("nl"):
        note = translation.gettext("opens in a new window")
    assert f"({note})" in website.group(0)
    # The seed's contacts were checked on the date the seed gives.
    assert "Gegevens het laatst gecontroleerd op 5 december 2026." in main


def test_the_date_checked_is_localised(client, content):
    gent = Institute.objects.get(key="gent")
    gent.checked_on = datetime.date(2026, 11, 25)
    gent.save()
    publish(gent)
    for language, date in [
        ("nl", "25 november 2026"),
        ("fr", "25 novembre 2026"),
        ("de", "25. November 2026"),
    ]:
        assert date in main_of(client.get(gent.get_absolute_url(language)))


def test_unknown_contact_details_are_left_out(client, content):
    brabant = Institute.objects.get(key="vlaams-brabant")
    brabant.website = ""
    brabant.save()
    publish(brabant)
    main = main_of(client.get(brabant.get_absolute_url("en")))
    # Its own contact block says there is none; the general line follows it.
    own = main[main.index("<h2>Contact</h2>") : main.index("For questions to")]
    for absent in ("tel:", "mailto:", "<address", 'target="_blank"'):
        assert absent not in own
    assert "We have no checked contact details for this organisation yet." in own


def test_email_is_a_mailto_link(client, content):
    gent = Institute.objects.get(key="gent")
    gent.email = "info@example.org"
    gent.save()
    publish(gent)
    main = main_of(client.get(gent.get_absolute_url("nl")))
    assert '<a href="mailto:info@example.org">info@example.org</a>' in main


def test_detail_breadcrumb_and_alternates(client, content):
    gent = Institute.objects.get(key="gent")
    gent.slug_fr = "samenlevingsopbouw-gand"
    gent.save()
    publish(gent)
    response = client.get(gent.get_absolute_url("fr"))
    assert response.status_code == 200
    crumbs = breadcrumb_of(response)
    assert len(crumbs) == 4
    assert crumbs[-1] == "SAAMO Gent"
    page = response.content.decode()
    assert 'aria-current="page" lang="nl">SAAMO Gent</span>' in page
    # The language switch leads to the same institute under its own slug.
    assert f'href="{gent.get_absolute_url("nl")}" hreflang="nl"' in page
    assert gent.get_absolute_url("fr").endswith("/samenlevingsopbouw-gand/")


def test_a_slug_from_another_language_redirects(client, content):
    gent = Institute.objects.get(key="gent")
    gent.slug_fr = "samenlevingsopbouw-gand"
    gent.save()
    publish(gent)
    with translation.override("nl"):
        wrong = reverse("institutes:detail", kwargs={"slug": "samenlevingsopbouw-gand"})
    response = client.get(wrong)
    assert response.status_code == 301
    assert response["Location"] == gent.get_absolute_url("nl")


def test_an_unknown_slug_is_not_found(client, content):
    assert client.get(url("detail", slug="bestaat-niet")).status_code == 404


def test_detail_has_schema_org_data(client, content):
    limburg = Institute.objects.get(key="limburg")
    page = client.get(limburg.get_absolute_url("en")).content.decode()
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    data = json.loads(match.group(1))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Organization"
    assert data["name"] == "SAAMO Limburg"
    assert "RIMO Limburg" in data["alternateName"]
    assert data["telephone"] == "+3211222196"
    assert data["email"] == "info@saamolimburg.be"
    assert data["address"]["postalCode"] == "3550"
    assert data["address"]["addressCountry"] == "BE"
    assert data["url"].endswith(limburg.get_absolute_url("en"))
    gent = Institute.objects.get(key="gent")
    page = client.get(gent.get_absolute_url("en")).content.decode()
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert "telephone" not in json.loads(match.group(1))  # not known, so left out


def test_schema_org_data_cannot_close_its_script(client, content):
    gent = Institute.objects.get(key="gent")
    gent.description_nl = "</script><script>alert(1)</script>"
    gent.save()
    publish(gent)
    page = client.get(gent.get_absolute_url("nl")).content.decode()
    assert "<script>alert(1)" not in page
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert json.loads(match.group(1))["description"] == gent.description_nl


# Open data ------------------------------------------------------------------


def test_open_data_json(client, content):
    response = client.get(url("open_data_json", "fr"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    data = json.loads(response.content.decode("utf-8"))
    assert data["licence"]["name"] == "CC BY 4.0"
    assert data["licence"]["url"] == "https://creativecommons.org/licenses/by/4.0/"
    records = {record["key"]: record for record in data["institutes"]}
    assert len(records) == 9
    brussel = records["brussel"]
    assert brussel["name"] == "SAAMO Brussel"
    assert brussel["former_name"] == "Samenlevingsopbouw Brussel"
    assert set(brussel["description"]) == set(LANGUAGES)
    assert brussel["address"]["municipality"]["fr"] == ""
    assert brussel["region"]["name"]["de"] == "Region Brüssel-Hauptstadt"
    assert brussel["phone_e164"] == ""
    assert records["limburg"]["phone_e164"] == "+3211222196"
    assert records["limburg"]["address"]["municipality"]["nl"] == "Heusden-Zolder"
    # The date the seed's contacts were checked, and themes only where verified.
    assert brussel["checked_on"] == "2026-12-05"
    assert brussel["themes"] == []
    assert {theme["key"] for theme in records["vlaanderen"]["themes"]} == {
        "wonen",
        "onderwijs",
    }
    assert brussel["url"]["nl"].endswith(
        Institute.objects.get(key="brussel").get_absolute_url("nl")
    )
    assert records["gent"]["website"] == "https://saamo.be/gent/"


def test_open_data_is_the_same_in_every_language(client, content):
    for name in ("open_data_json", "open_data_csv"):
        bodies = {client.get(url(name, code)).content for code in LANGUAGES}
        assert len(bodies) == 1, name


def test_open_data_csv(client, content):
    response = client.get(url("open_data_csv", "en"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="institutes.csv"'
    assert response["Link"] == (
        '<https://creativecommons.org/licenses/by/4.0/>; rel="license"'
    )
    text = response.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 9
    with translation.override("en"):
        from institutes.opendata import field_list

        documented = [name for name, _description in field_list()]
    assert list(rows[0]) == documented
    brussel = next(row for row in rows if row["key"] == "brussel")
    assert brussel["street"] == ""
    limburg = next(row for row in rows if row["key"] == "limburg")
    assert limburg["street"] == "Marktplein 9/21"
    assert limburg["municipality_nl"] == "Heusden-Zolder"
    assert brussel["region_name_de"] == "Region Brüssel-Hauptstadt"
    assert brussel["former_name"] == "Samenlevingsopbouw Brussel"
    assert brussel["themes"] == ""
    assert brussel["checked_on"] == "2026-12-05"


# Sitemap --------------------------------------------------------------------


def test_sitemap_lists_the_institutes_in_every_language(client, content):
    xml = client.get("/sitemap.xml").content.decode()
    gent = Institute.objects.get(key="gent")
    for code in LANGUAGES:
        assert gent.get_absolute_url(code) in xml
        assert url("list", code) in xml


# Query counts ---------------------------------------------------------------


@pytest.fixture
def many(content):
    """100 institutes and 500 rules, on top of the seed data."""
    region = Region.objects.get(key="limburg")
    themes = list(Theme.objects.all())
    institutes = Institute.objects.bulk_create(
        Institute(
            name=f"Instituut {n}",
            region=region,
            slug_nl=f"instituut-{n}",
            slug_fr=f"institut-{n}",
            description_nl="Beschrijving.",
            phone="011 00 00 00",
            checked_on=datetime.date(2026, 1, 1),
        )
        for n in range(100)
    )
    Institute.themes.through.objects.bulk_create(
        Institute.themes.through(institute_id=institute.pk, theme_id=theme.pk)
        for institute in institutes
        for theme in themes
    )
    # Published as publish() would, in one go: 100 times publish() would
    # index every institute for search 100 times.
    versions = [
        version_from_draft(institute)
        for institute in Institute.objects.filter(pk__in=[i.pk for i in institutes])
    ]
    created = PublishedInstitute.objects.bulk_create(v for v, _themes in versions)
    PublishedInstitute.themes.through.objects.bulk_create(
        PublishedInstitute.themes.through(
            publishedinstitute_id=version.pk, theme_id=theme.pk
        )
        for version, (_v, version_themes) in zip(created, versions, strict=True)
        for theme in version_themes
    )
    PostcodeRule.objects.bulk_create(
        PostcodeRule(order=1000 + n, postcodes=f"{3500 + n}, 8000-8999", region=region)
        for n in range(500)
    )
    return institutes


# The page tree is one query; each page adds only what it shows.
QUERIES = {
    "list": 3,  # tree, institutes with their regions, the division
    # tree, every institute with its region (the slug may be another
    # language's), the themes
    "detail": 3,
    # the same: the route is the website and the general line 1700
    "detail-without-contact": 3,
    # tree, the postcode's municipalities, all rules with their regions,
    # institutes (the division only when the answer shows it: below)
    "finder": 4,
    "finder-outside": 4,
    "finder-error": 2,  # tree, institutes for the map
    "open-data-json": 2,  # institutes with their regions, themes
    "open-data-csv": 2,
}


@pytest.mark.parametrize("target", QUERIES)
def test_pages_cost_a_fixed_number_of_queries(
    client, many, django_assert_num_queries, target
):
    paths = {
        "list": url("list"),
        "detail": many[50].get_absolute_url("nl"),
        "detail-without-contact": without_contact(many[60]).get_absolute_url("nl"),
        "finder": url("finder") + "?postcode=3600",
        "finder-outside": url("finder") + "?postcode=1300",
        "finder-error": url("finder") + "?postcode=12",
        "open-data-json": url("open_data_json"),
        "open-data-csv": url("open_data_csv"),
    }
    with django_assert_num_queries(QUERIES[target]):
        response = client.get(paths[target])
    assert response.status_code == 200
    if target in ("finder", "finder-outside"):
        assert 'class="finder-answer"' in response.content.decode()
    if target == "detail-without-contact":
        # The route: the general line, never the support organisation.
        html = response.content.decode()
        assert 'href="tel:1700"' in html
        assert "SAM," not in as_seen(main_of(response))


def without_contact(institute):
    Institute.objects.filter(pk=institute.pk).update(phone="", email="")
    publish(Institute.objects.get(pk=institute.pk))
    return institute


def test_a_website_without_https_is_confirmed_first(admin_client, content):
    from tests.test_merge import opened, send

    gent = Institute.objects.get(key="gent")
    url = f"/admin/institutes/institute/{gent.pk}/change/"
    form = opened(admin_client, url)
    response = send(admin_client, url, form, website="http://example.org/")
    text = response.content.decode()
    assert response.status_code == 200
    assert "begint met http://" in text and 'name="confirm_http"' in text
    gent.refresh_from_db()
    assert gent.website != "http://example.org/"
    response = send(
        admin_client, url, form, website="http://example.org/", confirm_http="1"
    )
    assert response.status_code == 302
    gent.refresh_from_db()
    assert gent.website == "http://example.org/"
    # Saved once, it does not stand in the way of other changes.
    assert send(admin_client, url, opened(admin_client, url)).status_code == 302
