"""The keyboard focus: where it is and whether a reader can see it
(WCAG 2.4.7, 2.4.11 and 2.4.13)."""

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
