"""The timeline as a picture: a pure function of a timeline `Answer` to PNG bytes.

It draws only what the answer says (the same items, dates, precision and dispute marks as the
text), so the picture carries no fact the text does not:
- a day is a point; a range of known days a solid bar;
- a week, a month, a year, or a range the event fell somewhere in (`within`), is a faded span
  over the whole period, never a made-up day;
- an event in dispute carries the answer's dispute mark (⚖) and a red outline;
- undated events are listed apart, under the chart.
When the dates cluster far from the rest (background years, then a month of news), the date
axis is broken in two so the cluster is not squeezed into a sliver.

matplotlib (a Figure on an Agg canvas: no display, no pyplot state, safe in threads) is imported
only when drawing, so `briefing ask` does not pay for it. Size is bounded: at most `max_rows`
events drawn (the picture says the others are in the text), a fixed width, a capped height.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import textwrap
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from bot.render_text import DISPUTED  # the mark the text and embeds show
from facts.answers import Answer, Item
from facts.models.common import DatePrecision, following

if TYPE_CHECKING:
    from matplotlib.axes import Axes

Theme = Literal["light", "dark"]
FILENAME = "timeline.png"
# Discord shows an embed's image in about 400 x 300 px; a click opens it full size. So the
# picture is a landscape card with few, large rows: the latest `MAX_ROWS` events with their
# headlines, every dated event as a tick on an overview strip, and the undated ones named
# below. `briefing timeline --png --rows N` draws more rows for a bigger screen or print.
MAX_ROWS = 6
ROWS_LIMIT = 25  # the most rows anyone can ask for: the picture's height stays bounded
MAX_UNDATED = 2  # undated headlines named; the rest are counted
WIDTH_IN = 1200 / 180
DPI = 180  # 1200 px wide: crisp when opened, and type about 9 px tall in the preview
ROW_IN = 0.46
HEADLINE_CHARS = 27
MONTHS_OF_DAYS = 4  # an axis this many months long or less labels days ("15 Feb")
TICK_PX = 110  # the width a date label under the axis needs, with a gap
DATE_CHARS = 14  # "27–28 Feb 2026" on one line

PALETTES: dict[Theme, dict[str, str]] = {
    # An opaque card of our own, so the picture reads the same on Discord's dark and light theme.
    "light": {
        "bg": "#ffffff",
        "fg": "#1e1f22",
        "muted": "#5c5e66",
        "grid": "#e3e5e8",
        "mark": "#4752c4",
        "span": "#4752c4",
        "disputed": "#c62828",
    },
    "dark": {
        "bg": "#2b2d31",
        "fg": "#f2f3f5",
        "muted": "#b5bac1",
        "grid": "#404249",
        "mark": "#8ea1ff",
        "span": "#8ea1ff",
        "disputed": "#ff6b6b",
    },
}


@dataclass(frozen=True)
class Row:
    """One dated event as drawn: where its mark goes and how."""

    item: Item
    start: dt.date
    end: dt.date  # exclusive: the day after the last day the event can fall on
    style: Literal["point", "bar", "span"]

    @property
    def claimed(self) -> list[dt.date]:
        """The other dates disputing accounts give (drawn as hollow marks on the row)."""
        return [c.start for c in self.item.claimed_dates]

    @property
    def first(self) -> dt.date:
        return min([self.start, *self.claimed])

    @property
    def last(self) -> dt.date:
        return max([self.end, *(d + dt.timedelta(days=1) for d in self.claimed)])


def row_for(item: Item) -> Row | None:
    """How an item's date is drawn, from its precision; None when it has no date."""
    if item.date is None:
        return None
    start, last = item.date, item.end_date or item.date
    precision = item.date_precision or "day"
    if precision == "year":
        return Row(item, dt.date(start.year, 1, 1), dt.date(last.year + 1, 1, 1), "span")
    if precision == "month":
        return Row(item, start.replace(day=1), following(last, DatePrecision.MONTH), "span")
    if precision == "week":
        return Row(item, start, max(last, start + dt.timedelta(days=6)) + dt.timedelta(1), "span")
    if item.date_within:  # some day of these: faded, as a week is
        return Row(item, start, last + dt.timedelta(days=1), "span")
    if last != start:
        return Row(item, start, last + dt.timedelta(days=1), "bar")
    return Row(item, start, start + dt.timedelta(days=1), "point")


def panels(rows: list[Row], *, pad: bool = True) -> list[tuple[dt.date, dt.date]]:
    """The date axis: one range, or two when the latest cluster of events sits far from the
    earlier ones (squeezed into under 15% of one axis, after a gap 1.5 times its span)."""
    lo, hi = min(r.first for r in rows), max(r.last for r in rows)
    ordered = sorted(rows, key=lambda r: r.first)
    best: tuple[float, int] | None = None
    for k in range(1, len(ordered)):
        left_end = max(r.last for r in ordered[:k])
        right_start = ordered[k].first
        gap = (right_start - left_end).days
        right_span = (hi - right_start).days or 1
        # Worth a break: on one axis the cluster would be squeezed into under a seventh of it,
        # the gap before it dwarfs it, and it holds a third of the events.
        zoom = gap / right_span
        squeezed = right_span < 0.15 * (hi - lo).days
        if not squeezed or zoom < 1.5 or len(ordered) - k < len(ordered) / 3:
            continue
        # Of the breaks worth making, the one that gives the cluster the most room: its
        # events per day (25 rows back to 2007 had broken at Dec 2024, and the February 2026
        # news sat in a sliver at the edge of a 15-month axis).
        density = (len(ordered) - k) / right_span
        if best is None or density > best[0]:
            best = (density, k)
    if best is None:
        found = [(lo, hi)]
    else:
        k = best[1]
        found = [(lo, max(r.last for r in ordered[:k])), (ordered[k].first, hi)]
    return [_pad(a, b) for a, b in found] if pad else found


def _pad(lo: dt.date, hi: dt.date) -> tuple[dt.date, dt.date]:
    margin = dt.timedelta(days=max(1, (hi - lo).days // 25))
    return lo - margin, hi + margin


def _label(item: Item) -> str:
    lines = textwrap.wrap(item.title, HEADLINE_CHARS, max_lines=2, placeholder=" …")
    mark = f" {DISPUTED}" if item.disputed_with else ""
    return "\n".join(lines) + mark


def render_png(answer: Answer, *, theme: Theme = "light", max_rows: int = MAX_ROWS) -> bytes:
    """The answer's events as a PNG (a few hundred kB at most)."""
    # Lazily, so answering questions does not pay for matplotlib (about half a second). A
    # Figure with an Agg canvas, not pyplot: no global state, so two pictures can be drawn at
    # once in different threads.
    import matplotlib.dates as mdates  # noqa: PLC0415
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: PLC0415
    from matplotlib.figure import Figure  # noqa: PLC0415

    colours = PALETTES[theme]
    events = [i for i in answer.items() if i.kind == "event"]
    all_rows = [r for r in (row_for(i) for i in events) if r is not None]
    undated = [i for i in events if i.date is None]
    rows = all_rows[-max(1, min(max_rows, ROWS_LIMIT)) :]
    hidden = len(all_rows) - len(rows)
    listed = undated[:MAX_UNDATED]

    undated_lines = 2 if len(listed) > 1 else 1
    chart_in = max(1.2, ROW_IN * len(rows)) if rows else 0.0
    overview_in = 0.95 if hidden else 0.0
    height = (
        1.0
        + overview_in
        + chart_in
        + (0.6 if rows else 0)
        + (0.25 + 0.25 * undated_lines if undated else 0)
    )
    fig = Figure(figsize=(WIDTH_IN, height), dpi=DPI, facecolor=colours["bg"])
    FigureCanvasAgg(fig)
    top = 1 - 0.75 / height
    title = fig.text(
        0.02, 1 - 0.35 / height, answer.title, fontsize=17, weight="bold",
        color=colours["fg"], va="center",
    )  # fmt: skip
    _fit(title, fig, 0.96)
    # The summary's first part only: what follows a colon or semicolon (how many came
    # earlier, what to ask for them) is the text's, and one line must fit the picture.
    note = (answer.summary or "").split(":")[0].split(";")[0]
    if hidden:
        note += f"; the latest {len(rows)} here, the others in the text"
    fig.text(0.02, 1 - 0.65 / height, note, fontsize=11, color=colours["muted"], va="center")
    if hidden:
        band = (top - (overview_in - 0.3) / height, top - 0.3 / height)
        _overview(fig, every=all_rows, drawn=rows, colours=colours, band=band, mdates=mdates)
        top -= overview_in / height
    if rows:
        bottom = top - chart_in / height
        _draw_rows(fig, rows, colours, (bottom, top), mdates)
        _legend(fig, colours, bottom - 0.45 / height, rows)
    if undated:
        y = (0.2 + 0.25 * undated_lines) / height
        names = [f"• {_one_line(i)}" for i in listed]
        fig.text(
            0.02, y, "No known date:", fontsize=11, weight="bold", color=colours["fg"],
            va="top",
        )  # fmt: skip
        if len(undated) > len(listed):
            fig.text(
                0.02, y - 0.25 / height, f"+{len(undated) - len(listed)} more in the text",
                fontsize=10, color=colours["muted"], va="top",
            )  # fmt: skip
        fig.text(
            0.25, y, "\n".join(names), fontsize=11, color=colours["fg"], va="top",
            linespacing=1.45,
        )  # fmt: skip
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=DPI, facecolor=colours["bg"])
    return out.getvalue()


def _one_line(item: Item) -> str:
    text = textwrap.shorten(item.title, 46, placeholder=" …")
    return f"{text} {DISPUTED}" if item.disputed_with else text


def _draw_rows(
    fig: Any, rows: list[Row], colours: dict[str, str], band: tuple[float, float], mdates: Any
) -> None:
    bottom, top = band
    unpadded = panels(rows, pad=False)
    ranges = [_pad(lo, hi) for lo, hi in unpadded]
    label_w = 0.6
    x0, x1 = 0.02 + label_w, 0.975
    labels = fig.add_axes((0.02, bottom, label_w - 0.01, top - bottom))
    labels.set_axis_off()
    labels.set_ylim(len(rows) - 0.5, -0.5)
    labels.set_xlim(0, 1)
    for y, row in enumerate(rows):
        item = row.item
        colour = colours["disputed"] if item.disputed_with else colours["fg"]
        # Two lines at most for a long date ("between 7 and / 19 Feb 2026"): the headline
        # starts a third of the way in.
        date = textwrap.fill(item.date_display or "", DATE_CHARS, max_lines=2)
        labels.text(0, y, date, fontsize=10.5, weight="bold", color=colours["muted"],
                    va="center", linespacing=1.0)  # fmt: skip
        labels.text(0.35, y, _label(item), fontsize=12, color=colour, va="center",
                    linespacing=1.0)  # fmt: skip
    spans = [(hi - lo).days for lo, hi in ranges]
    widths = [max(0.22, s / sum(spans)) if len(ranges) > 1 else 1.0 for s in spans]
    if len(ranges) > 1:  # the earlier panel is compressed: a fixed third at most
        widths = [min(widths[0], 0.28), 1 - min(widths[0], 0.28)]
    gap = 0.08 if len(ranges) > 1 else 0.0
    usable = x1 - x0 - gap
    left = x0
    for index, ((lo, hi), share) in enumerate(zip(ranges, widths, strict=True)):
        ax: Axes = fig.add_axes((left, bottom, usable * share, top - bottom))
        left += usable * share + gap
        ax.set_facecolor(colours["bg"])
        ax.set_ylim(len(rows) - 0.5, -0.5)
        ax.set_xlim(float(mdates.date2num(lo)), float(mdates.date2num(hi)))
        ax.set_yticks([])
        for spine in ax.spines.values():
            spine.set_visible(False)
        ax.grid(axis="x", color=colours["grid"], linewidth=0.8)
        ax.set_axisbelow(True)
        _date_ticks(ax, (lo, hi), unpadded[index], usable * share * WIDTH_IN * DPI, mdates)
        ax.tick_params(axis="x", colors=colours["muted"], labelsize=10, length=0)
        for y in range(len(rows)):
            ax.axhline(y, color=colours["grid"], linewidth=0.5, zorder=0)
        inner_lo, inner_hi = unpadded[index]
        for y, row in enumerate(rows):
            if row.end > inner_lo and row.start < inner_hi:  # each mark in its own panel
                _mark(ax, y, row, colours, mdates)


def _date_ticks(
    ax: Axes,
    shown: tuple[dt.date, dt.date],
    inner: tuple[dt.date, dt.date],
    panel_px: float,
    mdates: Any,
) -> None:
    """Date labels under a panel: as many as fit side by side, three at most, each naming
    its day and month within a few months (the concise format wrote "15" and "Mar", and
    "15" read as nothing in particular). A narrow panel (years squeezed beside a month of
    news) has room for one, at its first event."""
    (lo, hi), (inner_lo, inner_hi) = shown, inner
    days_shown = (hi - lo).days
    ticks = max(1, min(3, int(panel_px // TICK_PX)))
    days_format = days_shown <= MONTHS_OF_DAYS * 31
    # A day's label sits under its mark, at mid-day (see _mark); a month's under its start.
    noon = 0.5 if days_format else 0.0
    if ticks == 1:
        ax.set_xticks([float(mdates.date2num(inner_lo)) + noon])
        if days_format:
            one = "%-d %b"
        elif (inner_lo.month, inner_lo.day) == (1, 1) or days_shown > 2 * 366:
            one = "%Y"  # a year's event, or years of them: "2025"
        else:
            one = "%b %Y"
        ax.xaxis.set_major_formatter(mdates.DateFormatter(one))
        return
    if days_shown <= 21:  # days, never hours: no event here has a time of day
        apart = math.ceil(TICK_PX * days_shown / panel_px)  # the days a label needs
        step = dt.timedelta(days=max(1, apart, -(-(inner_hi - inner_lo).days // ticks)))
        days = [inner_lo + step * k for k in range(ticks + 1)]
        ax.set_xticks([float(mdates.date2num(d)) + noon for d in days if d < inner_hi])
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%-d %b"))
        return
    locator = mdates.AutoDateLocator(minticks=1, maxticks=ticks)
    ax.xaxis.set_major_locator(locator)
    if days_format:  # a month's first day is the month: "Oct", "Nov" (and fits at the edge)
        ax.xaxis.set_major_formatter(lambda x, _: _day_label(mdates.num2date(x)))
    else:
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator, show_offset=False))


def _day_label(day: dt.date) -> str:
    return f"{day:%b}" if day.day == 1 else f"{day.day} {day:%b}"


def _fit(label: Any, fig: Any, share: float) -> None:
    """Cut a line of text at a word, with "…", until it fits `share` of the picture's width:
    a title holds what was asked ("until 2025-09-30 (before Pakistan–Afghanistan ...)"), and
    a line that runs off the card loses its end without saying so. Measured as drawn, since
    letters differ in width."""
    renderer = fig.canvas.get_renderer()
    limit = fig.bbox.width * share - label.get_window_extent(renderer).x0
    text = label.get_text()
    while label.get_window_extent(renderer).width > limit and len(text) > 1:
        text = textwrap.shorten(text, len(text) - 2, placeholder=" …")
        label.set_text(text)


def _overview(
    fig: Any,
    *,
    every: list[Row],
    drawn: list[Row],
    colours: dict[str, str],
    band: tuple[float, float],
    mdates: Any,
) -> None:
    """A strip with every dated event of the answer as a tick, the drawn ones shaded."""
    bottom, top = band
    ax: Axes = fig.add_axes((0.02, bottom, 0.955, top - bottom))
    ax.set_facecolor(colours["bg"])
    lo, hi = _pad(min(r.first for r in every), max(r.last for r in every))
    ax.set_xlim(float(mdates.date2num(lo)), float(mdates.date2num(hi)))
    ax.set_ylim(0, 1)
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)
    shown_lo = float(mdates.date2num(min(r.first for r in drawn)))
    shown_hi = float(mdates.date2num(max(r.last for r in drawn)))
    ax.axvspan(shown_lo, shown_hi, color=colours["grid"], zorder=0)
    for row in every:
        middle = (float(mdates.date2num(row.start)) + float(mdates.date2num(row.end))) / 2
        faded = row.style == "span"
        ax.vlines(middle, 0.15, 0.85, color=colours["mark"], alpha=0.35 if faded else 0.8,
                  linewidth=1)  # fmt: skip
    locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
    ax.xaxis.set_major_locator(locator)
    # No label at the card's very edges, where half of it would be cut off; a day's label
    # under its mark, at mid-day, as under the panels.
    days_format = (hi - lo).days <= MONTHS_OF_DAYS * 31
    noon = 0.5 if days_format else 0.0
    left, right = ax.get_xlim()
    edge = (right - left) * 0.03
    ax.set_xticks([t + noon for t in locator() if left + edge <= t + noon <= right - edge])
    if days_format:  # as under the panels: "9 Feb", not "09"
        ax.xaxis.set_major_formatter(lambda x, _: _day_label(mdates.num2date(x)))
    else:
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator, show_offset=False))
    ax.tick_params(axis="x", colors=colours["muted"], labelsize=10, length=0)
    ax.text(0, 1.02, f"All {len(every)} dated events (shaded: the ones drawn below)",
            transform=ax.transAxes, fontsize=10, color=colours["muted"], va="bottom")  # fmt: skip


def _mark(ax: Axes, y: int, row: Row, colours: dict[str, str], mdates: Any) -> None:
    _claimed_marks(ax, y, row, colours, mdates)
    start = float(mdates.date2num(row.start))
    end = float(mdates.date2num(row.end))
    disputed = bool(row.item.disputed_with)
    edge = colours["disputed"] if disputed else colours["mark"]
    if row.style == "point":  # mid-day, as the other dates' marks: the dashed line runs between
        ax.plot([(start + end) / 2], [y], marker="o", markersize=9, color=colours["mark"],
                markeredgecolor=edge, markeredgewidth=2.2 if disputed else 1, zorder=3)  # fmt: skip
        return
    solid = row.style == "bar"
    ax.barh(y, end - start, left=start, height=0.5 if solid else 0.62,
            color=colours["span"], alpha=0.95 if solid else colours_alpha(colours),
            edgecolor=edge,
            linewidth=1.6 if disputed else 0, zorder=2)  # fmt: skip
    # A span too narrow to see at this scale still shows where it is.
    left, right = ax.get_xlim()
    if (end - start) / (right - left) < 0.01:
        ax.plot([(start + end) / 2], [y], marker="|", markersize=12, color=colours["span"],
                alpha=1 if solid else 0.6, zorder=3)  # fmt: skip


def _claimed_marks(ax: Axes, y: int, row: Row, colours: dict[str, str], mdates: Any) -> None:
    """Both dates of a date dispute: each other account's day as a hollow mark on the row,
    joined to the event's own mark by a dashed line (the text names who gives which)."""
    middle = (float(mdates.date2num(row.start)) + float(mdates.date2num(row.end))) / 2
    for day in row.claimed:
        x = float(mdates.date2num(day)) + 0.5
        ax.plot([middle, x], [y, y], linestyle=(0, (2, 2)), linewidth=1.4,
                color=colours["disputed"], zorder=1)  # fmt: skip
        ax.plot([x], [y], marker="o", markersize=9, markerfacecolor="none",
                markeredgecolor=colours["disputed"], markeredgewidth=2.2, zorder=3)  # fmt: skip


def colours_alpha(colours: dict[str, str]) -> float:
    """How opaque a faded span is: a dark background needs a little more."""
    return 0.28 if colours is PALETTES["light"] else 0.4


def _legend(fig: Any, colours: dict[str, str], y: float, rows: list[Row]) -> None:
    """What the marks drawn mean: only those the picture has (one day's event had a legend
    of five)."""
    drawn = [
        ("●", 1.0, "a day", any(r.style == "point" for r in rows)),
        ("▬", 1.0, "known days", any(r.style == "bar" for r in rows)),
        ("▬", 0.35, "within the period", any(r.style == "span" for r in rows)),
        (DISPUTED, 1.0, "disputed", any(r.item.disputed_with for r in rows)),
        ("○", 1.0, "another date given", any(r.claimed for r in rows)),
    ]
    parts = [(symbol, alpha, text) for symbol, alpha, text, used in drawn if used]
    x = 0.02
    renderer = fig.canvas.get_renderer()
    width = fig.bbox.width
    for symbol, alpha, text in parts:
        colour = colours["disputed"] if symbol in (DISPUTED, "○") else colours["mark"]
        fig.text(x, y, symbol, fontsize=12, color=colour, alpha=alpha, va="center")
        x += 0.032
        label = fig.text(x, y, text, fontsize=10, color=colours["muted"], va="center")
        # Advance by the label's measured width: a guess per character ran off the card.
        x += label.get_window_extent(renderer).width / width + 0.028
