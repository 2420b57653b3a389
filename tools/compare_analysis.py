"""Dump the parse and alignment of every corpus document as JSON lines, and compare two dumps.

    # dump what the code on PYTHONPATH produces (e.g. a baseline worktree)
    PYTHONPATH=/tmp/baseline .venv/bin/python tools/compare_analysis.py dump /tmp/before.jsonl
    .venv/bin/python tools/compare_analysis.py dump /tmp/after.jsonl
    .venv/bin/python tools/compare_analysis.py compare /tmp/before.jsonl /tmp/after.jsonl

``dump`` writes one line per document: items (id, start, end, asks), passages (label, covers,
start, end), links (item, passage, kind, score, reason, start, end) and references. With
``--full`` each line is the whole ``pqassist analyse --json`` object instead (verdicts too),
for changes that should leave verdicts alone. ``--with-2020`` adds the 2020 federal
questions (parse only: they have no answers). Documents: the federal rows of 2017, the
Tweede Kamer texts, the Flemish fragments and the seed.

``compare`` prints how many documents differ and the first differences, and exits 1 when
any document differs. ``verdicts`` counts the suggested verdicts of a ``--full`` dump per
source (documents with an answer only); given a second dump, also how many items moved from
one verdict to another, and how many name an ask missing that they did not before (or no
longer name one):

    .venv/bin/python tools/compare_analysis.py verdicts /tmp/before.jsonl /tmp/after.jsonl
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"


def documents(corpus: Path, with_2020: bool = False):
    """Yield (key, thunk returning a Dossier) for every corpus document, in a stable order."""
    from pqassist.parse.load import dossier_from_kamer_row, dossier_from_text, iter_kamer_rows

    for row in iter_kamer_rows(corpus / "kamer" / "dekamer-2017.jsonl.gz"):
        yield f"kamer:{row.get('doc_id', row.get('id'))}", (lambda row=row: dossier_from_kamer_row(row))
    if with_2020:
        for row in iter_kamer_rows(corpus / "kamer" / "questions-2020.jsonl.gz"):
            yield f"kamer2020:{row.get('doc_id', row.get('id'))}", (lambda row=row: dossier_from_kamer_row(row))
    for path in sorted((corpus / "tweede-kamer" / "txt").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        yield f"tk:{path.name}", (lambda text=text, name=path.name: dossier_from_text(text, source=name))
    fragments = corpus / "vlaams-parlement" / "fragments-2024.txt"
    if fragments.is_file():
        parts = fragments.read_text(encoding="utf-8").split("=== FRAGMENT ")[1:]
        for number, part in enumerate(parts, 1):
            body = part.split("===", 1)[1] if "===" in part else part
            if body.strip():
                yield f"vp-fragment:{number}", (lambda body=body: dossier_from_text(body, source="fragment"))
    for path in sorted((corpus / "seed").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        yield f"seed:{path.name}", (lambda text=text, name=path.name: dossier_from_text(text, source=name))


def parse_align_record(dossier) -> dict:
    """Return the parse, alignment and references of ``dossier`` as plain JSON values."""
    from pqassist.analysis.align import align

    links, references = align(dossier)
    return {
        "format": dossier.format,
        "items": [[i.id, i.start, i.end, [[a.start, a.end] for a in i.asks]] for i in dossier.items],
        "passages": [[p.label, list(p.covers), p.start, p.end] for p in dossier.passages],
        "links": [
            [l.item_id, l.passage, l.kind, l.score, l.reason, l.start, l.end]
            for item_id in sorted(links)
            for l in links[item_id]
        ],
        "references": [[r.passage, r.kind, r.target, r.text] for r in references],
    }


def full_record(dossier) -> dict:
    """Return ``pqassist analyse --json`` for ``dossier``."""
    from pqassist.analysis.pipeline import analyse
    from pqassist.commands.analyse import analysis_json

    return analysis_json(analyse(dossier))


def dump(out: Path, corpus: Path, full: bool, with_2020: bool, limit: int) -> int:
    """Write one JSON line per document to ``out``; return 0."""
    make = full_record if full else parse_align_record
    count, cpu = 0, time.process_time()
    with out.open("w", encoding="utf-8") as handle:
        for key, thunk in documents(corpus, with_2020):
            try:
                record = make(thunk())
            except Exception as exc:  # a document the code refuses is a result too
                record = {"error": f"{type(exc).__name__}: {exc}"}
            handle.write(json.dumps({"key": key, **record}, ensure_ascii=False, sort_keys=True) + "\n")
            count += 1
            if limit and count >= limit:
                break
    print(f"{count} documents written to {out} ({time.process_time() - cpu:.1f} s cpu)")
    return 0


def _load(path: Path) -> dict[str, dict]:
    out = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            out[record.pop("key")] = record
    return out


def _first_difference(a, b, where: str = "") -> str:
    if type(a) is not type(b):
        return f"{where}: {json.dumps(a, ensure_ascii=False)[:200]} != {json.dumps(b, ensure_ascii=False)[:200]}"
    if isinstance(a, dict):
        for key in sorted(set(a) | set(b)):
            if a.get(key) != b.get(key):
                return _first_difference(a.get(key), b.get(key), f"{where}.{key}")
    if isinstance(a, list):
        for index, (x, y) in enumerate(zip(a, b)):
            if x != y:
                return _first_difference(x, y, f"{where}[{index}]")
        if len(a) != len(b):
            return f"{where}: {len(a)} entries != {len(b)} entries"
    return f"{where}: {json.dumps(a, ensure_ascii=False)[:200]} != {json.dumps(b, ensure_ascii=False)[:200]}"


def compare(before: Path, after: Path, show: int, only: list[str]) -> int:
    """Print how the two dumps differ; return 1 when any document differs."""
    a, b = _load(before), _load(after)
    keys = [key for key in a if key in b]
    only_one = len(set(a) ^ set(b))
    if only_one:
        print(f"{only_one} documents are in one dump only (not compared)")
    differ = []
    by_part: dict[str, int] = {}
    for key in keys:
        x, y = a.get(key), b.get(key)
        if only:
            x = a[key] = {k: v for k, v in (x or {}).items() if k in only}
            y = b[key] = {k: v for k, v in (y or {}).items() if k in only}
        if x != y:
            differ.append(key)
            for part in sorted(set(x or {}) | set(y or {})):
                if (x or {}).get(part) != (y or {}).get(part):
                    by_part[part] = by_part.get(part, 0) + 1
    print(f"{len(keys)} documents, {len(differ)} differ" + (f" (by field: {by_part})" if differ else ""))
    for key in differ[:show]:
        print(f"  {key}: {_first_difference(a.get(key), b.get(key))}")
    return 1 if differ else 0


def verdicts(before: Path, after: Path | None = None) -> int:
    """Print the suggested verdicts per source (the part of the key before ":") over the
    documents that have an answer, and with ``after`` the items whose verdict changed."""
    dumps = [_load(before)] + ([_load(after)] if after else [])
    for path, found in zip((before, after), dumps):
        counts: dict[str, dict[str, int]] = {}
        for key, record in found.items():
            items = record.get("items") or []
            if not any(item.get("answer") for item in items):
                continue
            per = counts.setdefault(key.split(":", 1)[0], {})
            for item in items:
                per[item.get("verdict")] = per.get(item.get("verdict"), 0) + 1
        for source, per in sorted(counts.items()):
            total = sum(per.values())
            shown = ", ".join(f"{verdict} {n}" for verdict, n in sorted(per.items(), key=lambda kv: -kv[1]))
            print(f"{path}: {source}: {total} items ({shown})")
    if after:
        moved: dict[tuple, int] = {}
        gained, lost, documents = 0, 0, set()  # items whose ``missing`` gained or lost an ask
        a, b = dumps
        for key in a.keys() & b.keys():
            old = {item["id"]: item for item in a[key].get("items") or []}
            for item in b[key].get("items") or []:
                was = old.get(item["id"])
                if was is None:
                    continue
                if was.get("verdict") != item.get("verdict"):
                    pair = (was.get("verdict"), item.get("verdict"))
                    moved[pair] = moved.get(pair, 0) + 1
                before_missing, after_missing = set(was.get("missing") or ()), set(item.get("missing") or ())
                if after_missing - before_missing:
                    gained += 1
                    documents.add(key)
                lost += bool(before_missing - after_missing)
        print(f"{sum(moved.values())} items changed verdict (same id in both): "
              + ", ".join(f"{x} -> {y} {n}" for (x, y), n in sorted(moved.items(), key=lambda kv: -kv[1])))
        print(f"{gained} items (in {len(documents)} documents) name an ask missing that they did not before; "
              f"{lost} no longer name one they did")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("dump", help="write the analysis of every corpus document as JSON lines")
    d.add_argument("out", type=Path)
    d.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    d.add_argument("--full", action="store_true", help="the whole `analyse --json` (verdicts too)")
    d.add_argument("--with-2020", action="store_true", help="also parse the 2020 federal questions")
    d.add_argument("--limit", type=int, default=0)
    c = sub.add_parser("compare", help="compare two dumps")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    c.add_argument("--show", type=int, default=20, help="how many differing documents to print")
    c.add_argument("--only", nargs="*", default=[], help="compare only these fields (e.g. items passages)")
    v = sub.add_parser("verdicts", help="count the suggested verdicts of a --full dump (and changes to a second)")
    v.add_argument("before", type=Path)
    v.add_argument("after", type=Path, nargs="?")
    args = parser.parse_args(argv)
    if args.command == "verdicts":
        return verdicts(args.before, args.after)
    if args.command == "dump":
        import pqassist

        print(f"pqassist from {Path(pqassist.__file__).parent}")
        return dump(args.out, args.corpus, args.full, args.with_2020, args.limit)
    return compare(args.before, args.after, args.show, args.only)


if __name__ == "__main__":
    sys.exit(main())
