"""axe-core in the browser, with the rule sets the site promises to meet."""

from axe_playwright_python.sync_playwright import Axe

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]

_axe = Axe()


def axe_violations(page):
    results = _axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    violations = results.response["violations"]
    return [
        f"{v['id']} ({v['impact']}): {v['help']} -> "
        + "; ".join(
            node["target"][0] if node["target"] else "?" for node in v["nodes"][:5]
        )
        for v in violations
    ]


# --- Helpers for the accessibility suite -------------------------------------

# Injecting axe-core costs more than running it, so the helpers below inject
# it once per loaded document and only ask for violations.
_INJECTED = "typeof window.axe !== 'undefined'"


def axe_check(page, context=None, rules=None, allowed=()):
    """Violations as axe_violations reports them, faster on repeated runs.

    `rules` may switch single rules off ({"rule-id": {"enabled": False}});
    `allowed` lets one rule pass on the elements inside one CSS selector only,
    as (rule id, selector) pairs. Every caller that uses either says why
    beside it.
    """
    if not page.evaluate(_INJECTED):
        page.evaluate(_axe.axe_script)
    options = {
        "runOnly": {"type": "tag", "values": WCAG_TAGS},
        "resultTypes": ["violations"],
    }
    if rules:
        options["rules"] = rules
    results = page.evaluate(
        """async ([context, options, allowed]) => {
          const results = await axe.run(context || document, options);
          const excused = (rule, node) => allowed.some(([id, selector]) => {
            const el = node.target.length === 1 &&
              document.querySelector(node.target[0]);
            return id === rule && el && el.closest(selector);
          });
          results.violations = results.violations
            .map((v) => ({...v, nodes: v.nodes.filter((n) => !excused(v.id, n))}))
            .filter((v) => v.nodes.length > 0);
          return results;
        }""",
        [context, options, [list(pair) for pair in allowed]],
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} -> "
        + "; ".join(
            node["target"][0] if node["target"] else "?" for node in v["nodes"][:5]
        )
        for v in results["violations"]
    ]


def sitemap_paths(page):
    """Every path in the site's sitemap, read through the browser's page."""
    import re
    from urllib.parse import urlsplit

    xml = page.request.get("/sitemap.xml").text()
    return [urlsplit(url).path for url in re.findall(r"<loc>([^<]+)</loc>", xml)]


def finder_url(language, postcode):
    from urllib.parse import urlencode

    from django.urls import reverse
    from django.utils.translation import override

    with override(language):
        return reverse("institutes:finder") + "?" + urlencode({"postcode": postcode})


def page_url_by_key(key, language):
    """The public address of a page from the content tree, by its key."""
    from pages.tree import PageTree

    return PageTree.load().by_key[key].url(language)


def font_size_cookie(base_url, size):
    return {"name": "lettergrootte", "value": size, "url": base_url}


KINDS_OF_PAGE = [
    "home",
    "content page",
    "institutes list",
    "institute detail",
    "finder answer",
    "finder error",
    "not found",
]


def path_of_kind(kind, language="nl"):
    """One address for each kind of page the site has (needs the content)."""
    from django.urls import reverse
    from django.utils.translation import override

    from institutes.models import Institute

    if kind == "home":
        return page_url_by_key("home", language)
    if kind == "content page":
        return page_url_by_key("regional-institutes", language)
    if kind == "institutes list":
        with override(language):
            return reverse("institutes:list")
    if kind == "institute detail":
        institute = Institute.objects.published().order_by("pk").first()
        return institute.get_absolute_url(language)
    if kind == "finder answer":
        return finder_url(language, "9040")
    if kind == "finder error":
        return finder_url(language, "12")
    if kind == "not found":
        return f"/{language}/bestaat-niet/"
    raise ValueError(kind)


# The focused element and how its focus indicator looks.
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const style = getComputedStyle(el);
  let behind = "rgb(255, 255, 255)";
  for (let node = el.parentElement; node; node = node.parentElement) {
    const colour = getComputedStyle(node).backgroundColor;
    if (colour !== "transparent" && !colour.endsWith(", 0)")) { behind = colour; break; }
  }
  const box = el.getBoundingClientRect();
  return {
    kb: el.dataset.kb === undefined ? null : Number(el.dataset.kb),
    id: el.id,
    className: el.className,
    outlineStyle: style.outlineStyle,
    outlineWidth: parseFloat(style.outlineWidth),
    outlineColor: style.outlineColor,
    outline: `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`,
    boxShadow: style.boxShadow,
    behind,
    inViewport: box.width > 0 && box.height > 0 && box.bottom > 0 &&
      box.right > 0 && box.top < innerHeight && box.left < innerWidth,
  };
}"""


def rgb(colour):
    numbers = colour[colour.index("(") + 1 : colour.index(")")].split(",")
    return [float(n) for n in numbers[:3]]


def luminance(colour):
    def channel(value):
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(v) for v in rgb(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(one, other):
    lighter, darker = sorted([luminance(one), luminance(other)], reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def focus_problems(focused, unfocused):
    """Why the focus indicator of one element is not good enough, if it is not."""
    problems = []
    if focused["outlineStyle"] in ("none", "hidden"):
        problems.append("no outline")
    elif focused["outlineWidth"] < 2:
        problems.append(f"outline {focused['outlineWidth']} px is thinner than 2 px")
    elif contrast(focused["outlineColor"], focused["behind"]) < 3:
        problems.append(
            f"outline {focused['outlineColor']} has less than 3:1 against "
            f"{focused['behind']}"
        )
    if (focused["outline"], focused["boxShadow"]) == (
        unfocused["outline"],
        unfocused["boxShadow"],
    ):
        problems.append("looks the same with and without focus")
    if not focused["inViewport"]:
        problems.append("scrolled out of sight")
    return problems
