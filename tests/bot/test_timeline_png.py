"""The timeline picture: drawn from the answer alone, precision visible, bounded in size."""

from __future__ import annotations

import datetime as dt
import itertools
import struct
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from benchmarks.synthetic import build_facts
from bot.terminal.cli import main
from bot.timeline_png import (
    DPI,
    PALETTES,
    WIDTH_IN,
    _date_ticks,
    _fit,
    _legend,
    panels,
    render_png,
    row_for,
)
from facts.answers import Item
from facts.briefing import Briefing

PNG = b"\x89PNG\r\n\x1a\n"


def size(png: bytes) -> tuple[int, int]:
    assert png.startswith(PNG)
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def item(precision: str, start: dt.date | None, end: dt.date | None = None) -> Item:
    return Item(id="e", kind="event", title="E", date=start, end_date=end, date_precision=precision)


def test_precision_decides_the_mark():
    day = row_for(item("day", dt.date(2026, 2, 21)))
    assert day is not None
    assert day.style == "point"
    days = row_for(item("days", dt.date(2026, 2, 27), dt.date(2026, 2, 28)))
    assert days is not None
    assert (days.style, days.end) == ("bar", dt.date(2026, 3, 1))
    month = row_for(item("month", dt.date(2021, 8, 1)))
    assert month is not None
    assert month.style == "span"
    assert (month.start, month.end) == (dt.date(2021, 8, 1), dt.date(2021, 9, 1))
    december = row_for(item("month", dt.date(2024, 12, 1)))
    assert december is not None
    assert december.end == dt.date(2025, 1, 1)
    year = row_for(item("year", dt.date(2025, 1, 1)))
    assert year is not None
    assert (year.style, year.end) == ("span", dt.date(2026, 1, 1))
    assert row_for(item("unknown", None)) is None  # listed apart, not drawn


def test_a_range_the_event_fell_within_is_faded_not_solid():
    window = item("days", dt.date(2026, 2, 7), dt.date(2026, 2, 19)).model_copy(
        update={"date_within": True}
    )
    row = row_for(window)
    assert row is not None
    assert (row.style, row.start, row.end) == ("span", dt.date(2026, 2, 7), dt.date(2026, 2, 20))


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_bundled_timeline_picture(briefing: Briefing, theme: str):
    png = render_png(briefing.timeline(), theme=theme)  # type: ignore[arg-type]
    width, height = size(png)
    assert width == round(WIDTH_IN * DPI) == 1200
    assert height < 2000
    assert len(png) < 1_000_000


def test_the_background_years_break_the_axis(briefing: Briefing):
    answer = briefing.timeline()
    rows = [r for r in (row_for(i) for i in answer.items()) if r is not None][-20:]
    first, second = panels(rows, pad=False)
    assert first[1] <= second[0]
    assert second[0] >= dt.date(2026, 1, 1)  # the February 2026 news gets its own axis
    week = rows[-6:]  # 22-28 February: one axis, no break for a few days' gap
    assert len(panels(week, pad=False)) == 1


def test_two_hundred_events_stay_bounded():
    facts = build_facts(770)
    assert len(facts.events) == 200
    answer = Briefing(facts).timeline()
    width, height = size(render_png(answer))
    assert width == 1200
    assert height <= 1200
    width, tall = size(render_png(answer, max_rows=10_000))  # capped at ROWS_LIMIT rows
    assert height < tall < 3000


def test_a_single_event_draws(briefing: Briefing):
    width, height = size(render_png(briefing.timeline("bannu")))
    assert width > height  # landscape, for Discord's preview


def test_cli_writes_the_png(tmp_path: Path):
    out = tmp_path / "timeline.png"
    db = str(tmp_path / "store.sqlite3")
    assert main(["timeline", "--png", str(out), "--store", db, "--rows", "12", "2026-02"]) == 0
    assert out.read_bytes().startswith(PNG)
    assert main(["timeline", "--png", str(out), "--store", db, "zzqqxx"]) == 1


def test_answering_does_not_load_matplotlib(tmp_path: Path):
    """`briefing ask` and the bot's cogs stay fast: matplotlib loads only to draw."""
    code = (
        "import sys; from bot.terminal.cli import main; import bot.cogs.query, bot.cogs.export; "
        f"main(['ask', '--store', {str(tmp_path / 's.sqlite3')!r}, '!timeline bannu']); "
        "assert 'matplotlib' not in sys.modules"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


def test_pictures_draw_in_parallel_threads(briefing: Briefing):
    """The bot draws off the event loop: two channels at once must not share pyplot state."""
    answers = [briefing.timeline(), briefing.timeline("bannu")] * 2
    with ThreadPoolExecutor(max_workers=4) as pool:
        pictures = list(pool.map(render_png, answers))
    assert pictures[0] == pictures[2]
    assert pictures[1] == pictures[3]


def test_a_date_dispute_is_drawn_with_both_dates(briefing: Briefing):
    answer = briefing.timeline("2026-02-20..2026-02-23")
    strikes = next(i for i in answer.items() if i.id == "pakistan-strikes-nangarhar-paktika")
    row = row_for(strikes)
    assert row is not None
    assert row.claimed == [dt.date(2026, 2, 21)]
    assert row.first == dt.date(2026, 2, 21)  # the axis reaches the other account's date
    assert render_png(answer).startswith(b"\x89PNG")


def test_a_path_or_row_count_that_cannot_be_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    db = str(tmp_path / "store.sqlite3")
    missing = tmp_path / "no" / "such" / "timeline.png"
    assert main(["timeline", "--png", str(missing), "--store", db]) == 1
    err = capsys.readouterr().err
    assert "does not exist" in err
    assert "Traceback" not in err
    assert main(["export", "csv", "--out", str(missing.with_suffix(".csv")), "--store", db]) == 1
    with pytest.raises(SystemExit):  # argparse's own one-line usage error
        main(["timeline", "--png", str(tmp_path / "t.png"), "--rows", "0", "--store", db])
    assert "from 1 to" in capsys.readouterr().err


def _ticks(shown: tuple[dt.date, dt.date], panel_px: float) -> list[str]:
    """The date labels a panel of this width gets, as drawn; none overlaps the next."""
    import matplotlib.dates as mdates
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(WIDTH_IN, 2), dpi=DPI)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0.1, 0.2, panel_px / (WIDTH_IN * DPI), 0.7))
    lo, hi = shown
    ax.set_xlim(float(mdates.date2num(lo)), float(mdates.date2num(hi)))
    inner = (lo + dt.timedelta(days=1), hi - dt.timedelta(days=1))
    _date_ticks(ax, shown, inner, panel_px, mdates)
    fig.canvas.draw()
    labels = [t for t in ax.get_xticklabels() if t.get_text()]
    boxes = sorted((t.get_window_extent() for t in labels), key=lambda box: box.x0)
    assert all(left.x1 < right.x0 for left, right in itertools.pairwise(boxes))
    return [t.get_text() for t in labels]


def test_date_labels_fit_their_panel():
    # Years squeezed beside a month of news: room for one label, at the first event.
    assert _ticks((dt.date(2006, 12, 31), dt.date(2026, 1, 2)), 120) == ["2007"]
    # Four days across 300 px: labels a label's width apart, not "21 Fe22 Feb".
    days = _ticks((dt.date(2026, 2, 20), dt.date(2026, 2, 24)), 300)
    assert days
    # A few weeks: each label names its month ("15 Feb", or "Mar" on the 1st; never a bare
    # "15"); a few months: the months.
    months = {f"{dt.date(2026, m, 1):%b}" for m in range(1, 13)}
    weeks = _ticks((dt.date(2026, 2, 5), dt.date(2026, 3, 2)), 700)
    assert weeks
    assert all(label.split()[-1] in months for label in weeks)
    assert _ticks((dt.date(2025, 9, 28), dt.date(2025, 12, 3)), 420) == ["Oct", "Nov", "Dec"]


def test_a_days_label_sits_under_its_mark():
    """A day's mark is drawn at mid-day: its label too, not half a day to its left (one
    event across a panel of two days showed the gap)."""
    import matplotlib.dates as mdates
    from matplotlib.figure import Figure

    ax = Figure().add_axes((0, 0, 1, 1))
    shown = (dt.date(2026, 2, 20), dt.date(2026, 2, 23))
    ax.set_xlim(float(mdates.date2num(shown[0])), float(mdates.date2num(shown[1])))
    _date_ticks(ax, shown, (dt.date(2026, 2, 21), dt.date(2026, 2, 22)), 400, mdates)
    noon = float(mdates.date2num(dt.date(2026, 2, 21))) + 0.5
    assert noon in list(ax.get_xticks())


def test_the_legend_names_only_the_marks_drawn():
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    day = row_for(item("day", dt.date(2026, 2, 21)))
    window = row_for(item("day", dt.date(2026, 2, 7), dt.date(2026, 2, 19)))
    assert day is not None
    assert window is not None
    for rows, names in (
        ([day], ["a day"]),
        ([day, window], ["a day", "known days"]),
    ):
        fig = Figure(figsize=(WIDTH_IN, 2), dpi=DPI)
        FigureCanvasAgg(fig)
        _legend(fig, PALETTES["light"], 0.5, rows)
        texts = [t.get_text() for t in fig.texts]
        assert [t for t in texts if t[:1].isalpha()] == names


def test_a_title_too_long_for_the_card_is_cut_at_a_word():
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(WIDTH_IN, 2), dpi=DPI)
    FigureCanvasAgg(fig)
    long = "Timeline, until 2025-09-30 (before Pakistan–Afghanistan ceasefire mediated by Qatar)"
    title = fig.text(0.02, 0.5, long, fontsize=17, weight="bold")
    _fit(title, fig, 0.96)
    kept = title.get_text()
    assert kept.endswith(" …")
    assert long.startswith(kept.removesuffix(" …"))  # whole words, from the start
    right = title.get_window_extent(fig.canvas.get_renderer()).x1
    assert right <= fig.bbox.width * 0.96
    short = fig.text(0.02, 0.2, "Timeline: Bannu", fontsize=17, weight="bold")
    _fit(short, fig, 0.96)
    assert short.get_text() == "Timeline: Bannu"  # what fits is left alone
