"""A download cache: each document URL is fetched once and kept in a local folder.

Files are keyed by their URL (a readable part plus a short hash of the whole URL) and
written atomically: the body is written to a hidden temporary file in the same folder
and renamed into place, so an interrupted download leaves no half-written document.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from pqassist import atomic
from pqassist.errors import FetchProblem

PARTIAL_PREFIX = atomic.TEMP_PREFIX  # temporary files of unfinished downloads

_TYPES = {
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "application/msword": ".doc",
    "application/vnd.ms-excel": ".xls",
    "text/plain": ".txt",
    "text/csv": ".csv",
}
READABLE = (".pdf", ".docx", ".txt")


def default_cache_dir(parliament: str) -> Path:
    """Return the cache folder for ``parliament``: $PQASSIST_CACHE or ~/.cache/pqassist."""
    root = os.environ.get("PQASSIST_CACHE")
    if root:
        return Path(root).expanduser() / parliament
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "pqassist" / parliament


def cache_key(url: str) -> str:
    """Return the file name stem under which the document at ``url`` is kept."""
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    if query.get("id"):
        readable = f"{Path(parts.path).name or 'doc'}-{query['id'][0]}"
    else:
        readable = Path(parts.path).stem or parts.netloc or "doc"
    readable = re.sub(r"[^A-Za-z0-9._-]+", "-", readable).strip("-.")[:60] or "doc"
    digest = hashlib.sha256(url.encode("utf-8")).hexdigest()[:10]
    return f"{readable}-{digest}"


class DocumentCache:
    """A folder of downloaded documents, one file per URL."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder).expanduser()

    def lookup(self, url: str) -> Path | None:
        """Return the cached file for ``url``, or None when it was never downloaded."""
        if not self.folder.is_dir():
            return None
        key = cache_key(url)
        for path in sorted(self.folder.glob(f"{glob_escape(key)}.*")):
            if path.is_file() and not path.name.startswith(PARTIAL_PREFIX):
                return path
        return None

    def store(self, url: str, body: bytes, content_type: str = "") -> Path:
        """Write ``body`` atomically under the key of ``url``; return the file's path."""
        suffix = guess_suffix(body, content_type)
        self._make_folder()
        target = self.folder / f"{cache_key(url)}{suffix}"
        return atomic.write_file(target, body, overwrite=True)

    def fetch(
        self,
        url: str,
        client,
        *,
        what: str = "",
        accept: tuple[str, ...] | None = None,
        api: str | None = None,
    ) -> Path:
        """Return the local file for ``url``, downloading it with ``client`` only once.

        With ``accept`` (suffixes such as ``(".pdf", ".docx")``) a body of another kind is
        refused with a FetchProblem and not kept, so an error page never enters the cache.
        Once ``client`` has read records from a service (``client.api_hosts``), or when
        ``api`` names it, ``url`` must be on a parliament's own host or on that service's
        host (``check_document_url``): a record cannot send pqassist anywhere else.
        """
        from pqassist.fetch.client import check_document_url

        hosts = set(getattr(client, "api_hosts", ()) or ())
        if api:
            hosts.add(urlsplit(api).hostname or api)
        if hosts:
            check_document_url(url, hosts)
        cached = self.lookup(url)
        if cached is not None and (accept is None or cached.suffix in accept):
            return cached
        body, content_type = client.get_bytes(url, what=what)
        suffix = guess_suffix(body, content_type)
        if accept is not None and suffix not in accept:
            kind = "een webpagina" if suffix == ".html" else f"een {suffix or 'onbekend'}-bestand"
            if not body.strip():
                kind = "een leeg bestand"
            raise FetchProblem(
                f"{what or url} is geen PDF-, Word- of tekstbestand maar {kind}; "
                f"open {url} in een browser om te zien wat er aan de hand is."
            )
        try:
            return self.store(url, body, content_type)
        except OSError as exc:
            if isinstance(exc, FetchProblem):
                raise
            raise FetchProblem(
                f"kan {what or url} niet bewaren in {self.folder}: {exc.strerror or exc}; "
                "kies een andere map met --cache."
            ) from None

    def _make_folder(self) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise FetchProblem(
                f"kan de cachemap {self.folder} niet aanmaken: {exc.strerror or exc}; "
                "kies een andere map met --cache."
            ) from None


def guess_suffix(body: bytes, content_type: str = "") -> str:
    """Return the file suffix for a downloaded body, from its first bytes or its type."""
    head = body[:8]
    if head.startswith(b"%PDF"):
        return ".pdf"
    if head.startswith(b"PK\x03\x04"):
        mapped = _TYPES.get(content_type.split(";")[0].strip().lower(), "")
        return mapped if mapped in (".docx", ".xlsx") else ".docx"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return ".doc"
    mime = content_type.split(";")[0].strip().lower()
    if mime in ("text/html", "application/xhtml+xml") or body.lstrip()[:15].lower().startswith(
        (b"<!doctype html", b"<html")
    ):
        return ".html"
    return _TYPES.get(mime, ".bin")


def glob_escape(text: str) -> str:
    """Return ``text`` with glob wildcards escaped."""
    return re.sub(r"([*?\[])", r"[\1]", text)
