"""Server-rendered SVG bar charts: no script, no inline style (the CSP allows neither).

Bars run sideways so long labels (months, domains, names) fit a 360 px phone; every bar has
its value written beside it, and the same numbers stand in the table under the chart, so the
chart is never the only way to read a figure. Colours come from classes in ``app.css``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from markupsafe import Markup, escape

ROW_HEIGHT = 18
GAP = 8
LABEL_WIDTH = 150
BAR_WIDTH = 170
VALUE_WIDTH = 60
WIDTH = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH


def bar_chart(
    *,
    title: str,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    fmt: Callable[[float | None], str],
) -> Markup:
    """Grouped horizontal bars: one group per category, one bar per series.

    ``None`` values (suppressed, "< 3") get no bar, only their text.
    """
    values = [v for _, vs in series for v in vs if v is not None]
    top = max(values, default=0) or 1
    group = len(series) * ROW_HEIGHT + GAP
    legend = ROW_HEIGHT + GAP if len(series) > 1 else 0
    height = legend + max(1, len(categories)) * group
    parts: list[str] = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-label="{escape(title)}" preserveAspectRatio="xMinYMin meet">'
    ]
    if legend:
        x = 0
        for index, (label, _) in enumerate(series):
            parts.append(
                f'<rect class="chart-bar chart-s{index}" x="{x}" y="4" width="12" height="12"/>'
                f'<text class="chart-text" x="{x + 16}" y="14">{escape(label)}</text>'
            )
            x += 16 + 8 * len(label) + 16
    for row, category in enumerate(categories):
        y0 = legend + row * group
        parts.append(
            f'<text class="chart-text" x="0" y="{y0 + ROW_HEIGHT - 5}">{escape(_clip(category))}</text>'
        )
        for index, (_, vs) in enumerate(series):
            value = vs[row]
            y = y0 + index * ROW_HEIGHT
            if value is not None and value > 0:
                width = max(1, round(BAR_WIDTH * value / top))
                parts.append(
                    f'<rect class="chart-bar chart-s{index}" x="{LABEL_WIDTH}" y="{y + 2}" '
                    f'width="{width}" height="{ROW_HEIGHT - 4}"/>'
                )
            else:
                width = 0
            parts.append(
                f'<text class="chart-text" x="{LABEL_WIDTH + width + 4}" '
                f'y="{y + ROW_HEIGHT - 5}">{escape(fmt(value))}</text>'
            )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text above went through escape()


def _clip(text: str, limit: int = 22) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
