"""Decode JSON from outside (review files, JSON-lines rows, service replies) safely.

``json.loads`` fails in more ways than ``JSONDecodeError``: text nested thousands of
levels deep raises ``RecursionError``, an integer of more than 4300 digits raises
``ValueError`` (Python's limit on int conversion), and a huge document can raise
``MemoryError``. ``loads`` turns every one of them into the caller's own
``PqassistError`` with one Dutch line, so that the command line exits 2 and a batch
skips the row instead of ending in a traceback.

The C decoder raises ``RecursionError`` quickly on deep nesting, so no pre-scan is
needed; the cost of a refusal is one pass of the decoder.
"""

from __future__ import annotations

import json
from typing import Any

from pqassist.errors import PqassistError


# the decoder's messages (English) in Dutch, by how they start; others are left out
_DECODER_MESSAGES = (
    ("Expecting value", "waarde verwacht"),
    ("Expecting property name", "naam tussen dubbele aanhalingstekens verwacht"),
    ("Expecting ',' delimiter", "komma verwacht"),
    ("Expecting ':' delimiter", "dubbele punt verwacht"),
    ("Unterminated string", "tekst tussen aanhalingstekens niet afgesloten"),
    ("Invalid control character", "ongeldig stuurteken in tekst"),
    ("Invalid \\", "ongeldige escape met backslash"),
    ("Extra data", "nog tekst na het einde"),
)


def loads(
    data: str | bytes,
    *,
    source: str,
    error: type[PqassistError],
    hint: str = "controleer of herstel het bestand",
) -> Any:
    """Return the value decoded from ``data``; raise ``error`` with one line naming ``source``.

    ``data`` may be bytes (UTF-8, with or without a byte-order mark) or text. The message
    says what is wrong (not UTF-8, not JSON at line/column, nested too deep, a number too
    long, too big) followed by ``hint``.
    """
    if isinstance(data, (bytes, bytearray, memoryview)):
        try:
            data = bytes(data).decode("utf-8-sig")
        except UnicodeDecodeError:
            raise error(f"{source} is geen tekst in UTF-8; {hint}") from None
    elif data.startswith("\ufeff"):
        data = data[1:]
    try:
        return json.loads(data)
    except json.JSONDecodeError as exc:
        raise error(
            f"{source} is geen geldige JSON (regel {exc.lineno}, kolom {exc.colno}{_why(exc.msg)}); {hint}"
        ) from None
    except RecursionError:
        raise error(f"{source} is te diep genest; {hint}") from None
    except MemoryError:
        raise error(f"{source} is te groot om te lezen; {hint}") from None
    except ValueError as exc:  # "Exceeds the limit (4300 digits) for integer string conversion"
        reason = "bevat een getal met te veel cijfers" if "digits" in str(exc) else "is geen geldige JSON"
        raise error(f"{source} {reason}; {hint}") from None


def _why(message: str) -> str:
    """Return the decoder's ``message`` in Dutch after ": " (empty when it has no translation)."""
    for start, dutch in _DECODER_MESSAGES:
        if message.startswith(start):
            return f": {dutch}"
    return ""
