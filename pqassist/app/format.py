"""HTML for the review app: pure functions from pqassist's plain data to display strings.

Nothing here decides anything; it only escapes, reflows and colours what the package's
functions return. Every piece of document or staffer text goes through ``html.escape``,
so a note or an answer holding ``<`` or ``&`` shows literally.
"""

from __future__ import annotations

import base64
import html
import re

from pqassist.model import PARLIAMENT_NAMES_NL, Analysis, Item, Mark, Meta, Suggestion, Verdict, within
from pqassist.drafting.templating import dutch_date
from pqassist.text import shorten

# Background and text colour per verdict: greens for answered, warm for gaps, grey for withheld.
VERDICT_COLOURS = {
    Verdict.ANSWERED: ("#dcefdc", "#1d5a1d"),
    Verdict.PARTIAL: ("#fff1bf", "#6b5200"),
    Verdict.REFERRAL: ("#ffe2c2", "#7a3d00"),
    Verdict.NO_DATA: ("#fbd9cf", "#7a2a12"),
    Verdict.NOT_COMPETENT: ("#e9ddf6", "#4b2a78"),
    Verdict.DECLINED: ("#f7cccc", "#7a1414"),
    Verdict.GENERAL: ("#fbe7cf", "#6e4210"),
    Verdict.UNANSWERED: ("#f2b8b8", "#6b0f0f"),
    Verdict.WITHHELD: ("#e4e4e4", "#3c3c3c"),
}

MIME = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "md": "text/markdown",
    "txt": "text/plain",
}

from pqassist.app.style import STYLE, bring_into_view, row_cursor, scroll_to_mark  # noqa: E402,F401


def esc(text: object) -> str:
    """Return ``text`` HTML-escaped (quotes too); ``None`` becomes ""."""
    return html.escape("" if text is None else str(text), quote=True)


def reflow(text: str) -> str:
    """Return ``text`` with hard line breaks inside paragraphs joined and its paragraphs
    separated by one blank line.

    Paragraph ends are kept where the text shows them: a blank line or a form feed; in
    text cut into lines (a PDF), a line that ends a sentence well short of the full line
    width, or a line before a list item ("- ", "• ", "1. ", "a) "); in text whose line
    breaks were lost upstream (a federal row), a sentence end glued to the next sentence
    ("... in real time.Bij incidenten ...")."""
    text = (text or "").replace("\r", "").replace("\f", "\n\n").replace("\v", " ")
    paras: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        for para in _split_lines(block):
            paras.extend(_GLUED_SENTENCE.sub("\\1\n\n", " ".join(para.split())).split("\n\n"))
    return "\n\n".join(p.strip() for p in paras if p.strip())


_LIST_START = re.compile(r"^\s*(?:[-–•·▪*]\s|\d{1,2}[.)]\s|[a-z]\)\s|\(?[ivx]{1,4}\)\s)")
_GLUED_SENTENCE = re.compile(r"(?<=[a-zà-ÿ]{3})([.!?:])(?=[A-ZÀ-Ý][a-zà-ÿ]{2,}\b)")


def _split_lines(block: str) -> list[str]:
    """Return the paragraphs of a block of lines (see ``reflow``)."""
    lines = [line for line in block.split("\n") if line.strip()]
    if len(lines) < 2:
        return lines
    width = max(len(line.rstrip()) for line in lines)
    paras, current = [], [lines[0]]
    for previous, line in zip(lines, lines[1:]):
        prev = previous.rstrip()
        short = len(prev) < 0.72 * width and width >= 50
        if _LIST_START.match(line) or (short and re.search(r"[.!?:;]['\"”’)]*$", prev)):
            paras.append(" ".join(current))
            current = []
        current.append(line)
    paras.append(" ".join(current))
    return paras


def _phrase_pattern(phrase: str) -> re.Pattern | None:
    words = re.sub(r"\s*(\(…\)|…|\.\.\.)\s*$", "", phrase.strip()).split()
    if not words:
        return None
    return re.compile(r"\s+".join(re.escape(w) for w in words), re.IGNORECASE)


def find_spans(text: str, phrases) -> list[tuple[int, int]]:
    """Return the merged (start, end) spans where ``phrases`` occur in ``text`` (whitespace
    and case may differ; a phrase not found whole is looked for by its first eight words)."""
    spans = []
    for phrase in phrases:
        for candidate in (phrase, " ".join(phrase.split()[:8])):
            pattern = _phrase_pattern(candidate)
            match = pattern.search(text) if pattern else None
            if match:
                spans.append((match.start(), match.end()))
                break
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text: str, phrases=(), *, inline: bool = False) -> str:
    """Return ``text`` reflowed as escaped HTML paragraphs with ``phrases`` in ``<mark>``
    (``inline``: paragraphs joined by ``<br>`` instead of wrapped in ``<p>``)."""
    flowing = reflow(text)
    spans = find_spans(flowing, phrases)
    out, pos = [], 0
    for start, end in spans:
        out.append(esc(flowing[pos:start]))
        out.append(f"<mark>{esc(flowing[start:end])}</mark>")
        pos = end
    out.append(esc(flowing[pos:]))
    paras = [para for para in "".join(out).split("\n\n") if para]
    if inline:
        return "<br>".join(paras)
    return "".join(f"<p>{para}</p>" for para in paras)


def chip(verdict: Verdict | None, text: str | None = None, *, own: bool = False) -> str:
    """Return a coloured label for ``verdict`` (grey "—" for none); ``own`` outlines it as
    the staffer's own decision."""
    if verdict is None:
        return '<span class="pqa-chip" style="background:#eef0f2;color:#57606a">—</span>'
    background, colour = VERDICT_COLOURS[verdict]
    label = esc(text if text is not None else verdict.label_nl)
    extra = " pqa-own" if own else ""
    return f'<span class="pqa-chip{extra}" style="background:{background};color:{colour}">{label}</span>'


def meta_html(meta: Meta, source: str = "", items: int = 0, model: str | None = None) -> str:
    """Return the metadata block: title; number, date, parliament; questioner; who answered
    (with the office the answer names: "Staatssecretaris Van Rij") and to whom it was put;
    ``model`` says how the suggestions were made ("aangepast aan uw 12 eerdere
    beoordelingen") when the verdict model says so."""
    asked = dutch_date(meta.asked_on)
    number = f"Vraag nr. {esc(meta.number)}" if meta.number else "Vraag zonder nummer"
    when = f" van {esc(asked)}" if asked else ""
    answered = f" · beantwoord op {esc(dutch_date(meta.answered_on))}" if meta.answered_on else ""
    house = PARLIAMENT_NAMES_NL.get(meta.parliament, meta.parliament)
    party = f" ({esc(meta.party)})" if meta.party else ""
    origin = f' · <span class="pqa-muted">bron: {esc(source)}</span>' if source else ""
    people = [f"<b>Vraagsteller:</b> {esc(meta.questioner or 'onbekend')}{party}"]
    for label, value in office_holders(meta):
        people.append(f"<b>{esc(label)}:</b> {value}")
    if model:
        people.append(f'<span class="pqa-muted pqa-model">voorstellen {esc(model)}</span>')
    return (
        '<div class="pqa-meta">'
        f'<div class="pqa-title" title="{esc(meta.title or "")}">{esc(_capital(meta.title) or "Zonder titel")}</div>'
        f'<div class="pqa-meta-line">{number}{when}{answered} · {esc(house)} · {items} deelvragen{origin}</div>'
        f'<div class="pqa-meta-line">{" · ".join(people)}</div>'
        "</div>" + bring_into_view()
    )


def _capital(text: str | None) -> str:
    """Return ``text`` starting with a capital (Tweede Kamer titles are printed in lower case)."""
    text = " ".join((text or "").split())
    return text[:1].upper() + text[1:]


_OFFICE = re.compile(
    r"^(?:de\s+|het\s+)?(?P<office>minister-president|viceminister-president|vice-eersteminister|"
    r"eerste\s+minister|staatssecretaris|minister|viceminister|commissaris)\b\s*(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)


def office_holders(meta: Meta) -> list[tuple[str, str]]:
    """Return (label, HTML) lines for who answered and to whom the question was put.

    The answer line names the office holder ("Antwoord van Staatssecretaris Van Rij
    (Financiën), mede namens de Minister voor ..."): the label is that office, the value
    the name with the portfolio. Without such a line the addressee is shown under the
    office its title or name starts with ("Minister" when none)."""
    lines: list[tuple[str, str]] = []
    answerer = " ".join((meta.answerer or "").split())
    found = _OFFICE.match(answerer) if answerer else None
    rest = found.group("rest") if found else ""
    if found and rest and not re.match(r"(?:van|voor|belast)\b", rest):  # "Van Rij" is a name
        name, _, tail = rest.partition(",")
        detail = ""
        portfolio = re.match(r"(?P<name>[^(]+?)\s*\((?P<portfolio>[^)]*)\)\s*$", name)
        if portfolio:
            name, detail = portfolio.group("name"), portfolio.group("portfolio")
        value = esc(name.strip())
        extra = "; ".join(x for x in (detail.strip(), tail.strip()) if x)
        if extra:
            value += f' <span class="pqa-muted">({esc(extra)})</span>'
        lines.append((found.group("office").capitalize(), value))
        if meta.addressee:
            lines.append(("Gericht aan", esc(meta.addressee)))
        return lines
    who = meta.addressee or answerer or "onbekend"
    value = esc(who)
    if meta.addressee_title:
        value += f' <span class="pqa-muted">({esc(meta.addressee_title)})</span>'
    office = _OFFICE.match(meta.addressee_title or "") or _OFFICE.match(who)
    label = office.group("office").capitalize() if office else "Minister"
    if label.lower() in ("vlaams", "minister") or label == "Minister":
        label = "Minister"
    lines.append((label, value))
    return lines


def row_label(item: Item) -> str:
    """Return the overview button text of ``item``: its id and the start of its question."""
    return f"{item.id}  {shorten(item.text, 80)}"


def row_state_html(suggested: Verdict | None, mark: Mark, decided: Verdict | None, include: bool,
                   to_check: bool = False) -> str:
    """Return the overview's status line in words: the suggestion ("te controleren" beside it
    while the staffer has not judged an item that may well be a gap), the staffer's own
    verdict apart from it ("✔ gedeeltelijk", outlined), whether the item goes into the
    follow-up (and whether that is the staffer's choice), and a note mark."""
    parts = [f'<span class="pqa-muted">voorstel</span> {chip(suggested)}']
    if to_check and mark.verdict is None:
        parts[0] += f" {CHECK_MARK}"
    if mark.verdict is not None:
        parts.append(f'<span class="pqa-muted">uw oordeel</span> {chip(decided, "✔ " + decided.label_nl, own=True)}')
    own = " (uw keuze)" if mark.include is not None else ""
    if include:
        parts.append(f'<span class="pqa-in" title="komt in de opvolgingsvraag">in opvolgingsvraag{own}</span>')
    else:
        parts.append(f'<span class="pqa-out" title="komt niet in de opvolgingsvraag">niet opgenomen{own}</span>')
    if mark.note.strip():
        parts.append('<span title="met notitie">✎ notitie</span>')
    return f'<div class="pqa-row-state">{" · ".join(parts)}</div>'


def row_classes(mark: Mark, include: bool) -> set[str]:
    """Return the CSS classes of an overview row: in or out of the follow-up, and whether
    the staffer decided something on it (so an unticked item looks unlike the suggestion)."""
    classes = {"pqa-row-in" if include else "pqa-row-out"}
    if mark.verdict is not None or mark.include is not None or mark.note.strip():
        classes.add("pqa-row-own")
    return classes


def question_html(item: Item, suggestion: Suggestion | None) -> str:
    """Return the question pane: the item's text, then its asks one by one, with the
    question-side evidence highlighted (nothing highlighted when the answer says nothing
    about the item: then every word of it would be "evidence")."""
    phrases: list[str] = []
    if suggestion is not None and suggestion.verdict is not Verdict.UNANSWERED:
        phrases = [e.text for e in suggestion.evidence if e.source == "question"] + list(suggestion.missing)
    parts = [f"<h4>Vraag {esc(item.id)}</h4>"]
    if item.context.strip():
        parts.append(f'<div class="pqa-muted">{highlight(item.context)}</div>')
    parts.append(highlight(item.text, phrases))
    if len(item.asks) > 1 or (item.asks and reflow(item.asks[0].text) != reflow(item.text)):
        asks = "".join(f"<li>{highlight(a.text, phrases, inline=True)}</li>" for a in item.asks)
        parts.append(f'<div class="pqa-muted">Gevraagd ({len(item.asks)}):</div><ol>{asks}</ol>')
    parts.append(scroll_to_mark("pqa-pane"))
    return "".join(parts)


def answer_html(analysis: Analysis, item: Item, suggestion: Suggestion | None) -> str:
    """Return the answer pane: the aligned passage with the answer-side evidence marked,
    how it was aligned, what it refers to, and the passages it refers to (one click open)."""
    phrases = [e.text for e in (suggestion.evidence if suggestion else ()) if e.source == "answer"]
    text = answer_text(analysis, item.id)
    links = analysis.links.get(item.id, ())
    parts = ["<h4>Antwoord</h4>"]
    if text.strip():
        parts.append(highlight(text, phrases))
    else:
        parts.append('<p class="pqa-muted"><em>Geen enkele passage van het antwoord gaat over deze deelvraag.</em></p>')
    own = [link for link in links if link.kind != "reference"]
    if own:
        how = "; ".join(dict.fromkeys(link.reason for link in own))
        parts.append(f'<div class="pqa-muted">Gekoppeld via: {esc(how)}</div>')
    passages = {link.passage for link in own}
    refs = [r for r in analysis.references if r.passage in passages]
    if refs:
        listed = "; ".join(dict.fromkeys(f"{esc(r.target)} ({esc(_REF_KIND.get(r.kind, r.kind))})" for r in refs))
        parts.append(f'<div class="pqa-muted">Verwijst naar: {listed}</div>')
    for link in links:
        if link.kind != "reference":
            continue
        passage = analysis.dossier.passages[link.passage]
        label = passage.label.strip() or f"passage {passage.index + 1}"
        parts.append(
            f"<details><summary>Verwezen passage: {esc(label)} ({esc(link.reason)})</summary>"
            f"{highlight(passage.text)}</details>"
        )
    parts.append(scroll_to_mark("pqa-pane"))
    return "".join(parts)


def item_panes_html(analysis: Analysis, item: Item, suggestion: Suggestion | None) -> str:
    """Return the open item's panes as one piece of HTML: the question pane and the answer
    pane side by side (``question_html``, ``answer_html``), the suggestion's reason below
    (``reason_html``); the stylesheet lays them out (``.pqa-panes``)."""
    return (f'<div class="{PANE_CLASSES["question"]}">{question_html(item, suggestion)}</div>'
            f'<div class="{PANE_CLASSES["answer"]}">{answer_html(analysis, item, suggestion)}</div>'
            f'<div class="{PANE_CLASSES["reason"]}">{reason_html(suggestion)}</div>')


PANE_CLASSES = {"question": "pqa-pane pqa-question", "answer": "pqa-pane pqa-answer", "reason": "pqa-reason-box"}


def answer_text(analysis: Analysis, item_id: str) -> str:
    """Return the answer aligned to ``item_id`` as the document lays it out: its own line
    breaks kept (so that ``reflow`` can find the paragraphs), page furniture left out; the
    parsed passage text where the dossier has no segments."""
    dossier = analysis.dossier
    if not dossier.segments:
        return analysis.answer_for(item_id)
    parts = []
    for link in analysis.links.get(item_id, ()):
        if link.kind == "reference":
            continue
        passage = dossier.passages[link.passage]
        start, end = (link.start, link.end) if link.start is not None and link.end is not None else (passage.start, passage.end)
        parts.append(_without_furniture(dossier, start, end).strip() or passage.text)
    return "\n\n".join(p for p in parts if p)


def _without_furniture(dossier, start: int, end: int) -> str:
    """Return ``dossier.text[start:end]`` without the spans the cleaning removed."""
    pieces, pos = [], start
    for segment in dossier.segments:
        if segment.end <= start or segment.start >= end or segment.kind != "furniture":
            continue
        pieces.append(dossier.text[pos : max(pos, segment.start)])
        pos = max(pos, min(end, segment.end))
    pieces.append(dossier.text[pos:end])
    return "".join(pieces)


_REF_KIND = {
    "item": "ander antwoord",
    "question": "andere vraag",
    "document": "document",
    "website": "website",
    "letter": "brief",
    "debate": "debat",
    "earlier": "eerder antwoord",
}


def referred_items(analysis: Analysis, item: Item) -> list[str]:
    """Return the ids of the other items whose answers this item's answer refers to."""
    known = [i.id for i in analysis.dossier.items]
    passages = {link.passage for link in analysis.links.get(item.id, ()) if link.kind != "reference"}
    wanted: list[str] = []
    for ref in analysis.references:
        if ref.kind != "item" or ref.passage not in passages or ref.target == "vorige":
            continue
        for target in ref.target.split(", "):
            wanted += [i for i in known if within(i, target)]
    for link in analysis.links.get(item.id, ()):
        if link.kind == "reference":
            covers = analysis.dossier.passages[link.passage].covers
            wanted += [i for i in covers if i in known]
    return [i for i in dict.fromkeys(wanted) if i != item.id]


LEGEND = ('<span class="pqa-legend"><mark>geel</mark> = de woorden waarop het voorstel steunt</span>')


CHECK_MARK = ('<span class="pqa-check" title="geen hiaat voorgesteld, maar de kans op een hiaat is groot genoeg '
              'om het antwoord zelf na te lezen">te controleren</span>')


def reason_html(suggestion: Suggestion | None) -> str:
    """Return the one-line reason of the suggestion with its verdict and confidence ("te
    controleren" and the probability of a gap when no gap is suggested but one is likely
    enough to look), and the legend of the yellow highlight when something is highlighted."""
    if suggestion is None:
        return '<div class="pqa-reason pqa-muted">Geen voorstel voor deze deelvraag.</div>'
    marked = bool(suggestion.evidence) or (bool(suggestion.missing) and suggestion.verdict is not Verdict.UNANSWERED)
    legend = f" · {LEGEND}" if marked else ""
    check = f" · {CHECK_MARK}: {esc(suggestion.check_detail_nl)}" if suggestion.to_check else ""
    return (
        f'<div class="pqa-reason"><b>Voorstel:</b> {chip(suggestion.verdict)} '
        f'<span class="pqa-muted">({round(suggestion.confidence * 100)}% zeker)</span> — '
        f"{esc(suggestion.reason)}{check}{legend}</div>"
    )


def message_html(text: str, kind: str = "info") -> str:
    """Return a message box (``kind`` "error" or "info"); "" for no text."""
    if not text:
        return ""
    return f'<div class="pqa-message pqa-{kind}">{esc(text)}</div>'


def download_link(name: str, data: bytes, fmt: str) -> str:
    """Return an ``<a download>`` link holding ``data`` as a data URI (works in JupyterLab
    and Voilà alike, no file server needed)."""
    payload = base64.b64encode(data).decode("ascii")
    mime = MIME.get(fmt, "application/octet-stream")
    return (
        f'<a download="{esc(name)}" href="data:{mime};base64,{payload}" '
        f'title="{esc(name)}">⬇ Download {esc(name)}</a>'
    )
