"""axe-core in the browser, with the rule sets the site promises to meet."""

from axe_playwright_python.sync_playwright import Axe

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]

# The script is large; sending it with every check costs more than the check.
# A browser context opened with `axe=True` (see `open_page` in conftest.py)
# loads it into every document itself; elsewhere it is sent when missing.
AXE_SCRIPT = Axe().axe_script

RUN = """async ([context, options, allowed]) => {
  if (typeof window.axe === "undefined") return null;
  const results = await axe.run(context || document, options);
  const excused = (rule, node) => allowed.some(([id, selector]) => {
    const el = node.target.length === 1 && document.querySelector(node.target[0]);
    return id === rule && el && el.closest(selector);
  });
  return results.violations
    .map((v) => ({...v, nodes: v.nodes.filter((n) => !excused(v.id, n))}))
    .filter((v) => v.nodes.length > 0);
}"""


def violations(page, context=None, rules=None, allowed=()):
    """axe-core's violations on the page as it is now, one line each.

    `context` limits the check to part of the page; `rules` may switch single
    rules off ({"rule-id": {"enabled": False}}); `allowed` lets one rule pass
    on the elements inside one CSS selector only, as (rule id, selector)
    pairs. Every caller that uses `rules` or `allowed` says why beside it.
    """
    options = {
        "runOnly": {"type": "tag", "values": WCAG_TAGS},
        "resultTypes": ["violations"],
    }
    if rules:
        options["rules"] = rules
    arguments = [context, options, [list(pair) for pair in allowed]]
    found = page.evaluate(RUN, arguments)
    if found is None:
        page.evaluate(AXE_SCRIPT)
        found = page.evaluate(RUN, arguments)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} -> "
        + "; ".join(
            node["target"][0] if node["target"] else "?" for node in v["nodes"][:5]
        )
        for v in found
    ]
