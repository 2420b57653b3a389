"""Load simplemma's Dutch lemma table from a compact cached file instead of decoding it each start.

simplemma ships its dictionary lzma-compressed and front-coded; decoding it takes about a third
of a second at every start. The first time, the decoded table is written once as sorted keys
and values with offset arrays (``nl-lemmas-<version>.bin`` in the user's cache folder:
``PQASSIST_CACHE`` or ``~/.cache/pqassist``); later starts map that file into memory (nothing
is read or copied up front: a lookup touches a few pages) and look words up by binary search
(in C, over every fourth key of the keys sharing the word's first two bytes, kept in memory once
such a word was looked up: a few MB when every pair was).
Lemmas are identical: simplemma's own strategies run over the same table. When the cache
cannot be written or read, simplemma's own loading is used. The file is only ever replaced
whole (written beside it, then renamed), so a process that maps it keeps a consistent copy.
"""

from __future__ import annotations

import mmap
import os
import struct
import sys
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

MAGIC = b"PQLEMMA1"
HEADER = 20  # MAGIC + three little-endian uint32: count, key bytes, value bytes
STRIDE = 4  # one key in so many is kept in memory per pair of first bytes looked up
COARSE = 256  # one key in so many is kept in memory to find where a pair's keys lie

# Called with a one-line Dutch notice when the table is built (the first run on a machine,
# about a second); the command line sets it when a person watches stderr. None: silent.
on_build: Callable[[str], None] | None = None


def cache_folder() -> Path:
    """Return the user's cache folder for pqassist (``PQASSIST_CACHE`` or ~/.cache/pqassist)."""
    own = os.environ.get("PQASSIST_CACHE")
    if own:
        return Path(own)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "pqassist"


class _Blob:
    """Byte strings ``buffer[start + offsets[i] : start + offsets[i + 1]]`` as a sequence, for ``bisect``."""

    __slots__ = ("buffer", "start", "offsets")

    def __init__(self, buffer, start: int, offsets) -> None:
        self.buffer, self.start, self.offsets = buffer, start, offsets

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def __getitem__(self, index: int) -> bytes:
        offsets, start = self.offsets, self.start
        return self.buffer[start + offsets[index] : start + offsets[index + 1]]


class CompactTable(Mapping):
    """A read-only str -> str mapping over sorted keys and values held in one buffer.

    ``data`` is the file's bytes or a read-only ``mmap`` of it; the offset arrays are
    viewed in place (native uint32), not copied.
    """

    def __init__(self, data) -> None:
        if len(data) < HEADER or data[:8] != MAGIC:
            raise ValueError("not a lemma table")
        count, key_bytes, value_bytes = struct.unpack_from("<III", data, 8)
        offsets_end = HEADER + 8 * (count + 1)
        if offsets_end + key_bytes + value_bytes != len(data):
            raise ValueError("truncated lemma table")
        view = memoryview(data)
        key_offsets = view[HEADER : HEADER + 4 * (count + 1)].cast("I")
        value_offsets = view[HEADER + 4 * (count + 1) : offsets_end].cast("I")
        if key_offsets[count] != key_bytes or value_offsets[count] != value_bytes:
            raise ValueError("inconsistent lemma table")
        self._data = data  # keeps the mapping open as long as the table lives
        # first two bytes -> (the range of keys opening so, every STRIDE-th key of that range)
        self._heads: dict[bytes, tuple[int, int, list[bytes]]] = {}
        self._coarse: list[bytes] | None = None  # every COARSE-th key, made when a pair is first looked up
        self._keys = _Blob(data, offsets_end, key_offsets)
        self._values = _Blob(data, offsets_end + key_bytes, value_offsets)

    def _find(self, key: str) -> int:
        raw = key.encode()
        keys = self._keys
        if len(raw) < 2:
            return self._find_in(raw, 0, len(keys))
        # the keys opening with the word's first two bytes, found once per pair: UTF-8 holds no
        # byte 0xff, so they all lie between the pair itself and the pair followed by 0xff; a
        # sample of them (every STRIDE-th key, as a list) narrows the search in C to STRIDE keys,
        # read one after the other
        head = raw[:2]
        found = self._heads.get(head)
        if found is None:
            found = self._heads[head] = self._head(head)
        low, high, sample = found
        at = bisect_right(sample, raw) - 1
        if at < 0:
            return -1
        index = low + at * STRIDE
        if sample[at] == raw:
            return index
        buffer, start, offsets = keys.buffer, keys.start, keys.offsets
        for index in range(index + 1, min(index + STRIDE, high)):  # the keys after the sampled one, ascending
            other = buffer[start + offsets[index] : start + offsets[index + 1]]
            if other >= raw:
                return index if other == raw else -1
        return -1

    def _find_in(self, raw: bytes, low: int, high: int) -> int:
        """Return the index of ``raw`` among the keys ``low`` to ``high`` by binary search, -1 when absent."""
        keys = self._keys
        index = bisect_left(keys, raw, low, high)
        return index if index < high and keys[index] == raw else -1

    def _head(self, head: bytes) -> tuple[int, int, list[bytes]]:
        """Return the range of the keys opening with ``head`` and every STRIDE-th key of it."""
        keys = self._keys
        low, high = self._bisect_left(head), self._bisect_left(head + b"\xff")
        buffer, start, offsets = keys.buffer, keys.start, keys.offsets
        sample = [buffer[start + offsets[i] : start + offsets[i + 1]] for i in range(low, high, STRIDE)]
        return low, high, sample

    def _bisect_left(self, raw: bytes) -> int:
        """Return ``bisect_left(keys, raw)``: narrowed in C, by every COARSE-th key, to the
        COARSE keys it can be among, then searched there (a third of the reads of the keys)."""
        keys = self._keys
        coarse = self._coarse
        if coarse is None:
            buffer, start, offsets = keys.buffer, keys.start, keys.offsets
            coarse = self._coarse = [buffer[start + offsets[i] : start + offsets[i + 1]]
                                     for i in range(0, len(keys), COARSE)]
        at = bisect_left(coarse, raw)  # the sampled keys before ``at`` are below ``raw``, the one at ``at`` is not
        low = (at - 1) * COARSE + 1 if at else 0
        return bisect_left(keys, raw, low, min(at * COARSE, len(keys)))

    def get(self, key, default=None):
        index = self._find(key) if isinstance(key, str) else -1
        return self._values[index].decode() if index >= 0 else default

    def __getitem__(self, key: str) -> str:
        index = self._find(key)
        if index < 0:
            raise KeyError(key)
        return self._values[index].decode()

    def __contains__(self, key) -> bool:
        return isinstance(key, str) and self._find(key) >= 0

    def __iter__(self) -> Iterator[str]:
        for index in range(len(self._keys)):
            yield self._keys[index].decode()

    def __len__(self) -> int:
        return len(self._keys)


def encode_table(table: dict[bytes, bytes]) -> bytes:
    """Return ``table`` (bytes -> bytes) in the compact form ``CompactTable`` reads."""
    keys = sorted(table)
    key_offsets, value_offsets = array("I", [0]), array("I", [0])
    values = []
    for key in keys:
        key_offsets.append(key_offsets[-1] + len(key))
        value = table[key]
        values.append(value)
        value_offsets.append(value_offsets[-1] + len(value))
    key_blob, value_blob = b"".join(keys), b"".join(values)
    header = MAGIC + struct.pack("<III", len(keys), len(key_blob), len(value_blob))
    return header + key_offsets.tobytes() + value_offsets.tobytes() + key_blob + value_blob


_VERSION: list[str] = []


def _simplemma_version() -> str:
    """Return simplemma's installed version (read from its dist-info folder's name: cheap)."""
    if not _VERSION:
        _VERSION.append(_installed_version("simplemma"))
    return _VERSION[0]


def _installed_version(name: str) -> str:
    try:
        from importlib.util import find_spec

        spec = find_spec(name)  # finds the package without importing it
        if spec is not None and spec.origin:
            folder = Path(spec.origin).parent.parent
            prefix = f"{name}-"
            found = [entry[len(prefix) : -len(".dist-info")] for entry in os.listdir(folder)
                     if entry.startswith(prefix) and entry.endswith(".dist-info")]
            if len(found) == 1:
                return found[0]
        from importlib.metadata import version  # slower (about 50 ms): odd installs only

        return version(name)
    except Exception:  # pragma: no cover - metadata missing in odd installs
        return "unknown"


def table_path(lang: str = "nl") -> Path:
    """Return the cached table file of ``lang`` (it may not exist yet)."""
    return cache_folder() / f"{lang}-lemmas-{_simplemma_version()}.bin"


def _map(path: Path) -> CompactTable:
    from pqassist.atomic import open_regular

    with open_regular(path) as handle:
        size = os.fstat(handle.fileno()).st_size
        if size < HEADER:
            raise ValueError("not a lemma table")
        return CompactTable(mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ))


def load_table(lang: str = "nl") -> Mapping | None:
    """Return the compact table of ``lang``, building the cached file first when missing; None on failure."""
    if array("I").itemsize != 4 or sys.byteorder != "little":  # pragma: no cover - exotic platforms
        return None
    path = table_path(lang)
    try:
        return _map(path)
    except (OSError, ValueError, struct.error, TypeError):
        pass
    if on_build is not None:
        on_build("de Nederlandse woordenlijst wordt eenmalig voorbereid (enkele seconden) in "
                 f"{path.parent}")
    try:
        from simplemma.strategies.dictionaries.dictionary_factory import _load_dictionary_from_disk

        data = encode_table(_load_dictionary_from_disk(lang))
    except Exception:  # simplemma changed its internals: use its own loading
        return None
    try:
        from pqassist.atomic import write_file

        write_file(path, data, overwrite=True)  # replaced whole: a process mapping the old file keeps it
    except OSError:
        pass  # a read-only home or a full disk: use the table in memory this time
    return CompactTable(data)


FOLD_LINES = 1_000  # learned lemmas kept as text lines before they go into the mapped table


def learned_paths(lang: str = "nl") -> tuple[Path, Path]:
    """Return the learned-lemma files of ``lang``: the mapped table and the lines appended since."""
    stem = f"{lang}-learned-{_simplemma_version()}"  # the version has dots: no with_suffix
    return cache_folder() / f"{stem}.bin", cache_folder() / f"{stem}.tsv"


def load_learned(lang: str = "nl") -> tuple[Mapping, dict[str, str]]:
    """Return the lemmas simplemma worked out on earlier runs: a mapped table (cheap to open
    however many there are) and the lines appended since it was written.

    When more than ``FOLD_LINES`` lines have piled up, they are folded into a new table: the
    line file is first renamed aside (appends from other processes then go to a fresh file),
    and the table is replaced whole. Both are caches of simplemma's answers: a line lost to
    a race is worked out again, never wrong."""
    table_file, lines_file = learned_paths(lang)
    try:
        table: Mapping = _map(table_file)
    except (OSError, ValueError, struct.error, TypeError):
        table = {}
    recent = _read_lines(lines_file)
    if len(recent) > FOLD_LINES:
        folded = _fold(table, lines_file, table_file)
        if folded is not None:
            return folded, {}
    return table, recent


def _read_lines(path: Path) -> dict[str, str]:
    from pqassist.atomic import open_regular

    try:
        with open_regular(path, "r", encoding="utf-8") as handle:
            rows = [line.split("\t") for line in handle.read().splitlines()]
    except (OSError, UnicodeDecodeError):
        return {}
    return {row[0]: row[1] for row in rows if len(row) == 2 and row[0] and row[1]}


def _fold(table: Mapping, lines_file: Path, table_file: Path) -> Mapping | None:
    """Return the table with the appended lines folded in (written to ``table_file``), or None
    when the files cannot be changed (read-only cache, another process folding)."""
    from pqassist.atomic import write_file

    aside = lines_file.with_name(f"{lines_file.name}.{os.getpid()}.folding")
    try:
        os.replace(lines_file, aside)
    except OSError:
        return None
    merged = {key.encode(): table[key].encode() for key in table}
    for key, value in _read_lines(aside).items():
        merged[key.encode()] = value.encode()
    data = encode_table(merged)
    try:
        write_file(table_file, data, overwrite=True)
    except OSError:
        return None
    finally:
        try:
            os.unlink(aside)
        except OSError:
            pass
    return CompactTable(data)


class CompactFactory:
    """A simplemma dictionary factory that serves tables from the compact cache."""

    def __init__(self) -> None:
        self._tables: dict[str, Mapping] = {}

    def get_dictionary(self, lang: str) -> Mapping:
        """Return the table of ``lang`` (compact when possible, simplemma's own otherwise)."""
        if lang not in self._tables:
            table = load_table(lang)
            if table is None:
                from simplemma.strategies.dictionaries.dictionary_factory import DefaultDictionaryFactory

                table = DefaultDictionaryFactory().get_dictionary(lang)
            self._tables[lang] = table
        return self._tables[lang]


def lemmatizer():
    """Return a simplemma lemmatizer over the compact tables (same lemmas as ``simplemma.lemmatize``)."""
    from simplemma import Lemmatizer
    from simplemma.strategies import DefaultStrategy

    return Lemmatizer(cache_max_size=0, lemmatization_strategy=DefaultStrategy(greedy=False, dictionary_factory=CompactFactory()))
