"""The finder and the work-area map in Chromium: axe-core on every kind of
answer the accessibility matrix does not load (sampled as the matrix is;
every size at 1280 and 320 px in the drills), the keyboard through the map,
the map in forced colours, and the finder first on the home page."""

import pytest
from django.urls import reverse
from django.utils import translation

from core import fontsize
from tests.axe import violations as axe_check
from tests.browsing import visible_text
from tests.site import FONT_SIZES, LANGUAGES

pytestmark = pytest.mark.browser

ANSWERS = {
    "answer": {"q": "Hasselt"},
    "city": {"q": "9040"},
    "choice": {"q": "Elders"},
    "not found": {"q": "Gentt"},
    "unknown postcode": {"q": "1999"},
    "outside": {"q": "Liège"},
    "error": {"q": "12"},
}
IN_THE_MATRIX = {"city", "error"}


def finder_path(language="nl", **query):
    from urllib.parse import urlencode

    with translation.override(language):
        path = reverse("institutes:finder")
    return f"{path}?{urlencode(query)}" if query else path


def list_path(language="nl"):
    with translation.override(language):
        return reverse("institutes:list")


@pytest.fixture
def two_places_named_elders(site):
    from places.models import Municipality, PlaceName

    for refnis in ("46030", "37002"):
        PlaceName.objects.create(
            name="Elders", municipality=Municipality.objects.get(refnis=refnis)
        )


# As the matrix samples: normal at 1280 px and largest at 320 px in make
# test; every other size and width is a drill (make test-long).
SAMPLED = {(1280, "normal"), (320, "largest")}


@pytest.mark.parametrize(
    ("width", "size"),
    [
        pytest.param(
            width, size, marks=() if (width, size) in SAMPLED else pytest.mark.long
        )
        for width in (1280, 320)
        for size in FONT_SIZES
    ],
)
def test_finder_answers_and_the_map_have_no_axe_violations(
    new_page, site, two_places_named_elders, size, width
):
    page = new_page(width=width, height=800)
    page.context.add_cookies(
        [{"name": fontsize.COOKIE_NAME, "value": size, "url": site.url}]
    )
    # The list, a city's answer (9040) and an error (12) are in the
    # accessibility matrix at every size and width (tests/test_accessibility_
    # matrix.py); these are the answers it does not reach.
    paths = [
        finder_path(**query)
        for state, query in ANSWERS.items()
        if state not in IN_THE_MATRIX
    ]
    failures = {}
    for path in paths:
        assert page.goto(path).status == 200
        assert page.locator(".work-map svg").count() == 1
        violations = axe_check(page)
        if violations:
            failures[path] = violations
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways at {width} px, {size}"
    assert failures == {}


def test_the_keyboard_reaches_every_area_of_the_map_with_a_visible_focus(
    new_page, site
):
    page = new_page()
    page.goto(list_path())
    links = page.locator(".work-map__link")
    assert links.count() == 8
    page.locator(".work-map").evaluate(
        "figure => figure.previousElementSibling.querySelector('a').focus()"
    )
    reached = []
    for _ in range(8):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => {
              const a = document.activeElement;
              if (!a.matches('.work-map__link')) return null;
              const shape = a.querySelector('path, circle');
              const style = getComputedStyle(a);
              return {
                name: a.getAttribute('aria-label'),
                outline: style.outlineStyle + ' ' + style.outlineWidth,
                stroke: getComputedStyle(shape).strokeWidth,
              };
            }"""
        )
        assert focused, "focus left the map before every area was reached"
        assert focused["outline"].startswith("solid")
        assert float(focused["stroke"].rstrip("px")) >= 6
        reached.append(focused["name"])
    assert len(set(reached)) == 8
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert visible_text(page.locator("h1")) in " ".join(reached)


def test_the_map_in_forced_colours_keeps_the_answer_and_focus_visible(new_page, site):
    page = new_page()
    page.emulate_media(forced_colors="active")
    page.goto(finder_path(q="Hasselt"))
    colours = page.evaluate(
        """() => {
          const fill = (el) => getComputedStyle(el).fill;
          const current = document.querySelector('.work-map__area--current');
          const other = document.querySelector(
            '.work-map__area:not(.work-map__area--current)');
          return {current: fill(current), other: fill(other),
                  stroke: getComputedStyle(other).stroke};
        }"""
    )
    assert colours["current"] != colours["other"]
    assert colours["stroke"] != colours["other"]
    page.locator(".work-map__link").first.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
    assert axe_check(page) == []


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("width", "height"), [(1280, 720), (320, 640)])
def test_the_home_page_shows_the_finder_on_the_first_screen(
    new_page, site, language, width, height
):
    page = new_page(width=width, height=height)
    page.goto(f"/{language}/")
    field = page.locator("#id_q").bounding_box()
    assert field["y"] + field["height"] <= height


def test_the_menu_opens_without_javascript_on_a_narrow_screen(new_page, site):
    page = new_page(javascript=False, width=320, height=640)
    page.goto("/nl/")
    assert not page.locator("nav.main-nav").is_visible()
    page.get_by_role("link", name="Menu", exact=True).click()
    assert page.locator("nav.main-nav").is_visible()
    assert page.locator("nav.main-nav a").first.is_visible()


# Where on the first screen of an answer (the form leads to #answer) the
# route to a person is: the bottom of the first line of the organisation's
# first phone, e-mail or website link, in CSS pixels from the viewport's top.
ROUTE_BOTTOM = """() => {
  const route = document.querySelector("#answer .contact-route");
  const link = route && route.querySelector("dd a");
  return link ? link.getClientRects()[0].bottom : null;
}"""


@pytest.mark.parametrize(
    ("query", "route"),
    [
        ("Hasselt", "tel:+3211222196"),
        ("Sint-Niklaas", "https://saamo.be/oost-vlaanderen/"),
    ],
)
def test_the_route_to_a_person_is_on_the_first_screen_of_an_answer(
    open_page, query, route
):
    height = 568
    site = open_page(
        finder_path(q=query) + "#answer", width=320, height=height, font_size="largest"
    )
    assert site.size_class == "fs-largest"
    first = site.page.locator("#answer .contact-route dd a").first
    assert first.get_attribute("href") == route
    bottom = site.page.evaluate(ROUTE_BOTTOM)
    assert bottom is not None and 0 < bottom <= height, bottom
