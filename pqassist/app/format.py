"""HTML for the review app: pure functions from pqassist's plain data to display strings.

Nothing here decides anything; it only escapes, reflows and colours what the package's
functions return. Every piece of document or staffer text goes through ``html.escape``,
so a note or an answer holding ``<`` or ``&`` shows literally.
"""

from __future__ import annotations

import base64
import html
import re

from pqassist.model import PARLIAMENT_NAMES_NL, Analysis, Item, Mark, Meta, Suggestion, Verdict
from pqassist.drafting.templating import dutch_date

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

STYLE = """<style>
.pqa-app {box-sizing: border-box; padding-right: 6px; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; font-size: 14px; color: #1f2328;}
.pqa-app h2 {font-size: 20px; margin: 4px 0 2px 0;}
.pqa-app .widget-hbox {gap: 8px;}
.pqa-app .widget-vbox {gap: 6px;}
.pqa-meta {background: #f5f7fa; border: 1px solid #d8dee4; border-radius: 6px; padding: 8px 12px; line-height: 1.5;}
.pqa-meta .pqa-title {font-size: 17px; font-weight: 600;}
.pqa-muted {color: #57606a; font-size: 12.5px;}
.pqa-message {border-radius: 6px; padding: 8px 12px; margin: 4px 0;}
.pqa-message.pqa-error {background: #fde7e7; border: 1px solid #e5a0a0; color: #6b0f0f;}
.pqa-message.pqa-info {background: #e8f1fb; border: 1px solid #a8c5e8; color: #0b3a6e;}
.pqa-chip {display: inline-block; border-radius: 10px; padding: 0 8px; font-size: 12px; line-height: 20px; white-space: nowrap;}
.pqa-overview {border: 1px solid #d8dee4; border-radius: 6px; padding: 4px;}
.pqa-row {border-radius: 4px; margin: 1px 0;}
.pqa-row.pqa-current {background: #dbe9fb; outline: 1px solid #7aa7e0;}
.pqa-row button.pqa-open {text-align: left; justify-content: flex-start; white-space: normal; height: auto; min-height: 40px; line-height: 1.3; padding: 3px 6px; background: transparent; box-shadow: none; overflow: hidden;}
.pqa-row button.pqa-open:hover {background: #eef3f9;}
.pqa-row-state {text-align: right; line-height: 22px;}
.pqa-in {color: #1d5a1d; font-size: 15px;}
.pqa-out {color: #8c959f; font-size: 15px;}
.pqa-note textarea, .pqa-title-field input {font-family: inherit; font-size: 14px;}
.pqa-position {font-size: 15px;}
.pqa-pane {border: 1px solid #d8dee4; border-radius: 6px; padding: 6px 12px; background: #fff;}
.pqa-pane h4 {margin: 4px 0 6px 0; font-size: 13px; text-transform: uppercase; letter-spacing: .04em; color: #57606a;}
.pqa-pane p {margin: 0 0 8px 0; line-height: 1.5;}
.pqa-pane ol {margin: 4px 0 8px 0; padding-left: 22px; line-height: 1.45;}
.pqa-pane mark {background: #ffe27a; padding: 0 1px; border-radius: 2px;}
.pqa-pane details {margin: 6px 0; border-left: 3px solid #a8c5e8; padding-left: 8px;}
.pqa-pane summary {cursor: pointer; color: #0b5cad;}
.pqa-reason {background: #f6f8fa; border-radius: 6px; padding: 6px 12px; line-height: 1.5;}
.pqa-app pre.pqa-preview {white-space: pre-wrap; word-break: normal; overflow-wrap: break-word; box-sizing: border-box; max-width: 100%; font-family: Georgia, "DejaVu Serif", serif; font-size: 13.5px; line-height: 1.5; background: #fffdf7; border: 1px solid #e6dfc8; border-radius: 6px; padding: 10px 16px; margin: 0;}
.pqa-download a {font-weight: 600; overflow-wrap: anywhere;}
.pqa-download div {margin: 4px 0; white-space: normal; overflow-wrap: anywhere;}
.pqa-kbd {border: 1px solid #c8ccd1; border-bottom-width: 2px; border-radius: 3px; padding: 0 4px; font-size: 11.5px; background: #fafbfc;}
</style>"""


def esc(text: object) -> str:
    """Return ``text`` HTML-escaped (quotes too); ``None`` becomes ""."""
    return html.escape("" if text is None else str(text), quote=True)


def reflow(text: str) -> str:
    """Return ``text`` with hard line breaks inside paragraphs joined (form feeds end a
    paragraph); paragraphs stay separated by one blank line."""
    text = (text or "").replace("\r", "").replace("\f", "\n\n").replace("\v", " ")
    paras = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text)]
    return "\n\n".join(p for p in paras if p)


def shorten(text: str, limit: int = 70) -> str:
    """Return the first ``limit`` characters of ``text`` on one line, cut at a word."""
    line = " ".join((text or "").split())
    if len(line) <= limit:
        return line
    cut = line[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + " …"


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


def chip(verdict: Verdict | None, text: str | None = None) -> str:
    """Return a coloured label for ``verdict`` (grey "—" for none)."""
    if verdict is None:
        return '<span class="pqa-chip" style="background:#eef0f2;color:#57606a">—</span>'
    background, colour = VERDICT_COLOURS[verdict]
    label = esc(text if text is not None else verdict.label_nl)
    return f'<span class="pqa-chip" style="background:{background};color:{colour}">{label}</span>'


def meta_html(meta: Meta, source: str = "", items: int = 0) -> str:
    """Return the metadata block: title, number and date, questioner, minister."""
    asked = dutch_date(meta.asked_on)
    number = f"Vraag nr. {esc(meta.number)}" if meta.number else "Vraag zonder nummer"
    when = f" van {esc(asked)}" if asked else ""
    answered = f" · beantwoord op {esc(dutch_date(meta.answered_on))}" if meta.answered_on else ""
    house = PARLIAMENT_NAMES_NL.get(meta.parliament, meta.parliament)
    minister = esc(meta.addressee or meta.answerer or "onbekend")
    if meta.addressee_title:
        minister += f' <span class="pqa-muted">({esc(meta.addressee_title)})</span>'
    party = f" ({esc(meta.party)})" if meta.party else ""
    origin = f' · <span class="pqa-muted">bron: {esc(source)}</span>' if source else ""
    return (
        '<div class="pqa-meta">'
        f'<div class="pqa-title">{esc(meta.title or "Zonder titel")}</div>'
        f"<div>{number}{when}{answered} · {esc(house)} · {items} deelvragen{origin}</div>"
        f"<div><b>Vraagsteller:</b> {esc(meta.questioner or 'onbekend')}{party}</div>"
        f"<div><b>Minister:</b> {minister}</div>"
        "</div>"
    )


def row_label(item: Item) -> str:
    """Return the overview button text of ``item``: its id and the start of its question."""
    return f"{item.id}  {shorten(item.text, 80)}"


def row_state_html(suggested: Verdict | None, mark: Mark, decided: Verdict | None, include: bool) -> str:
    """Return the overview's right-hand cell: the suggested verdict, the staffer's decision
    (or "voorstel" when the suggestion stands), whether it goes into the follow-up, a note mark."""
    if mark.verdict is not None:
        decision = chip(decided, "✔ " + decided.label_nl)
    else:
        decision = '<span class="pqa-muted" title="het voorstel geldt">voorstel</span>'
    box = ('<span class="pqa-in" title="komt in de opvolgingsvraag">☑</span>' if include
           else '<span class="pqa-out" title="komt niet in de opvolgingsvraag">☐</span>')
    note = ' <span title="met notitie">✎</span>' if mark.note.strip() else ""
    return f'<div class="pqa-row-state">{chip(suggested)}<br>{decision} {box}{note}</div>'


def question_html(item: Item, suggestion: Suggestion | None) -> str:
    """Return the question pane: the item's text, then its asks one by one, with the
    question-side evidence highlighted."""
    phrases = [e.text for e in (suggestion.evidence if suggestion else ()) if e.source == "question"]
    phrases += list(suggestion.missing) if suggestion else []
    parts = [f"<h4>Vraag {esc(item.id)}</h4>"]
    if item.context.strip():
        parts.append(f'<div class="pqa-muted">{highlight(item.context)}</div>')
    parts.append(highlight(item.text, phrases))
    if len(item.asks) > 1 or (item.asks and reflow(item.asks[0].text) != reflow(item.text)):
        asks = "".join(f"<li>{highlight(a.text, phrases, inline=True)}</li>" for a in item.asks)
        parts.append(f'<div class="pqa-muted">Gevraagd ({len(item.asks)}):</div><ol>{asks}</ol>')
    return "".join(parts)


def answer_html(analysis: Analysis, item: Item, suggestion: Suggestion | None) -> str:
    """Return the answer pane: the aligned passage with the answer-side evidence marked,
    how it was aligned, what it refers to, and the passages it refers to (one click open)."""
    phrases = [e.text for e in (suggestion.evidence if suggestion else ()) if e.source == "answer"]
    text = analysis.answer_for(item.id)
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
    return "".join(parts)


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
            wanted += [i for i in known if i == target or (i.startswith(target) and i[len(target):].isalpha())]
    for link in analysis.links.get(item.id, ()):
        if link.kind == "reference":
            covers = analysis.dossier.passages[link.passage].covers
            wanted += [i for i in covers if i in known]
    return [i for i in dict.fromkeys(wanted) if i != item.id]


def reason_html(suggestion: Suggestion | None) -> str:
    """Return the one-line reason of the suggestion with its verdict and confidence."""
    if suggestion is None:
        return '<div class="pqa-reason pqa-muted">Geen voorstel voor deze deelvraag.</div>'
    return (
        f'<div class="pqa-reason"><b>Voorstel:</b> {chip(suggestion.verdict)} '
        f'<span class="pqa-muted">({round(suggestion.confidence * 100)}% zeker)</span> — '
        f"{esc(suggestion.reason)}</div>"
    )


def preview_html(text: str) -> str:
    """Return the follow-up draft text as a preformatted, escaped block."""
    return f'<pre class="pqa-preview">{esc(text)}</pre>'


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
