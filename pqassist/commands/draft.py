"""``pqassist draft FILE [--answer FILE] [--marks marks.json] -o OUT``: write the follow-up."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pqassist.model import EXPORT_FORMATS as FORMATS


def register(subparsers, name: str) -> argparse.ArgumentParser:
    """Add the draft command to ``subparsers`` and return its parser."""
    parser = subparsers.add_parser(
        name,
        help="schrijf de opvolgingsvraag als Word-document (of .md/.txt)",
        description=(
            "Lees een schriftelijke vraag met het antwoord, neem de beslissingen uit een "
            "beoordelingsbestand (marks.json) over, of zonder dat bestand de voorgestelde "
            "oordelen, en schrijf de opvolgingsvraag. Een bestaand bestand wordt nooit "
            "overschreven: de nieuwe versie krijgt de naam 'NAAM (2).docx'."
        ),
    )
    parser.add_argument("file", metavar="FILE", help="vraag met antwoord (.txt, .pdf, .docx)")
    parser.add_argument("--answer", metavar="FILE", help="het antwoord als apart bestand")
    parser.add_argument("--marks", metavar="JSON",
                        help="beoordelingsbestand (marks.json); zonder: de voorgestelde oordelen")
    parser.add_argument("-o", "--output", metavar="OUT",
                        help="doelbestand of map (standaard: de huidige map; .md/.txt zonder -o: "
                        "naar het scherm)")
    parser.add_argument("--format", choices=FORMATS, default=None,
                        help="docx, md of txt (standaard: volgens de extensie van OUT, anders docx)")
    parser.add_argument("--templates", metavar="DIR",
                        help="eigen sjabloonmap die afzonderlijke sjablonen vervangt "
                        "(ook via PQASSIST_TEMPLATES)")
    return parser


def run(args: argparse.Namespace) -> int:
    """Draft and write the follow-up; print the path written (or the text); return 0."""
    from pqassist.drafting.compose import draft, name_ids, stray_mark_ids
    from pqassist.drafting.export import export_text, write_export
    from pqassist.parse.load import load_dossier
    from pqassist.analysis.pipeline import analyse
    from pqassist.drafting.review import load_review
    from pqassist.commands import announce_slow_first_run

    announce_slow_first_run()
    fmt = _check_format(args.output, args.format)
    settings = {"template_dir": args.templates} if args.templates else None
    dossier = load_dossier(args.file, answer=args.answer)
    analysis = analyse(dossier)
    review = None
    if args.marks:
        review = load_review(args.marks)
        if review.dossier_key != dossier.key:
            print(
                f"pqassist: let op: {args.marks} hoort bij een andere versie van het document; "
                "de beslissingen worden per deelvraag overgenomen",
                file=sys.stderr,
            )
        stray = stray_mark_ids(analysis, review)
        if stray:
            print(f"pqassist: let op: {args.marks} heeft beslissingen voor deelvragen die niet in het "
                  f"document staan: {name_ids(stray)}; die worden niet gebruikt", file=sys.stderr)
    followup = draft(analysis, review, settings=settings)
    if args.output is None and fmt != "docx":
        sys.stdout.write(export_text(followup, fmt))
        return 0
    path = write_export(followup, Path(args.output) if args.output else Path.cwd(), fmt, settings=settings)
    print(path)
    return 0


def _check_format(output: str | None, fmt: str | None) -> str:
    """Return the format to write: --format, else OUT's extension, else docx; raise
    ExportProblem when OUT's extension contradicts it."""
    from pqassist.errors import ExportProblem

    out = Path(output) if output else None
    suffix = out.suffix.lower().lstrip(".") if out and out.suffix and not out.is_dir() else ""
    if suffix and suffix not in FORMATS:
        raise ExportProblem(f"{output}: kies een bestand .docx, .md of .txt, of een map")
    if fmt and suffix and suffix != fmt:
        raise ExportProblem(f"{output} heeft niet de extensie .{fmt}; pas -o of --format aan")
    return fmt or suffix or "docx"
