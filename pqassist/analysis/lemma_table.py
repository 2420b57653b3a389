"""Load simplemma's Dutch lemma table from a compact cached file instead of decoding it each start.

simplemma ships its dictionary lzma-compressed and front-coded; decoding it takes about a third
of a second at every start. The first time, the decoded table is written once as sorted keys
and values with offset arrays (``nl-lemmas-<version>.bin`` in the user's cache folder:
``PQASSIST_CACHE`` or ``~/.cache/pqassist``); later starts map that file and look words up by
binary search. Lemmas are identical: simplemma's own strategies run over the same table.
When the cache cannot be written or read, simplemma's own loading is used.
"""

from __future__ import annotations

import os
import struct
import tempfile
from array import array
from bisect import bisect_left
from collections.abc import Iterator, Mapping
from pathlib import Path

MAGIC = b"PQLEMMA1"


def cache_folder() -> Path:
    """Return the user's cache folder for pqassist (``PQASSIST_CACHE`` or ~/.cache/pqassist)."""
    own = os.environ.get("PQASSIST_CACHE")
    if own:
        return Path(own)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "pqassist"


class _Keys:
    """The sorted keys of a table as a sequence of bytes, for ``bisect``."""

    __slots__ = ("blob", "offsets")

    def __init__(self, blob: bytes, offsets: array) -> None:
        self.blob, self.offsets = blob, offsets

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def __getitem__(self, index: int) -> bytes:
        return self.blob[self.offsets[index] : self.offsets[index + 1]]


class CompactTable(Mapping):
    """A read-only str -> str mapping over sorted keys and values held in two byte blobs."""

    def __init__(self, data: bytes) -> None:
        if data[:8] != MAGIC:
            raise ValueError("not a lemma table")
        count, key_bytes, value_bytes = struct.unpack_from("<III", data, 8)
        pos = 20
        key_offsets = array("I")
        key_offsets.frombytes(data[pos : pos + 4 * (count + 1)])
        pos += 4 * (count + 1)
        value_offsets = array("I")
        value_offsets.frombytes(data[pos : pos + 4 * (count + 1)])
        pos += 4 * (count + 1)
        self._keys = _Keys(data[pos : pos + key_bytes], key_offsets)
        pos += key_bytes
        self._values = _Keys(data[pos : pos + value_bytes], value_offsets)
        if len(self._values) != count or pos + value_bytes != len(data):
            raise ValueError("truncated lemma table")

    def _find(self, key: str) -> int:
        raw = key.encode()
        index = bisect_left(self._keys, raw)
        return index if index < len(self._keys) and self._keys[index] == raw else -1

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


def _simplemma_version() -> str:
    try:
        from importlib.metadata import version

        return version("simplemma")
    except Exception:  # pragma: no cover - metadata missing in odd installs
        return "unknown"


def load_table(lang: str = "nl") -> Mapping | None:
    """Return the compact table of ``lang``, building the cached file first when missing; None on failure."""
    if array("I").itemsize != 4:  # pragma: no cover - exotic platforms
        return None
    path = cache_folder() / f"{lang}-lemmas-{_simplemma_version()}.bin"
    try:
        return CompactTable(path.read_bytes())
    except (OSError, ValueError, struct.error):
        pass
    try:
        from simplemma.strategies.dictionaries.dictionary_factory import _load_dictionary_from_disk

        data = encode_table(_load_dictionary_from_disk(lang))
    except Exception:  # simplemma changed its internals: use its own loading
        return None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, tmp = tempfile.mkstemp(prefix=".lemmas-", dir=path.parent)
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only home: use the table in memory this time
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
