"""Batch output: the three tidy tables, as DataFrames and as files.

Tables: ``documents`` (one row per document), ``items`` (one row per sub-question) and
``errors`` (one row per skipped document). Output naming by the extension of OUT:

- ``out.xlsx``: one workbook with the sheets ``documents``, ``items`` and ``errors``;
- ``out.csv``: ``out.documents.csv``, ``out.items.csv`` and ``out.errors.csv``
  (UTF-8 with a byte-order mark, so Excel shows accents);
- ``out.parquet``: ``out.documents.parquet``, ``out.items.parquet``, ``out.errors.parquet``.

The writers stream: rows go to disk as they come (CSV lines, Excel write-only sheets,
Parquet row groups), and each file appears under its name only when complete.
Existing output is never overwritten unless asked (``overwrite=True``): like drafts,
the run then writes "out (2).xlsx" or "out (2).documents.csv" ... (the first number
free for all three files). Whether the folder can be written is checked when the
writer opens, before any analysis; every problem is one ``BatchProblem`` line.
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import NamedTuple

from pqassist import atomic
from pqassist.errors import BatchProblem
from pqassist.model import Verdict

TABLES = ("documents", "items", "errors")
FORMATS = (".csv", ".xlsx", ".parquet")

COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "documents": (
        ("document", "str"), ("source", "str"), ("parliament", "str"), ("number", "str"),
        ("title", "str"), ("asked_on", "date"), ("answered_on", "date"), ("deadline", "date"),
        ("delay_working_days", "int"), ("delay_days", "int"), ("late", "bool"),
        ("timeliness", "str"), ("term", "str"), ("term_source", "str"), ("term_verified", "bool"),
        ("postponed", "bool"), ("questioner", "str"), ("party", "str"), ("addressee", "str"),
        ("has_answer", "bool"), ("answer_length", "int"), ("items", "int"), ("gaps", "int"), ("to_check", "int"),
        *((f"n_{verdict.value}", "int") for verdict in Verdict),
    ),
    "items": (
        ("document", "str"), ("parliament", "str"), ("number", "str"), ("item_id", "str"),
        ("label", "str"), ("verdict", "str"), ("verdict_nl", "str"), ("gap", "bool"),
        ("confidence", "float"), ("gap_probability", "float"), ("to_check", "bool"),
        ("evidence", "str"), ("evidence_source", "str"),
        ("reason", "str"), ("question", "str"), ("question_length", "int"),
        ("answer_length", "int"),
    ),
    "errors": (
        ("document", "str"), ("source", "str"), ("path", "str"), ("error", "str"),
        ("message", "str"),
    ),
}


class BatchTables(NamedTuple):
    """The three tables of a batch run as DataFrames."""

    documents: object
    items: object
    errors: object


def columns(table: str) -> list[str]:
    """Return the column names of ``table`` in order."""
    return [name for name, _ in COLUMNS[table]]


def output_paths(out: str | os.PathLike) -> dict[str, Path]:
    """Return the file of each table for the output name ``out`` (see the module docstring)."""
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in FORMATS:
        raise BatchProblem(
            f"onbekend uitvoerformaat {out.name!r}: eindig OUT op .xlsx, .csv of .parquet"
        )
    if suffix == ".xlsx":
        return {table: out for table in TABLES}
    stem = out.name[: -len(out.suffix)]
    for table in TABLES:  # "out.items.csv" means "out"
        if stem.endswith("." + table):
            stem = stem[: -len(table) - 1]
    return {table: out.with_name(f"{stem}.{table}{suffix}") for table in TABLES}


def frame(rows: Iterable[dict], table: str):
    """Return the DataFrame of ``table`` built from ``rows`` with the table's column types."""
    import pandas as pd

    return coerce(pd.DataFrame(list(rows), columns=columns(table)), table)


def coerce(df, table: str):
    """Return ``df`` with exactly the columns of ``table``, in order, with their types.

    Strings: pandas ``str`` with missing as NaN ("" counts as missing); integers and
    booleans: nullable ``Int64``/``boolean``; dates: ``datetime64[s]``.
    """
    import pandas as pd

    df = df.reindex(columns=columns(table)).copy()
    for name, kind in COLUMNS[table]:
        column = df[name]
        if kind == "str":
            values = [None if _missing(v) or v == "" else str(v) for v in column]
            df[name] = pd.Series(values, index=df.index, dtype="str")
        elif kind == "int":
            df[name] = pd.to_numeric(column, errors="coerce").astype("Int64")
        elif kind == "float":
            df[name] = pd.to_numeric(column, errors="coerce").astype("float64")
        elif kind == "bool":
            df[name] = pd.Series([_bool(v) for v in column], index=df.index, dtype="boolean")
        else:
            values = [_date(v) for v in column]
            df[name] = pd.Series(pd.to_datetime(values), index=df.index).astype("datetime64[s]")
    return df.reset_index(drop=True)


def _missing(value) -> bool:
    if value is None:
        return True
    try:
        return value != value  # NaN, NaT
    except (TypeError, ValueError):
        return False


def _bool(value):
    if _missing(value) or value == "":
        return None
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "ja", "waar")
    return bool(value)


def _date(value):
    if _missing(value) or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def collect(results) -> BatchTables:
    """Return the DataFrames of a stream of ``DocResult``."""
    documents, items, errors = [], [], []
    for result in results:
        if result.error_row is not None:
            errors.append(result.error_row)
        else:
            documents.append(result.document_row)
            items.extend(result.item_rows)
    return BatchTables(frame(documents, "documents"), frame(items, "items"), frame(errors, "errors"))


def read_tables(out: str | os.PathLike) -> BatchTables:
    """Return the tables a batch run wrote to ``out`` (the OUT given to ``pqassist batch``)."""
    import pandas as pd

    paths = output_paths(out)
    frames = {}
    for table, path in paths.items():
        if not path.exists():
            raise BatchProblem(f"{path} ontbreekt: draai eerst pqassist batch ... -o {out}")
        if path.suffix.lower() == ".xlsx":
            df = pd.read_excel(path, sheet_name=table, dtype=object)
        elif path.suffix.lower() == ".csv":
            df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        else:
            df = pd.read_parquet(path)
        frames[table] = coerce(df, table)
    return BatchTables(frames["documents"], frames["items"], frames["errors"])


def free_output(out: str | os.PathLike, *, overwrite: bool = False, limit: int = 10_000) -> dict[str, Path]:
    """Return the files to write for ``out``: ``output_paths(out)`` when they are free (or
    ``overwrite``), else those of "OUT (n)" for the first n at which all are free."""
    paths = output_paths(out)
    if overwrite or not any(p.exists() for p in paths.values()):
        return paths
    out = Path(out)
    stem = re.sub(r" \([2-9]\d{0,3}\)$", "", out.name[: -len(out.suffix)])
    for n in range(2, limit):
        candidate = output_paths(out.with_name(f"{stem} ({n}){out.suffix}"))
        if not any(p.exists() for p in candidate.values()):
            return candidate
    raise BatchProblem(f"te veel uitvoerbestanden met de naam {out.name} in {out.parent}; kies een andere naam")


def check_writable(paths: dict[str, Path], *, overwrite: bool = False) -> None:
    """Raise BatchProblem (one line) unless every file of ``paths`` can be written."""
    for path in sorted(set(paths.values())):
        folder = path.parent
        if not folder.is_dir():
            raise BatchProblem(f"de map {folder} bestaat niet; maak ze eerst aan of kies een andere map met -o")
        if path.is_dir():
            raise BatchProblem(f"{path} is een map; kies een bestandsnaam met -o")
        if overwrite and path.exists() and not os.access(path, os.W_OK):
            raise BatchProblem(f"{path} mag niet overschreven worden (geen schrijfrechten); kies een andere naam met -o")
        try:
            fd, probe = atomic.temp_file(folder)
            os.close(fd)
            os.unlink(probe)
        except OSError as exc:
            raise BatchProblem(
                f"kan niet schrijven in de map {folder}: {exc.strerror or exc}; kies een andere map met -o"
            ) from None


def open_writer(out: str | os.PathLike, *, overwrite: bool = False) -> "TableWriter":
    """Return a streaming writer for ``out`` (see the module docstring for the file names);
    raise BatchProblem when the output cannot be written."""
    paths = free_output(out, overwrite=overwrite)
    check_writable(paths, overwrite=overwrite)
    suffix = Path(out).suffix.lower()
    kind = {".csv": CsvWriter, ".xlsx": XlsxWriter, ".parquet": ParquetWriter}[suffix]
    try:
        return kind(paths, overwrite=overwrite)
    except OSError as exc:
        raise BatchProblem(
            f"kan de uitvoer niet aanmaken in {Path(out).parent}: {exc.strerror or exc}; kies een andere map met -o"
        ) from None


class TableWriter:
    """Write batch results to files as they come; files appear when ``close`` succeeds.

    Use as a context manager, or call ``write_result`` for each ``DocResult`` then
    ``close``; on an exception the partial files are removed and earlier output stays.
    """

    def __init__(self, paths: dict[str, Path], *, overwrite: bool = False):
        self.paths = paths
        self.overwrite = overwrite
        self.written: list[Path] = []  # the files placed by ``close``
        temps: dict[Path, Path] = {}
        try:
            for path in sorted(set(paths.values())):
                fd, temp = atomic.temp_file(path.parent)  # .pqassist-PID-*.tmp, umask permissions
                os.close(fd)
                temps[path] = Path(temp)
        except OSError:
            for temp in temps.values():
                temp.unlink(missing_ok=True)
            raise
        self.parts = {table: temps[path] for table, path in paths.items()}
        self.counts = dict.fromkeys(TABLES, 0)

    def write_result(self, result) -> None:
        """Write the rows of one ``DocResult``."""
        if result.error_row is not None:
            self.write("errors", result.error_row)
            return
        self.write("documents", result.document_row)
        for row in result.item_rows:
            self.write("items", row)

    def write(self, table: str, row: dict) -> None:
        """Write one row of ``table``."""
        self.counts[table] += 1
        self._write(table, [row.get(name) for name in columns(table)])

    def close(self) -> None:
        """Finish the files and move them under their final names (never over an existing
        file unless ``overwrite``; then the next free "name (n)")."""
        self._finish()
        for table in TABLES:
            part, path = self.parts[table], self.paths[table]
            if not part.exists():
                continue
            if self.overwrite:
                os.replace(part, path)
                self.written.append(path)
            else:
                self.written.append(atomic.place_new(part, path))

    def abort(self) -> None:
        """Drop the partial files."""
        try:
            self._finish()
        finally:
            for part in set(self.parts.values()):
                part.unlink(missing_ok=True)

    def __enter__(self):
        return self

    def __exit__(self, kind, value, traceback):
        if kind is None:
            self.close()
        else:
            self.abort()

    def _write(self, table: str, values: list) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def _finish(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError


class CsvWriter(TableWriter):
    """Three CSV files, UTF-8 with byte-order mark, ISO dates, True/False."""

    def __init__(self, paths, **options):
        super().__init__(paths, **options)
        self.handles, self.writers = {}, {}
        for table in TABLES:
            handle = open(self.parts[table], "w", encoding="utf-8-sig", newline="")
            self.handles[table] = handle
            self.writers[table] = csv.writer(handle)
            self.writers[table].writerow(columns(table))

    def _write(self, table, values):
        self.writers[table].writerow([_csv_value(v) for v in values])

    def _finish(self):
        for handle in self.handles.values():
            handle.close()


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    return value


class XlsxWriter(TableWriter):
    """One workbook, a sheet per table, written in openpyxl's write-only mode."""

    def __init__(self, paths, **options):
        super().__init__(paths, **options)
        from openpyxl import Workbook

        self.book = Workbook(write_only=True)
        self.sheets = {}
        for table in TABLES:
            sheet = self.book.create_sheet(table)
            sheet.freeze_panes = "A2"
            for index, (name, kind) in enumerate(COLUMNS[table], start=1):
                sheet.column_dimensions[_column_letter(index)].width = _WIDTHS.get(kind, 14)
            sheet.append(columns(table))
            self.sheets[table] = sheet

    def _write(self, table, values):
        from openpyxl.cell import WriteOnlyCell

        sheet, row = self.sheets[table], []
        for value in values:
            if isinstance(value, date):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = "yyyy-mm-dd"
                value = cell
            elif isinstance(value, str) and value.startswith("="):
                cell = WriteOnlyCell(sheet, value=value)
                cell.data_type = "s"  # text, never a formula
                value = cell
            row.append(value)
        sheet.append(row)

    def _finish(self):
        if self.book is None:
            return
        for table, sheet in self.sheets.items():
            last = _column_letter(len(COLUMNS[table]))
            sheet.auto_filter.ref = f"A1:{last}{self.counts[table] + 1}"
        part = self.parts["documents"]
        self.book.save(part)
        self.book = None


_WIDTHS = {"str": 24, "date": 12, "bool": 10, "int": 10, "float": 10}


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


class ParquetWriter(TableWriter):
    """Three Parquet files, written a row group at a time."""

    ROW_GROUP = 2000

    def __init__(self, paths, **options):
        super().__init__(paths, **options)
        import pyarrow as pa
        import pyarrow.parquet as pq

        types = {"str": pa.string(), "int": pa.int64(), "float": pa.float64(),
                 "bool": pa.bool_(), "date": pa.date32()}
        self.schemas = {table: pa.schema([(n, types[k]) for n, k in COLUMNS[table]]) for table in TABLES}
        self.writers = {table: pq.ParquetWriter(self.parts[table], self.schemas[table]) for table in TABLES}
        self.buffers = {table: [] for table in TABLES}

    def _write(self, table, values):
        buffer = self.buffers[table]
        buffer.append(values)
        if len(buffer) >= self.ROW_GROUP:
            self._flush(table)

    def _flush(self, table):
        import pyarrow as pa

        buffer = self.buffers[table]
        if buffer:
            names = columns(table)
            arrays = [list(column) for column in zip(*buffer)]
            self.writers[table].write_table(
                pa.Table.from_arrays(
                    [pa.array(a, type=self.schemas[table].field(n).type) for a, n in zip(arrays, names)],
                    schema=self.schemas[table],
                )
            )
            buffer.clear()

    def _finish(self):
        for table, writer in list(self.writers.items()):
            self._flush(table)
            writer.close()
        self.writers = {}
