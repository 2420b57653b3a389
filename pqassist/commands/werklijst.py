"""``pqassist werklijst``: every written question of a member, its answer, deadline and follow-up.

    pqassist werklijst --questioner "Annelies Vermeulen" --from 2024-03-01 --to 2024-04-30
    pqassist werklijst --member-id 9001 --status "over tijd" --status open -o vragen.xlsx
    pqassist werklijst --questioner "Marie Claes" --parliament kamer --offline --json

Nothing heavy is imported until the command runs.
"""

from __future__ import annotations

import argparse
import json
import sys

PARLIAMENTS = {"vlaams-parlement": ("vlaams-parlement",), "kamer": ("kamer",),
               "beide": ("vlaams-parlement", "kamer")}
STATUS_CHOICES = ("over tijd", "open", "te laat beantwoord", "tijdig beantwoord", "datum onbekend")
SORT_CHOICES = ("status", "datum", "wachttijd", "minister", "nummer")


def register(subparsers, name: str) -> argparse.ArgumentParser:
    """Add the ``werklijst`` command to ``subparsers``; return its parser."""
    parser = subparsers.add_parser(
        name,
        help="alle schriftelijke vragen van een parlementslid: antwoord, termijn, hiaten, opvolging",
        description="Toon elke schriftelijke vraag van een parlementslid in een periode, uit de "
        "open data van het Vlaams Parlement en de Kamer: nummer, datum, minister, uiterste "
        "datum, werkdagen wachten, status (open, over tijd, tijdig of te laat beantwoord), en "
        "na een beoordeling het aantal hiaten en van de deelvragen 'te controleren' die u nog "
        "niet zelf beoordeelde, of er een opvolgingsvraag is opgesteld en het "
        "nummer van die opvolgingsvraag zodra ze ingediend is. Vragen die sinds uw vorige "
        "bezoek beantwoord zijn, staan bovenaan. De lijst wordt bewaard in één SQLite-bestand.",
    )
    who = parser.add_mutually_exclusive_group(required=True)
    who.add_argument("--questioner", metavar="NAAM",
                     help="naam van het parlementslid, bv. \"Annelies Vermeulen\"")
    who.add_argument("--member-id", metavar="ID",
                     help="id van het parlementslid in de open data van het Vlaams Parlement")
    parser.add_argument("--from", dest="date_from", metavar="DATUM",
                        help="vragen gesteld vanaf deze datum (2024-03-01; standaard twee "
                        "maanden voor --to)")
    parser.add_argument("--to", dest="date_to", metavar="DATUM",
                        help="vragen gesteld tot en met deze datum (standaard vandaag)")
    parser.add_argument("--parliament", choices=tuple(PARLIAMENTS), default="beide",
                        help="welk parlement (standaard beide)")
    parser.add_argument("--status", action="append", choices=STATUS_CHOICES, metavar="STATUS",
                        help="toon alleen deze status (herhaal voor meer): "
                        + ", ".join(STATUS_CHOICES))
    parser.add_argument("--sort", choices=SORT_CHOICES, default="status",
                        help="sorteer op status (standaard), datum, wachttijd, minister of nummer; "
                        "nieuw beantwoorde vragen staan altijd bovenaan")
    parser.add_argument("--offline", action="store_true",
                        help="haal niets op: toon wat al in de lijst bewaard is")
    parser.add_argument("--today", metavar="DATUM",
                        help="tel wachttijd en termijn alsof het vandaag deze datum is")
    parser.add_argument("--reviews", metavar="MAP",
                        help="map met de beoordelingsbestanden (*.review.json) om de hiaten te "
                        "tellen (anders $PQASSIST_REVIEWS of ./reviews)")
    parser.add_argument("--db", metavar="BESTAND",
                        help="het SQLite-bestand van de lijst (anders $PQASSIST_DB of "
                        "werklijst.sqlite in uw gegevensmap)")
    parser.add_argument("-o", "--output", metavar="BESTAND",
                        help="bewaar de lijst ook als .xlsx of .csv (overschrijft nooit: "
                        "anders 'naam (2).xlsx')")
    parser.add_argument("--json", action="store_true", help="schrijf JSON in plaats van een tabel")
    parser.add_argument("--api", metavar="URL",
                        help="adres van de dienst van het Vlaams Parlement (anders $PQASSIST_VP_API)")
    parser.add_argument("--kamer-api", metavar="URL",
                        help="adres van de dienst van de Kamer (anders $PQASSIST_KAMER_API)")
    parser.add_argument("--leg", type=int, metavar="N",
                        help="zittingsperiode van de Kamer (54, 55, 56); anders die van de periode")
    parser.add_argument("--cache", metavar="MAP",
                        help="map voor gedownloade documenten (anders $PQASSIST_CACHE)")
    parser.add_argument("--timeout", type=float, metavar="SECONDEN",
                        help="hoe lang één vraag aan een dienst mag duren, pogingen inbegrepen (10)")
    return parser


def run(args: argparse.Namespace) -> int:
    """Run ``pqassist werklijst``; return the exit code."""
    from pqassist.worklist.session import WorklistRequest, open_list

    request = WorklistRequest(
        questioner=args.questioner, member_id=args.member_id,
        date_from=args.date_from, date_to=args.date_to, today=args.today,
        parliaments=PARLIAMENTS[args.parliament], statuses=tuple(args.status or ()),
        sort=args.sort, offline=args.offline, reviews=args.reviews, db=args.db,
        vp_api=args.api, kamer_api=args.kamer_api, legislature=args.leg,
        cache=args.cache, timeout=args.timeout,
    )
    result = open_list(request)
    written = None
    if args.output:
        from pqassist.worklist.listing import export

        written = export(result.rows, args.output)
    if args.json:
        data = {"questioner": result.questioner, "from": result.date_from.isoformat(),
                "to": result.date_to.isoformat(), "previous_visit": result.since,
                "problems": result.problems, "rows": [r.to_json() for r in result.rows]}
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        from pqassist.worklist.render import text_table

        sys.stdout.write(text_table(result))
    for problem in result.problems:
        print(f"pqassist: let op: {problem}", file=sys.stderr)
    if written is not None:
        print(f"Bewaard als {written}", file=sys.stderr)
    return 0
