"""Reflow: the page fits a narrow window (WCAG 1.4.4 and 1.4.10)."""

# What a reader would notice in a page that does not reflow: a horizontal
# scrollbar, controls in the header, navigation, breadcrumb and footer that
# overlap or stick out of the window, and text cut off by a box too small
# for it. Visually hidden text (clipped on purpose for screen readers) and
# the skip link (off screen until focused) are left out, and so are text
# fields: a field scrolls a value longer than itself, as a reader expects.
# Names in the report leave out soft hyphens.
REFLOW_PROBLEMS = """() => {
  const problems = [];
  const root = document.documentElement;
  const width = root.clientWidth;
  if (root.scrollWidth > width) {
    problems.push(`scrolls sideways: ${root.scrollWidth} px content in ${width} px`);
  }
  // Clipped on purpose: the .visually-hidden class, or the same rule that a
  // narrow screen applies to a label (clip-path: inset(50%) on a 1 px box).
  const clippedOnPurpose = (el) => {
    for (let node = el; node && node !== document.body; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (style.clipPath === "inset(50%)" && style.position === "absolute") return true;
    }
    return false;
  };
  const ignored = (el) => el.closest(".visually-hidden, .skip-link") || clippedOnPurpose(el);
  const name = (el) => `${el.tagName.toLowerCase()}${el.className ? "." +
    String(el.className).trim().split(/\\s+/).join(".") : ""} "${
    (el.textContent || "").replace(/\u00ad/g, "").trim().replace(/\\s+/g, " ")
    .slice(0, 30)}"`;
  const regions = ".site-header, .main-nav, .breadcrumb, .site-footer";
  const controls = [...document.querySelectorAll(
    regions.split(", ").map((r) => `${r} a, ${r} button, ${r} input`).join(", ")
  )].filter((el) => !ignored(el) && el.getClientRects().length > 0 &&
    el.type !== "hidden");
  const boxes = controls.map((el) => el.getBoundingClientRect());
  const slack = 0.5;
  controls.forEach((el, i) => {
    const box = boxes[i];
    if (box.left < -slack || box.right > width + slack) {
      problems.push(`${name(el)} lies outside the window (${box.left}-${box.right})`);
    }
    for (let j = i + 1; j < controls.length; j++) {
      const other = boxes[j];
      if (controls[j].contains(el) || el.contains(controls[j])) continue;
      const overlapX = Math.min(box.right, other.right) - Math.max(box.left, other.left);
      const overlapY = Math.min(box.bottom, other.bottom) - Math.max(box.top, other.top);
      if (overlapX > slack && overlapY > slack) {
        problems.push(`${name(el)} overlaps ${name(controls[j])}`);
      }
    }
  });
  for (const el of document.body.querySelectorAll("*")) {
    if (ignored(el) || el.getClientRects().length === 0) continue;
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    if (box.right > width + slack && style.position !== "fixed") {
      problems.push(`${name(el)} reaches past the window edge (${box.right} px)`);
    }
    const clips = (value) => value === "hidden" || value === "clip";
    if (el.matches("input, textarea, select")) continue;
    if ((clips(style.overflowX) && el.scrollWidth > el.clientWidth + 1) ||
        (clips(style.overflowY) && el.scrollHeight > el.clientHeight + 1) ||
        (style.textOverflow === "ellipsis" && el.scrollWidth > el.clientWidth)) {
      problems.push(`${name(el)} cuts off its content`);
    }
  }
  return problems;
}"""


def reflow_problems(page):
    return page.evaluate(REFLOW_PROBLEMS)
