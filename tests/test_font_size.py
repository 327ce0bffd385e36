import pytest

pytestmark = pytest.mark.django_db

YEAR = 365 * 24 * 60 * 60


@pytest.mark.parametrize("size", ["normal", "larger", "largest"])
def test_choice_is_stored_for_a_year_and_returns_to_the_same_page(
    client, content, size
):
    response = client.post(
        "/lettergrootte/", {"size": size, "next": "/fr/instituts-regionaux/?a=1&b=2"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/fr/instituts-regionaux/?a=1&b=2"
    cookie = response.cookies["lettergrootte"]
    assert cookie.value == size
    assert cookie["max-age"] == YEAR
    assert cookie["path"] == "/"
    assert cookie["samesite"] == "Lax"


@pytest.mark.parametrize("size", ["normal", "larger", "largest"])
def test_page_is_rendered_at_the_chosen_size(client, content, size):
    client.cookies["lettergrootte"] = size
    html = client.get("/nl/").content.decode()
    assert f'class="fs-{size}"' in html
    for other in ("normal", "larger", "largest"):
        pressed = "true" if other == size else "false"
        assert (
            f'value="{other}" class="font-size__button font-size__button--{other}" aria-pressed="{pressed}"'
            in html
        )


def test_switch_is_a_labelled_group_of_buttons_in_the_page_language(client, content):
    html = client.get("/nl/").content.decode()
    assert 'role="group" aria-labelledby="font-size-label"' in html
    assert ">Normaal lettertype</button>" in html
    assert ">Groter lettertype</button>" in html
    assert ">Grootste lettertype</button>" in html
    html = client.get("/de/").content.decode()
    assert ">Normale Schriftgröße</button>" in html


@pytest.mark.parametrize(
    "value",
    ["huge", "", "LARGEST", "larger; normal", "x" * 5000, "%00", "larger\x00", "ñ"],
)
def test_unknown_stored_value_means_normal(client, content, value):
    client.cookies["lettergrootte"] = value
    response = client.get("/nl/")
    assert response.status_code == 200
    assert 'class="fs-normal"' in response.content.decode()


@pytest.mark.parametrize("size", ["huge", "", "x" * 10000, "larger\r\nSet-Cookie: a=b"])
def test_unknown_size_submitted_means_normal(client, content, size):
    response = client.post("/lettergrootte/", {"size": size, "next": "/nl/"})
    assert response.status_code == 302
    assert response.cookies["lettergrootte"].value == "normal"


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example",
        "//evil.example/nl/",
        "https://evil.example",
        "http://evil.example/nl/",
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "/\\evil.example",
        "\\\\evil.example",
        "%2F%2Fevil.example",
        "/%2F/evil.example",
        "https:evil.example",
        " //evil.example",
        "/nl/\r\nLocation: https://evil.example",
        "/nl/\nx",
        "data:text/html,hi",
        "",
        "nl/",
        "/" + "a" * 5000,
    ],
)
def test_offsite_or_malformed_return_target_sends_visitor_home(client, content, target):
    response = client.post("/lettergrootte/", {"size": "larger", "next": target})
    assert response.status_code == 302
    assert response["Location"] == "/nl/"


def test_return_target_home_is_in_the_visitors_language(client, content):
    response = client.post(
        "/lettergrootte/",
        {"size": "larger", "next": "//evil.example"},
        headers={"accept-language": "fr"},
    )
    assert response["Location"] == "/fr/"


def test_switch_answers_get_with_method_not_allowed(client):
    assert client.get("/lettergrootte/?size=larger").status_code == 405


def test_switch_works_without_csrf_token(content):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/lettergrootte/", {"size": "largest", "next": "/nl/"})
    assert response.status_code == 302


def test_overlong_address_returns_to_the_page_without_its_query(client, content):
    html = client.get("/nl/regelgeving/?q=" + "a" * 3000).content.decode()
    assert 'name="next" value="/nl/regelgeving/"' in html
