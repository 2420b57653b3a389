"""The review app's stylesheet and its few scroll behaviours: a layout that fits a 1366x768
laptop screen and 1024 px, in Voilà and in JupyterLab.

One grid of three columns (overview, the open item, the draft of the open item) whose
middle column may shrink to nothing rather than push the others out of the page; the
question and answer panes and the lists scroll inside themselves, with heights taken from
the viewport, so that the verdict control, the include box, the note and the draft of the
open item stay on screen in Voilà and in JupyterLab alike.
"""

from __future__ import annotations

import html

# Heights below the panes and above them, in px, that the panes leave to the rest of the
# screen: tab bar, folded open panel, message, metadata, navigation; reason, decision, note.
ABOVE_PANES = 250
BELOW_PANES = 170
# The open row of the overview, and the open item's question in the whole draft.
CURRENT_ROW = "background: #dbe9fb; outline: 1px solid #7aa7e0;"
HERE = "background: #ffe9a8; border-radius: 2px;"
LAB_BARS = 170  # JupyterLab's menu, tab, toolbar and status bars above and below a notebook

STYLE = f"""<style>
.pqa-app {{box-sizing: border-box; width: 100%; max-width: 1600px; padding: 0 4px 0 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; font-size: 14px; color: #1f2328;}}
.pqa-app * {{box-sizing: border-box;}}
.pqa-app .widget-hbox {{gap: 8px;}}
.pqa-app .widget-vbox {{gap: 5px;}}
.pqa-app .widget-tab > .widget-tab-contents, .pqa-app .lm-TabPanel-stackedPanel, .pqa-app .p-TabPanel-stackedPanel {{padding: 6px 2px 2px 2px;}}
.pqa-app .widget-accordion .jupyter-widget-Collapse-contents, .pqa-app .widget-accordion .p-Collapse-contents {{padding: 6px;}}
.pqa-app .jupyter-widget-Collapse-header, .pqa-app .p-Collapse-header {{padding: 4px 8px;}}
.pqa-work {{min-width: 0; container-type: inline-size; container-name: pqa-work;}}
.pqa-main {{display: grid !important; grid-template-columns: minmax(200px, 250px) minmax(0, 1fr) minmax(260px, 340px); gap: 10px; align-items: start; width: 100%;}}
.pqa-main > * {{min-width: 0 !important; margin: 0 !important;}}
@container pqa-work (max-width: 1220px) {{
  .pqa-main {{grid-template-columns: minmax(170px, 200px) minmax(0, 1fr) minmax(230px, 270px);}}
  .pqa-app {{font-size: 13.5px;}}
  .pqa-app .pqa-verdict {{width: 230px !important;}}
  .pqa-app .pqa-jump {{width: 96px !important;}}
  .pqa-app .pqa-prev, .pqa-app .pqa-next {{padding: 0 8px;}}
  .pqa-position {{font-size: 14px;}}
}}
@container pqa-work (max-width: 1000px) {{
  .pqa-main {{grid-template-columns: minmax(150px, 180px) minmax(0, 1fr) minmax(210px, 240px);}}
  .pqa-app .pqa-jump {{width: 80px !important;}}
  .pqa-app .pqa-verdict {{width: 190px !important;}}
  .pqa-app .pqa-verdict .widget-label {{display: none;}}
  .pqa-app .pqa-prev, .pqa-app .pqa-next {{font-size: 0 !important; min-width: 32px;}}
  .pqa-app .pqa-prev i, .pqa-app .pqa-next i {{font-size: 14px; margin: 0 !important;}}
}}
.pqa-col-item, .pqa-col-side {{min-width: 0;}}
.pqa-meta {{background: #f5f7fa; border: 1px solid #d8dee4; border-radius: 6px; padding: 3px 10px; line-height: 1.35; overflow: hidden;}}
.pqa-meta .pqa-meta-line {{font-size: 13px;}}
.pqa-meta-box, .pqa-meta-box > .widget-html-content, .pqa-messages, .pqa-messages > .widget-html-content {{min-width: 0 !important; max-width: 100%; overflow: hidden;}}
.pqa-meta-box > .widget-html-content, .pqa-messages > .widget-html-content {{display: block; width: 100%;}}
.pqa-meta .pqa-title {{font-size: 15.5px; font-weight: 600; white-space: nowrap; overflow: hidden; text-overflow: ellipsis;}}
.pqa-meta .pqa-meta-line {{white-space: nowrap; overflow: hidden; text-overflow: ellipsis;}}
.pqa-muted {{color: #57606a; font-size: 12.5px;}}
.pqa-messages {{max-height: 48px; overflow: auto;}}
.pqa-message {{border-radius: 6px; padding: 3px 10px; margin: 0; font-size: 13px; line-height: 1.4;}}
.pqa-message.pqa-error {{background: #fde7e7; border: 1px solid #e5a0a0; color: #6b0f0f;}}
.pqa-message.pqa-info {{background: #e8f1fb; border: 1px solid #a8c5e8; color: #0b3a6e;}}
.pqa-message.pqa-notice {{background: #fff4d6; border: 1px solid #e6c46b; color: #5c4300;}}
.pqa-chip {{display: inline-block; border-radius: 10px; padding: 0 7px; font-size: 12px; line-height: 19px; white-space: nowrap;}}
.pqa-chip.pqa-own {{outline: 2px solid currentColor; outline-offset: -2px; font-weight: 600;}}
.pqa-overview {{border: 1px solid #d8dee4; border-radius: 6px; padding: 3px; max-height: calc(100vh - 190px); min-height: 200px; overflow: auto;}}
.pqa-row {{border-radius: 4px; margin: 1px 0; padding: 1px 2px 3px 2px; border-left: 4px solid transparent; flex: 0 0 auto !important;}}
.pqa-row > * {{flex: 0 0 auto !important;}}
.pqa-row.pqa-current {{{CURRENT_ROW}}}
.pqa-row.pqa-row-in {{border-left-color: #2e7d32;}}
.pqa-row.pqa-row-out button.pqa-open {{color: #6e7781;}}
.pqa-row.pqa-row-own {{background-image: linear-gradient(90deg, #fff7d6 0, #fff7d6 6px, transparent 6px);}}
.pqa-row button.pqa-open {{text-align: left; justify-content: flex-start; white-space: normal; height: auto; min-height: 22px; line-height: 1.3; padding: 2px 4px; background: transparent; box-shadow: none; overflow: hidden; font-size: 13px;}}
.pqa-row button.pqa-open:hover {{background: #eef3f9;}}
.pqa-row-state {{line-height: 21px; font-size: 12px; padding-left: 4px;}}
.pqa-row-state .pqa-in {{color: #1d5a1d; font-weight: 600;}}
.pqa-row-state .pqa-out {{color: #6e7781;}}
.pqa-check {{color: #7a4b00; background: #fff4d6; border: 1px dashed #bf8700; border-radius: 3px; padding: 0 4px;
  white-space: nowrap;}}
.pqa-legend {{font-size: 12px; color: #57606a; line-height: 1.5;}}
.pqa-legend mark {{background: #ffe27a; border-radius: 2px; padding: 0 2px;}}
.pqa-note textarea, .pqa-title-field input {{font-family: inherit; font-size: 14px;}}
.pqa-position {{font-size: 15px; white-space: nowrap;}}
.pqa-panes > .widget-html-content {{display: grid !important; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 5px 8px; width: 100%; min-width: 0;}}
.pqa-panes .pqa-reason-box {{grid-column: 1 / -1; min-width: 0;}}
.pqa-pane {{border: 1px solid #d8dee4; border-radius: 6px; padding: 4px 10px; background: #fff; min-width: 0 !important; width: auto !important;
  max-height: max(150px, calc(100vh - {ABOVE_PANES + BELOW_PANES}px)); overflow: auto !important; overflow-wrap: anywhere;}}
.jp-NotebookPanel .pqa-pane {{max-height: max(150px, calc(100vh - {ABOVE_PANES + BELOW_PANES + LAB_BARS}px));}}
.jp-NotebookPanel .pqa-overview {{max-height: calc(100vh - {190 + LAB_BARS}px);}}
.jp-NotebookPanel .pqa-current-draft {{max-height: max(110px, calc(100vh - {520 + LAB_BARS}px));}}
.jp-NotebookPanel .pqa-preview-box {{max-height: max(120px, calc(100vh - {560 + LAB_BARS}px));}}
.pqa-pane h4 {{margin: 2px 0 4px 0; font-size: 12.5px; text-transform: uppercase; letter-spacing: .04em; color: #57606a;}}
.pqa-pane p {{margin: 0 0 7px 0; line-height: 1.5;}}
.pqa-pane ol {{margin: 4px 0 8px 0; padding-left: 22px; line-height: 1.45;}}
.pqa-pane mark {{background: #ffe27a; padding: 0 1px; border-radius: 2px;}}
.pqa-pane details {{margin: 6px 0; border-left: 3px solid #a8c5e8; padding-left: 8px;}}
.pqa-pane summary {{cursor: pointer; color: #0b5cad;}}
.pqa-reason {{background: #f6f8fa; border-radius: 6px; padding: 3px 10px; line-height: 1.45; max-height: 48px; overflow: auto; font-size: 13px;}}
.pqa-decide {{flex-wrap: wrap; align-items: center;}}
.pqa-decide .widget-dropdown > select {{font-size: 14px;}}
.pqa-side {{border: 1px solid #e6dfc8; border-radius: 6px; background: #fffdf7; padding: 6px 8px;}}
.pqa-side h4 {{margin: 0 0 4px 0; font-size: 12.5px; text-transform: uppercase; letter-spacing: .04em; color: #6b5a2a;}}
.pqa-current-draft {{font-family: Georgia, "DejaVu Serif", serif; font-size: 13.5px; line-height: 1.5; max-height: max(120px, calc(100vh - 520px)); overflow: auto;}}
.pqa-current-draft .pqa-out-note {{font-family: system-ui, sans-serif; color: #57606a; font-size: 12.5px;}}
.pqa-app pre.pqa-preview {{white-space: pre-wrap; word-break: normal; overflow-wrap: break-word; max-width: 100%; font-family: Georgia, "DejaVu Serif", serif; font-size: 12.5px; line-height: 1.45; background: #fff; border: 1px solid #e6dfc8; border-radius: 6px; padding: 6px 10px; margin: 0;}}
.pqa-preview-box {{max-height: max(140px, calc(100vh - 560px)); overflow: auto;}}
.pqa-app pre.pqa-preview mark.pqa-q {{background: transparent; color: inherit; padding: 0;}}
.pqa-export-row {{flex-wrap: wrap; align-items: center; row-gap: 0 !important;}}
.pqa-export-row .widget-checkbox {{max-width: 100%; height: auto;}}
.pqa-export-row .widget-checkbox label {{white-space: normal; overflow-wrap: anywhere; line-height: 1.3;}}
.pqa-download a {{font-weight: 600; overflow-wrap: anywhere;}}
.pqa-download div {{margin: 2px 0; white-space: normal; overflow-wrap: anywhere; font-size: 12.5px;}}
.pqa-kbd {{border: 1px solid #c8ccd1; border-bottom-width: 2px; border-radius: 3px; padding: 0 4px; font-size: 11.5px; background: #fafbfc;}}
.pqa-footer {{margin-top: 4px;}}
</style>"""


def scroll_to_mark(container: str) -> str:
    """Return an invisible element that, once shown, scrolls the nearest ``container`` (a
    CSS class) so that its first ``<mark>`` is in view (to the top when there is none).

    A widget's HTML runs no ``<script>``; an image that fails to load (an empty data URI,
    no request leaves the page) runs its ``onerror`` handler each time the HTML changes."""
    code = (
        f"var b=this.closest('.{container}');if(b){{var m=b.querySelector('mark');"
        "b.scrollTop=m?Math.max(0,b.scrollTop+m.getBoundingClientRect().top-b.getBoundingClientRect().top-48):0;}"
    )
    return f'<img alt="" src="data:," style="display:none" onerror="{html.escape(code, quote=True)}">'


RETRY_MS, RETRIES = 50, 100  # a hint shown before its page is complete tries again for 5 s


def _hint(code: str, **data: object) -> str:
    """Return an invisible image that runs ``code`` each time it is shown (see ``scroll_to_mark``)."""
    attributes = "".join(f' data-{name}="{html.escape(str(value), quote=True)}"' for name, value in data.items())
    return f'<img alt="" src="data:," style="display:none"{attributes} onerror="{html.escape(code, quote=True)}">'


def row_cursor(index: int, turn: int = 0) -> str:
    """Return what marks overview row ``index`` (0-based) as the open one, in one piece of
    HTML instead of a change to the old row, the new row and its status line: a style rule
    that highlights the row, and a hint that gives that row (only) the class ``pqa-current``
    and scrolls the list to it when it is out of view. The hint waits (up to 5 s) until its
    rows are on the page, and a hint replaced before that does nothing. ``turn`` makes each
    showing differ, so that the same row opened in a new dossier is marked again."""
    rule = f".pqa-app .pqa-overview .pqa-row:nth-child({int(index) + 1}) {{{CURRENT_ROW}}}"
    code = (
        f"var h=this,n={int(index)},k=0;function go(){{var a=h.isConnected&&h.closest('.pqa-app'),"
        "r=a?a.querySelectorAll('.pqa-overview .pqa-row'):[];"
        f"if(r.length<=n){{if(++k<{RETRIES})setTimeout(go,{RETRY_MS});return;}}"
        "for(var i=0;i<r.length;i++){r[i].classList.toggle('pqa-current',i===n);}"
        "var b=r[n].closest('.pqa-overview'),t=r[n].getBoundingClientRect(),v=b.getBoundingClientRect();"
        "if(t.top<v.top||t.bottom>v.bottom){b.scrollTop+=t.top-v.top-40;}}go();"
    )
    return f"<style>{rule}</style>" + _hint(code, row=int(index), turn=int(turn))


def question_cursor(number: int | None) -> str:
    """Return what marks question ``number`` of the whole draft (``preview_html`` wraps each
    question in ``<mark class="pqa-q" data-q="N">``) as the open item's and scrolls the
    draft to it (to the top when ``number`` is None): a style rule and a hint, shown with
    the open item's draft, so that the whole draft is not sent again on every switch. The
    draft runs the same hint when it changes (``scroll_to_question``)."""
    rule = "" if number is None else f'<style>.pqa-app pre.pqa-preview mark.pqa-q[data-q="{int(number)}"] {{{HERE}}}</style>'
    return rule + _hint(SCROLL_TO_QUESTION, here="" if number is None else int(number))


# Scroll the side panel's whole draft to the question the open item's draft names.
SCROLL_TO_QUESTION = (
    "var s=this.closest('.pqa-side');if(s){var c=s.querySelector('.pqa-current-box [data-here]'),"
    "b=s.querySelector('.pqa-preview-box');if(b){var q=c?c.getAttribute('data-here'):'',"
    "m=q?b.querySelector('mark.pqa-q[data-q=\"'+q+'\"]'):null;"
    "b.scrollTop=m?Math.max(0,b.scrollTop+m.getBoundingClientRect().top-b.getBoundingClientRect().top-48):0;}}"
)


def scroll_to_question() -> str:
    """Return the hint of the whole draft: scroll to the open item's question (see ``question_cursor``)."""
    return _hint(SCROLL_TO_QUESTION)


def bring_into_view() -> str:
    """Return an invisible element that scrolls the page (Voilà) or the notebook (JupyterLab)
    so that the app starts at the top of the screen: a dossier was just opened, and the
    work area needs the whole screen (see ``scroll_to_mark`` for how it runs)."""
    code = (
        "var a=this.closest('.pqa-app');var go=function(){if(a&&a.getBoundingClientRect().top>1)"
        "{a.scrollIntoView({block:'start'});}};go();setTimeout(go,400);setTimeout(go,1200);"
    )
    return f'<img alt="" src="data:," style="display:none" onerror="{html.escape(code, quote=True)}">'
