"""``pqassist fetch``: fetch a written question and its answer from open data.

    pqassist fetch vlaams-parlement --id 1234567
    pqassist fetch vlaams-parlement --url https://www.vlaamsparlement.be/.../1234567
    pqassist fetch vlaams-parlement --search --from 2024-01-01 --to 2024-01-31 --minister Demir
    pqassist fetch kamer --id 54-B001-3-0001-0000201400004
    pqassist fetch kamer --search --from 2023-01-01 --to 2023-03-31 --questioner "Marie Claes"

Nothing heavy is imported until the command runs.
"""

from __future__ import annotations

import argparse
import json
import sys

SOURCES = ("vlaams-parlement", "kamer")


def register(subparsers, name: str) -> argparse.ArgumentParser:
    """Add the ``fetch`` command to ``subparsers``; return its parser."""
    parser = subparsers.add_parser(
        name,
        help="haal een vraag met antwoord op uit de open data van een parlement",
        description="Haal een schriftelijke vraag en het antwoord op uit de open data van het "
        "Vlaams Parlement (of de Kamer), bewaar de documenten in een cachemap en open het "
        "dossier.",
    )
    parser.add_argument("source", choices=SOURCES, help="welk parlement")
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--id", help="id van de vraag (Vlaams Parlement: het record-id; Kamer: "
                       "de documentnaam zoals 54-B001-3-0001-0000201400004)")
    which.add_argument("--url", help="link naar de vraag (vlaamsparlement.be, ws.vlpar.be of "
                       "data.dekamer.be)")
    which.add_argument("--search", action="store_true",
                       help="zoek vragen in een periode (met --from en --to; bij de Kamer ook "
                       "--questioner)")
    parser.add_argument("--from", dest="date_from", metavar="DATUM",
                        help="begin van de periode (2024-01-01)")
    parser.add_argument("--to", dest="date_to", metavar="DATUM",
                        help="einde van de periode (2024-01-31)")
    parser.add_argument("--questioner", metavar="NAAM", help="alleen vragen van dit parlementslid")
    parser.add_argument("--minister", metavar="NAAM", help="alleen vragen aan deze minister")
    parser.add_argument("--leg", type=int, metavar="N", help="Kamer: de zittingsperiode (54, 55, "
                        "56); anders die van de periode")
    parser.add_argument("--api", metavar="URL", help="adres van de dienst (anders $PQASSIST_VP_API "
                        "of $PQASSIST_KAMER_API, of het officiële adres)")
    parser.add_argument("--cache", metavar="MAP", help="map voor gedownloade documenten "
                        "(anders $PQASSIST_CACHE of ~/.cache/pqassist)")
    parser.add_argument("--timeout", type=float, metavar="SECONDEN",
                        help="hoe lang één vraag aan de dienst mag duren, pogingen inbegrepen (10)")
    parser.add_argument("--json", action="store_true",
                        help="schrijf JSON in plaats van een overzicht")
    return parser


def run(args: argparse.Namespace) -> int:
    """Run ``pqassist fetch``; return the exit code."""
    from pqassist.errors import FetchProblem

    if args.timeout is not None and not 0 < args.timeout <= 600:
        raise FetchProblem("--timeout moet tussen 0 en 600 seconden liggen.")
    if args.search:
        if not args.date_from or not args.date_to:
            raise FetchProblem("--search vraagt een periode: --from 2024-01-01 --to 2024-01-31.")
        if args.source == "kamer":
            if not args.questioner:
                raise FetchProblem("zoeken in de Kamer vraagt een parlementslid: --questioner NAAM.")
            return _search_kamer(args)
        return _search(args)
    if args.source == "kamer":
        return _kamer(args)
    return _vlaams(args)


def _vlaams(args: argparse.Namespace) -> int:
    from pqassist.fetch.vlaams import fetch_question

    fetched = fetch_question(
        args.id or args.url, api=args.api, cache_dir=args.cache, timeout=args.timeout
    )
    extra = {"document": str(fetched.document), "record": fetched.record.url}
    _show(fetched.dossier, extra, as_json=args.json)
    return 0


def _kamer(args: argparse.Namespace) -> int:
    from pqassist.fetch.kamer import fetch_kamer_dossier

    dossier = fetch_kamer_dossier(args.id or args.url, api=args.api, timeout=args.timeout)
    _show(dossier, {"record": dossier.meta.source}, as_json=args.json)
    return 0


def _search(args: argparse.Namespace) -> int:
    from pqassist.fetch.vlaams import search

    hits = search(
        args.date_from,
        args.date_to,
        questioner=args.questioner,
        minister=args.minister,
        api=args.api,
        timeout=args.timeout,
    )
    if args.json:
        return _json([h.to_json() for h in hits])
    rows = [(h.id, _iso(h.published), _iso(h.asked), _iso(h.answered), h.number or "",
             _clip(h.questioner, 24), _clip(h.minister, 24), _clip(h.title, 60)) for h in hits]
    return _table(rows, "gepubliceerd", "vlaams-parlement")


def _search_kamer(args: argparse.Namespace) -> int:
    from pqassist.fetch.kamer import search_kamer
    from pqassist.fetch.vlaams import _day
    from pqassist.errors import FetchProblem
    from pqassist.worklist.sync import legislatures

    start, end = _day(args.date_from, "--from"), _day(args.date_to, "--to")
    if end < start:
        raise FetchProblem(f"de periode loopt achteruit ({start} tot {end}); wissel --from en --to.")
    records = []
    for leg in [args.leg] if args.leg else legislatures(start, end):
        records += search_kamer(leg, start, end, questioner=args.questioner, api=args.api,
                                timeout=args.timeout)
    if args.json:
        return _json([{"id": r.id, "status": r.status, **r.meta.to_json()} for r in records])
    rows = [(r.id, _iso(r.meta.deadline), _iso(r.meta.asked_on), _iso(r.meta.answered_on),
             r.meta.number or "", _clip(r.meta.questioner, 24), _clip(r.meta.addressee_title, 24),
             _clip(r.meta.title, 60)) for r in records]
    return _table(rows, "uiterste", "kamer")


def _json(data) -> int:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


def _table(rows: list[tuple], second: str, source: str) -> int:
    """Write the found questions as aligned columns with a closing hint."""
    out = sys.stdout
    if not rows:
        out.write("Geen vragen gevonden.\n")
        return 0
    rows = [("id", second, "gesteld", "beantwoord", "nr.", "vraagsteller", "minister", "onderwerp")] + rows
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    for row in rows:
        cells = [c.ljust(w) for c, w in zip(row, widths)] + [row[-1]]
        out.write("  ".join(cells).rstrip() + "\n")
    out.write(f"\n{len(rows) - 1} vragen. Haal er een op met: pqassist fetch {source} --id ID\n")
    return 0


def _iso(value) -> str:
    return value.isoformat() if value else ""


def _show(dossier, extra: dict, *, as_json: bool) -> None:
    """Write the dossier as JSON or as a short readable overview."""
    out = sys.stdout
    if as_json:
        json.dump(dossier_json(dossier, extra), out, ensure_ascii=False, indent=2)
        out.write("\n")
        return
    from pqassist.model import PARLIAMENT_NAMES_NL

    meta = dossier.meta
    asker = meta.questioner
    if asker and meta.party:
        asker = f"{asker} ({meta.party})"
    head = PARLIAMENT_NAMES_NL.get(meta.parliament, meta.parliament)
    head += f", schriftelijke vraag nr. {meta.number or '?'}"
    if meta.session:
        head += f" ({meta.session})"
    lines = [head]
    for label, value in (
        ("Titel", meta.title),
        ("Vraagsteller", asker),
        ("Minister", ", ".join(v for v in (meta.addressee, meta.addressee_title) if v)),
        ("Gesteld op", _day(meta.asked_on)),
        ("Uiterste datum", _day(meta.deadline)),
        ("Beantwoord op", _day(meta.answered_on)),
        ("Deelvragen", f"{len(dossier.items)}; antwoordpassages: {len(dossier.passages)}"),
        ("Bijlagen", "\n".join(meta.annexes) if meta.annexes else "geen"),
        ("Document", extra.get("document")),
        ("Bron", extra.get("record")),
    ):
        if value:
            text = str(value).replace("\n", "\n" + " " * 16)
            lines.append(f"{label + ':':<15} {text}")
    if not dossier.has_answer:
        lines.append("Let op: het dossier bevat (nog) geen antwoord.")
    for notice in dossier.notices:
        lines.append(f"Let op: {notice}")
    out.write("\n".join(lines) + "\n")


def dossier_json(dossier, extra: dict | None = None) -> dict:
    """Return the dossier's analysis as ``pqassist analyse --json`` gives it, with what the
    fetch found under "fetched"."""
    from pqassist.analysis.pipeline import analyse
    from pqassist.serialize import analysis_to_json

    data = dict(analysis_to_json(analyse(dossier)))
    data["fetched"] = dict(extra or {})
    return data


def _day(value) -> str | None:
    return value.strftime("%d-%m-%Y") if value else None


def _clip(text: str | None, width: int) -> str:
    from pqassist.text import shorten

    return shorten(text, width, mark="…")
