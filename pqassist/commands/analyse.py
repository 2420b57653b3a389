"""``pqassist analyse FILE [--answer FILE] [--json]``: the dossier with its suggested gaps.

The JSON is a contract other tools rely on (see the README); without ``--json`` a
side-by-side summary is printed for a person.
"""

from __future__ import annotations

import json
import os
import sys
import textwrap

from pqassist.commands import time_limit_seconds
from pqassist.model import Analysis
from pqassist.serialize import analysis_to_json as analysis_json  # the JSON contract lives in the core


def register(subparsers, name: str):
    """Add the ``analyse`` command to ``subparsers`` and return its parser."""
    parser = subparsers.add_parser(
        name,
        help="analyseer een schriftelijke vraag en haar antwoord",
        description="Lees een schriftelijke vraag en haar antwoord, zet elke deelvraag naast de "
        "passage die erop antwoordt en stel voor wat onbeantwoord bleef.",
    )
    parser.add_argument("file", metavar="BESTAND",
                        help="de vraag (en het antwoord): .txt, .pdf, .docx, of RIJEN.jsonl.gz#ID")
    parser.add_argument("--answer", metavar="BESTAND", help="het antwoord als apart bestand")
    parser.add_argument("--json", action="store_true", help="geef één JSON-object (het gedocumenteerde formaat)")
    parser.add_argument(
        "--time-limit", type=time_limit_seconds, default=None, metavar="SECONDEN",
        help="stop met exitcode 2 als lezen en analyseren langer duren "
        "(standaard: $PQASSIST_TIME_LIMIT, anders 10 s; 0: geen grens)",
    )
    return parser


def run(args) -> int:
    """Run the command; return the exit code.

    Reading and analysing one document stop after the time limit (``--time-limit``,
    ``$PQASSIST_TIME_LIMIT``, else ``timelimit.ANALYSIS_SECONDS``) with ``TooSlow``:
    exit 2 and one line.
    """
    from pqassist.analysis.timelimit import call_with_limit, default_seconds
    from pqassist.commands import announce_slow_first_run

    announce_slow_first_run()
    seconds = getattr(args, "time_limit", None)
    seconds = default_seconds() if seconds is None else seconds  # 0: no limit, as in batch
    analysis = call_with_limit(analyse_file, args.file, args.answer, seconds=seconds,
                               what=f"de analyse van {_name(args.file)}")
    from pqassist.analysis.verdict_model import model_problem

    problem = model_problem()
    if problem:
        print(f"let op: {problem.rstrip('.')}. Het standaardmodel is gebruikt.", file=sys.stderr)
    if args.json:
        json.dump(analysis_json(analysis), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(summary(analysis))
    return 0


def analyse_file(file: str, answer: str | None = None) -> Analysis:
    """Return the analysis of ``file`` (with ``answer`` when separate): read, parse, analyse."""
    from pqassist.analysis.pipeline import analyse
    from pqassist.parse.load import load_dossier

    return analyse(load_dossier(file, answer=answer))


def _name(file: str) -> str:
    from pathlib import PurePath

    return PurePath(str(file)).name or str(file)


def _terminal_columns(fallback: int) -> int:
    """Return $COLUMNS, else the terminal's width, else ``fallback`` (as shutil does, without
    importing it and the compression modules it brings)."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns > 0:
        return columns
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns or fallback
    except (AttributeError, ValueError, OSError):
        return fallback


def summary(analysis: Analysis, width: int | None = None) -> str:
    """Return a readable side-by-side summary: each question beside its answer and verdict."""
    width = width or min(max(_terminal_columns(110), 80), 160)
    column = (width - 3) // 2
    dossier = analysis.dossier
    meta = dossier.meta
    lines = [
        meta.title or "(zonder titel)",
        " · ".join(
            part
            for part in (
                f"nr. {meta.number}" if meta.number else "",
                meta.asked_on.isoformat() if meta.asked_on else "",
                meta.questioner or "",
                f"aan {meta.addressee}" if meta.addressee else "",
            )
            if part
        ),
    ]
    lines += [f"! {notice}" for notice in dossier.notices]
    lines.append("=" * width)
    for item in dossier.items:
        suggestion = analysis.suggestions.get(item.id)
        verdict = suggestion.verdict.label_nl.upper() if suggestion else "?"
        lines.append(f"[{item.id}] {verdict}" + (f" — {suggestion.reason}" if suggestion else "")
                     + (f" (te controleren: {suggestion.check_detail_nl})" if suggestion and suggestion.to_check else ""))
        left = textwrap.wrap(item.text, column) or [""]
        right = textwrap.wrap(analysis.answer_for(item.id) or "(geen antwoord)", column)
        if len(right) > 12:
            right = right[:12] + ["…"]
        for index in range(max(len(left), len(right))):
            a = left[index] if index < len(left) else ""
            b = right[index] if index < len(right) else ""
            lines.append(f"{a:<{column}} | {b}")
        if suggestion and suggestion.evidence:
            quote = "; ".join(f"«{e.text}»" for e in suggestion.evidence[:2])
            lines += textwrap.wrap(f"bewijs: {quote}", width, subsequent_indent="        ")
        lines.append("-" * width)
    if dossier.unassigned:
        lines += textwrap.wrap(f"Niet toegewezen: {dossier.unassigned}", width)
    return "\n".join(lines) + "\n"
