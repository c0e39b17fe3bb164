"""Knight Lab TimelineJS3: the JSON format and the spreadsheet template's CSV.

Format: https://timeline.knightlab.com/docs/json-format.html. A date's fields stop at the
precision the article allows (a month-precision event has no `day`); `display_date` is our
display of that precision ('Dec 2024', 'week of 2 Mar 2026') and the text quotes the article's
own phrase. TimelineJS cannot place an event without a year, so undated events are listed in
the title slide instead of being given a date.
"""

from __future__ import annotations

import csv
import io
from html import escape
from typing import Any

from facts.exports.common import Selection, citation, date_fields
from facts.factset import Facts
from facts.models import Event

# The columns of Knight Lab's TimelineJS Google Sheets template, in its order.
CSV_COLUMNS = [
    "Year",
    "Month",
    "Day",
    "Time",
    "End Year",
    "End Month",
    "End Day",
    "End Time",
    "Display Date",
    "Headline",
    "Text",
    "Media",
    "Media Credit",
    "Media Caption",
    "Media Thumbnail",
    "Type",
    "Group",
    "Background",
]


def _text(facts: Facts, event: Event) -> str:
    """The summary, the article's date phrase (and how the date was worked out), citations."""
    date = event.date
    how = f"Precision: {date.precision.value}; {date.derivation.value}."
    note = f" {escape(date.note)}" if date.note else ""
    sources = "".join(f"<li>{escape(citation(facts, q))}</li>" for q in event.quotes)
    return (
        f"<p>{escape(event.summary)}</p>"
        f"<p>Date, in the article's words: “{escape(date.phrase)}”. {escape(how)}{note}</p>"
        f"<p>Sources:</p><ol>{sources}</ol>"
    )


def _slide(facts: Facts, event: Event) -> dict[str, Any]:
    start, end = date_fields(event.date)
    slide: dict[str, Any] = {
        "unique_id": event.id,
        "start_date": start,
        "display_date": event.date.display(),
        "text": {"headline": escape(event.headline), "text": _text(facts, event)},
        "group": event.event_type.value,
    }
    if end is not None:
        slide["end_date"] = end
    return slide


def _title(facts: Facts, title: str, undated: list[Event]) -> dict[str, Any]:
    text = "<p>From the briefing bot's facts store; every entry cites its articles.</p>"
    if undated:
        names = "".join(f"<li>{escape(e.headline)}</li>" for e in undated)
        text += (
            f"<p>{len(undated)} event(s) have no known date and are not placed on the "
            f"timeline:</p><ul>{names}</ul>"
        )
    return {"text": {"headline": escape(title), "text": text}}


def to_json(facts: Facts, selection: Selection, *, title: str = "Timeline") -> dict[str, Any]:
    """A TimelineJS3 timeline: one slide per dated event, the undated ones in the title."""
    events = selection.events(facts)
    dated = [e for e in events if e.date.start is not None]
    undated = [e for e in events if e.date.start is None]
    return {
        "title": _title(facts, title, undated),
        "events": [_slide(facts, e) for e in dated],
    }


def to_csv(facts: Facts, selection: Selection, *, title: str = "Timeline") -> str:
    """The same timeline as rows of the TimelineJS spreadsheet template (a 'title' row first)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    timeline = to_json(facts, selection, title=title)
    writer.writerow(
        {
            "Type": "title",
            "Headline": timeline["title"]["text"]["headline"],
            "Text": timeline["title"]["text"]["text"],
        }
    )
    for slide in timeline["events"]:
        start, end = slide["start_date"], slide.get("end_date", {})
        writer.writerow(
            {
                "Year": start.get("year", ""),
                "Month": start.get("month", ""),
                "Day": start.get("day", ""),
                "End Year": end.get("year", ""),
                "End Month": end.get("month", ""),
                "End Day": end.get("day", ""),
                "Display Date": slide["display_date"],
                "Headline": slide["text"]["headline"],
                "Text": slide["text"]["text"],
                "Group": slide["group"],
            }
        )
    return out.getvalue()
