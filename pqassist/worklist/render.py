"""Show the member's list as text (command line) or HTML (the app's "Mijn vragen" tab)."""

from __future__ import annotations

import html
from datetime import date, datetime

from pqassist.text import shorten
from pqassist.worklist.listing import LATE, ON_TIME, OPEN, OVERDUE, STATUSES, Row

SHORT = {"vlaams-parlement": "VP", "kamer": "Kamer"}
CSS_CLASS = {OVERDUE: "overdue", OPEN: "open", LATE: "late", ON_TIME: "ontime"}


def day(value: date | None) -> str:
    """Return a date the Dutch way (31-01-2024), "" when unknown."""
    return value.strftime("%d-%m-%Y") if value else ""


def visit_text(since: str | None) -> str:
    """Return the previous visit in words ("uw vorige bezoek: 06-05-2024 09:30" or a first visit)."""
    if not since:
        return "Dit is uw eerste bezoek aan deze lijst."
    moment = datetime.fromisoformat(since).astimezone()
    return f"Uw vorige bezoek: {moment.strftime('%d-%m-%Y %H:%M')}."


def followup_text(row: Row) -> str:
    """Return the follow-up column: the submitted follow-up's number, or whether one was drafted."""
    if row.followup_number:
        return f"nr. {row.followup_number}"
    return "opgesteld" if row.draft else ""


def cells(row: Row) -> list[str]:
    """Return the row's cells as shown in the table (text)."""
    return [
        SHORT.get(row.parliament, row.parliament),
        row.number or "?",
        day(row.asked_on),
        row.minister or "",
        day(row.deadline),
        "" if row.days_waiting is None else str(row.days_waiting),
        row.status,
        "" if row.gaps is None else str(row.gaps),
        "" if not row.to_check else str(row.to_check),
        followup_text(row),
        f"nr. {row.follows_up}" if row.follows_up else "",
        row.title or "",
    ]


HEADINGS = ["", "nr.", "gesteld", "minister", "uiterste datum", "werkdagen", "status", "hiaten",
            "te controleren", "opvolging", "volgt op", "onderwerp"]


def summary(rows: list[Row]) -> str:
    """Return the count per status in one line ("2 over tijd, 1 open, ...")."""
    parts = [f"{sum(r.status == s for r in rows)} {s}" for s in STATUSES if any(r.status == s for r in rows)]
    return ", ".join(parts) or "geen vragen"


def text_table(result) -> str:
    """Return the list as plain text: heading, new answers first, aligned columns, summary."""
    lines = [f"Schriftelijke vragen van {result.questioner}, gesteld van {day(result.date_from)} "
             f"tot {day(result.date_to)} (stand op {day(result.today)})", visit_text(result.since)]
    new = [r for r in result.rows if r.new]
    if new:
        lines.append(f"Nieuw beantwoord sinds uw vorige bezoek: {len(new)}")
    if not result.rows:
        lines.append("Geen vragen gevonden.")
        return "\n".join(lines) + "\n"
    table = [HEADINGS] + [[_clip(c, 34) for c in cells(r)[:-1]] + cells(r)[-1:] for r in result.rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(HEADINGS) - 1)]
    lines.append("")
    for index, row in enumerate(table):
        mark = "*" if index and result.rows[index - 1].new else " "
        text = "  ".join(c.ljust(w) for c, w in zip(row, widths)) + "  " + _clip(row[-1], 50)
        lines.append(f"{mark} {text.rstrip()}")
    lines += ["", f"{len(result.rows)} vragen: {summary(result.rows)}."]
    if new:
        lines.append("* nieuw beantwoord sinds uw vorige bezoek")
    return "\n".join(lines) + "\n"


def html_table(rows: list[Row], *, since: str | None) -> str:
    """Return the rows as an HTML table for the app, new answers marked and listed first."""
    esc = html.escape
    head = "".join(f"<th>{esc(h)}</th>" for h in HEADINGS)
    body = []
    for row in rows:
        klass = CSS_CLASS.get(row.status, "unknown") + (" new" if row.new else "")
        tds = "".join(f"<td>{esc(c)}</td>" for c in cells(row))
        body.append(f'<tr class="pqa-wl-{klass}" data-qid="{esc(row.qid)}">{tds}</tr>')
    new = sum(r.new for r in rows)
    banner = (f'<div class="pqa-wl-banner"><b>Nieuw beantwoord sinds uw vorige bezoek: {new}</b></div>'
              if new else "")
    return (
        f"{STYLE}{banner}<div class='pqa-muted'>{esc(visit_text(since))} {esc(summary(rows))}.</div>"
        f"<table class='pqa-wl'><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )


STYLE = """<style>
.pqa-wl {border-collapse: collapse; font-size: 13px; width: 100%;}
.pqa-wl th, .pqa-wl td {border-bottom: 1px solid #ddd; padding: 3px 6px; text-align: left; vertical-align: top;}
.pqa-wl th {background: #f3f3f3;}
.pqa-wl-overdue td:nth-child(7) {color: #a40000; font-weight: bold;}
.pqa-wl-late td:nth-child(7) {color: #9a5b00;}
.pqa-wl-ontime td:nth-child(7) {color: #1b6b1b;}
.pqa-wl-open td:nth-child(7) {color: #204a87;}
.pqa-wl tr.new, .pqa-wl tr[class*=" new"] {background: #fff7d6;}
.pqa-wl-banner {background: #fff7d6; border: 1px solid #e0c96b; padding: 4px 8px; margin: 4px 0;}
</style>"""


def _clip(text: str, width: int) -> str:
    return shorten(text, width, mark="…")
