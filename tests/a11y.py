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
