"""``pqassist batch SOURCE... -o OUT``: analyse many documents and write tidy tables."""

from __future__ import annotations

import argparse
import sys

from pqassist.commands import time_limit_seconds

SHOWN_ERRORS = 10


def register(subparsers, name: str) -> argparse.ArgumentParser:
    """Add the batch command to ``subparsers`` and return its parser."""
    parser = subparsers.add_parser(
        name,
        help="analyseer een map documenten of een JSON-lines-bestand en schrijf tabellen",
        description=(
            "Analyseer veel schriftelijke vragen tegelijk en schrijf drie tabellen: documents "
            "(een rij per vraag, met termijn en aantallen per oordeel), items (een rij per "
            "deelvraag) en errors (overgeslagen documenten). In een map: NAAM.txt/.pdf/.docx "
            "bevat vraag en antwoord; NAAM.vraag.EXT met NAAM.antwoord.EXT zijn vraag en "
            "antwoord apart; *.jsonl(.gz) bevat een record van de Kamer per regel."
        ),
    )
    parser.add_argument("sources", nargs="+", metavar="SOURCE",
                        help="map, document (.txt/.pdf/.docx) of .jsonl(.gz)-bestand")
    parser.add_argument("-o", "--output", required=True, metavar="OUT",
                        help="out.xlsx (een werkmap, drie bladen), out.csv (out.documents.csv, "
                        "out.items.csv, out.errors.csv) of out.parquet (idem .parquet)")
    parser.add_argument("-w", "--workers", type=int, default=None, metavar="N",
                        help="aantal processen (standaard en hoogstens: de beschikbare processorkernen)")
    parser.add_argument("--overwrite", action="store_true",
                        help="bestaande uitvoer overschrijven (anders: OUT (2), OUT (3) ...)")
    parser.add_argument("--time-limit", type=time_limit_seconds, default=None, metavar="SECONDEN",
                        help="hoe lang een document mag duren; daarna wordt het overgeslagen en "
                        "vermeld (standaard: $PQASSIST_TIME_LIMIT, anders 10 s; 0: geen grens)")
    parser.add_argument("-q", "--quiet", action="store_true",
                        help="geen voortgangsbalk en geen samenvatting")
    parser.add_argument("--terms", metavar="CSV",
                        help="eigen termijnentabel in plaats van pqassist/data/terms.csv")
    parser.add_argument("--term", action="append", default=[], metavar="PARLEMENT=AANTAL",
                        help="termijn aanpassen, bv. --term kamer=20 of --term kamer=4weken "
                        "(wordt als niet-geverifieerd gemarkeerd)")
    return parser


def run(args: argparse.Namespace) -> int:
    """Run the batch; return 0 when at least one document was analysed, 1 when none was.

    The output is checked before any analysis (a bad name, a missing or read-only
    folder: exit 2, one line); existing output is kept unless ``--overwrite``;
    ``--workers`` above the number of cores is lowered with a note.
    """
    from pqassist.corpus.batch import default_workers, write_batch
    from pqassist.corpus.sources import iter_jobs
    from pqassist.corpus.tables import check_writable, free_output
    from pqassist.errors import BatchProblem
    from pqassist.corpus.timeliness import load_terms, override_term

    if args.workers is not None and args.workers < 1:
        raise BatchProblem("--workers moet minstens 1 zijn")
    # fail on a bad or unwritable OUT before any work
    check_writable(free_output(args.output, overwrite=args.overwrite), overwrite=args.overwrite)
    workers = args.workers
    cores = default_workers()
    if workers is not None and workers > cores:
        print(f"pqassist: --workers {workers} verlaagd naar {cores}, het aantal beschikbare "
              "processorkernen", file=sys.stderr)
        workers = cores
    if next(iter_jobs(args.sources), None) is None:
        raise BatchProblem(
            "geen documenten gevonden in " + ", ".join(args.sources)
            + ": verwacht .txt, .pdf, .docx of .jsonl(.gz)"
        )
    terms = load_terms(args.terms)
    for spec in args.term:
        terms = override_term(terms, spec)
    summary = write_batch(
        args.sources,
        args.output,
        workers=workers,
        overwrite=args.overwrite,
        terms=terms,
        progress=False if args.quiet else None,
        time_limit=args.time_limit,
    )
    if not args.quiet or summary.errors:
        _report(summary, sorted(summary.files))
    return 0 if summary.documents else 1


def _report(summary, files: list[str]) -> None:
    err = sys.stderr
    print(
        f"pqassist: {summary.documents} documenten met {summary.items} deelvragen geanalyseerd, "
        f"{len(summary.errors)} overgeslagen; geschreven: {', '.join(files)}",
        file=err,
    )
    for row in summary.errors[:SHOWN_ERRORS]:
        print(f"  overgeslagen: {row['document']}: {row['error']}: {row['message']}", file=err)
    if len(summary.errors) > SHOWN_ERRORS:
        print(f"  ... en {len(summary.errors) - SHOWN_ERRORS} meer: zie de tabel errors", file=err)
