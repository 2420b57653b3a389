"""A small HTTP client for open-data services: timeouts, retries, one clear error.

Every call is bounded: connect and read timeouts per attempt, a few attempts with
exponential backoff on connection errors, timeouts and 5xx answers, and a total time
budget (``deadline``) after which the call gives up. One client also stops waiting once
its failed attempts over all calls have taken ``patience`` seconds, so a command that
makes several calls still fails in bounded time. The deadline covers everything,
headers included: every socket read and write waits at most until the deadline, so a
server that sends its headers one byte a second fails in time. Redirects are followed
only within the same host (``check_redirect``); ``check_document_url`` keeps document
downloads on the parliaments' own hosts or the service's. Whatever goes wrong becomes
one ``FetchProblem`` with a Dutch message that says what happened and what to do.
"""

from __future__ import annotations

import contextlib
import ipaddress
import threading
import time
from dataclasses import dataclass
from typing import Any, Callable, Iterator
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from pqassist import __version__, jsonio
from pqassist.errors import FetchProblem

USER_AGENT = f"pqassist/{__version__} (open-data client)"
RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUS = frozenset({301, 302, 303, 307, 308})
MAX_REDIRECTS = 5
# The parliaments' own hosts (and their subdomains): documents are fetched only from these,
# or from the host of the service the records came from (--api).
DOCUMENT_DOMAINS = (
    "vlaamsparlement.be",
    "vlpar.be",
    "dekamer.be",
    "lachambre.be",
    "tweedekamer.nl",
    "officielebekendmakingen.nl",
    "overheid.nl",
)


@dataclass(frozen=True)
class Settings:
    """How patient a client is: timeouts per attempt, attempts, backoff, total budget."""

    connect: float = 3.0
    read: float = 8.0
    attempts: int = 3
    backoff: float = 0.5  # seconds before the 2nd attempt; doubles after each failure
    deadline: float = 10.0  # total seconds for one call, retries included
    # Total seconds one client may lose on failed attempts and backoff over all its calls
    # (None: the deadline), so a command making several calls still gives up in time.
    patience: float | None = None
    max_bytes: int = 60 * 1024 * 1024


class Client:
    """An HTTP client for one service; use it as a context manager so it gets closed."""

    def __init__(
        self,
        service: str,
        settings: Settings | None = None,
        *,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.service = service  # Dutch name used in messages, e.g. "Vlaams Parlement"
        self.settings = settings or Settings()
        self._sleep = sleep
        self._deadline = _Deadline()
        self._http = httpx.Client(
            headers={"User-Agent": USER_AGENT},
            follow_redirects=False,  # followed by hand, within the same host only
            transport=_transport(self._deadline),
        )
        self.requests = 0  # attempts made, for tests and diagnostics
        self._lost = 0.0  # seconds spent on failed attempts and backoff so far
        self.api_hosts: set[str] = set()  # hosts JSON was read from: their documents are allowed

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connections of this client."""
        self._http.close()

    # -- public calls ----------------------------------------------------------------

    def get_json(self, url: str, *, params: dict | None = None, what: str = "") -> Any:
        """Return the decoded JSON answer of ``GET url``; raise FetchProblem otherwise."""
        body = self._get(url, params=params, accept="application/json", what=what)
        self.api_hosts.add(_hostname(url))
        try:
            text = body.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise FetchProblem(
                f"{self.service} gaf onleesbare tekens terug voor {what or url} "
                "(geen UTF-8); probeer later opnieuw."
            ) from None
        return jsonio.loads(
            text,
            source=f"het antwoord van {self.service} voor {what or url}",
            error=FetchProblem,
            hint="controleer het adres van de dienst (--api)",
        )

    def get_bytes(self, url: str, *, what: str = "") -> tuple[bytes, str]:
        """Return the body and the Content-Type of ``GET url``; raise FetchProblem otherwise."""
        holder: dict[str, str] = {}
        body = self._get(url, accept="*/*", what=what, headers_out=holder)
        return body, holder.get("content-type", "")

    # -- the one loop that talks to the network ------------------------------------

    def _get(
        self,
        url: str,
        *,
        params: dict | None = None,
        accept: str,
        what: str,
        headers_out: dict | None = None,
    ) -> bytes:
        check_url(url)
        label = what or url
        settings = self.settings
        patience = settings.deadline if settings.patience is None else settings.patience
        budget = min(settings.deadline, patience - self._lost)
        start = time.monotonic()
        wait = settings.backoff
        last = ""
        made = 0
        while made < max(1, settings.attempts):
            left = budget - (time.monotonic() - start)
            if left <= 0.05:
                break
            timeout = httpx.Timeout(
                connect=min(settings.connect, left),
                read=min(settings.read, left),
                write=min(settings.read, left),
                pool=min(settings.connect, left),
            )
            made += 1
            self.requests += 1
            tried = time.monotonic()
            try:
                status, headers, body = self._once(url, params, accept, timeout, start, budget)
            except _Unreachable as exc:
                last = exc.reason
            else:
                if status < 300:
                    if headers_out is not None:
                        headers_out.update(headers)
                    return body
                if status not in RETRY_STATUS:
                    raise FetchProblem(_status_message(self.service, status, label))
                last = f"HTTP {status}"
            self._lost += time.monotonic() - tried
            left = budget - (time.monotonic() - start)
            if made >= settings.attempts or left <= wait:
                break
            self._sleep(wait)
            self._lost += wait
            wait *= 2
        elapsed = time.monotonic() - start
        tries = "1 poging" if made == 1 else f"{made} pogingen"
        if last.startswith("HTTP "):
            raise FetchProblem(
                f"{self.service} gaf een fout ({last}) voor {label}, ook na {tries} "
                f"in {_seconds(elapsed)} s; probeer later opnieuw."
            )
        raise FetchProblem(
            f"{self.service} is niet bereikbaar op {_host(url)}: {last or 'geen tijd meer over'} "
            f"(opgegeven na {tries} in {_seconds(elapsed)} s); controleer de "
            "internetverbinding of het adres van de dienst (--api) en probeer later opnieuw."
        )

    def _once(
        self,
        url: str,
        params: dict | None,
        accept: str,
        timeout: httpx.Timeout,
        start: float,
        budget: float,
    ) -> tuple[int, dict, bytes]:
        """Return status, headers and body of one attempt (redirects within the host
        followed); raise _Unreachable on failure, FetchProblem on a redirect elsewhere."""
        self._deadline.until = start + budget
        try:
            current = url
            for _ in range(MAX_REDIRECTS + 1):
                with self._http.stream(
                    "GET", current, params=params, headers={"Accept": accept}, timeout=timeout
                ) as response:
                    status = response.status_code
                    headers = {k.lower(): v for k, v in response.headers.items()}
                    if status in REDIRECT_STATUS and headers.get("location"):
                        target = urljoin(str(response.url), headers["location"])
                        check_redirect(str(response.url), target, self.service)
                        current, params = target, None
                        continue
                    if status >= 300:
                        return status, headers, b""
                    return status, headers, b"".join(self._chunks(response, start, budget))
            raise FetchProblem(f"{self.service}: te veel doorverwijzingen voor {url}")
        except httpx.ConnectTimeout:
            raise _Unreachable(
                f"geen verbinding binnen {_seconds(timeout.connect)} s"
            ) from None
        except (httpx.ReadTimeout, httpx.WriteTimeout, httpx.PoolTimeout):
            if time.monotonic() >= start + budget - 0.01:
                raise _Unreachable(f"geen antwoord binnen {_seconds(budget)} s") from None
            raise _Unreachable(f"geen antwoord binnen {_seconds(timeout.read)} s") from None
        except httpx.ConnectError as exc:
            raise _Unreachable(_connect_reason(exc)) from None
        except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError) as exc:
            raise _Unreachable(f"de verbinding werd verbroken ({type(exc).__name__})") from None
        except httpx.HTTPError as exc:  # anything else httpx raises: still one line
            raise _Unreachable(f"{type(exc).__name__}: {exc}") from None
        finally:
            self._deadline.until = None

    def _chunks(self, response: httpx.Response, start: float, budget: float) -> Iterator[bytes]:
        total = 0
        for chunk in response.iter_bytes():
            total += len(chunk)
            if total > self.settings.max_bytes:
                raise FetchProblem(
                    f"{self.service}: het antwoord van {response.url} is groter dan "
                    f"{self.settings.max_bytes // (1024 * 1024)} MB; download het zelf."
                )
            if time.monotonic() - start > budget + self.settings.read:
                raise _Unreachable("het antwoord kwam te traag binnen")
            yield chunk


def open_client(client: "Client | None", timeout: float | None, service: str):
    """Return a context manager giving ``client`` (left open) or a new Client (closed after).

    ``timeout`` is the total time budget of each call in seconds (None: the default).
    """
    if client is not None:
        return contextlib.nullcontext(client)
    settings = Settings() if timeout is None else Settings(deadline=float(timeout))
    return Client(service, settings)


class _Unreachable(Exception):
    """One attempt failed for a reason worth retrying."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def check_url(url: str) -> None:
    """Raise FetchProblem unless ``url`` is an http(s) address with a host."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise FetchProblem(
            f"ongeldig adres {url!r}: verwacht een http(s)-adres zoals https://ws.vlpar.be"
        )


def check_redirect(source: str, target: str, service: str = "de dienst") -> None:
    """Raise FetchProblem unless a redirect from ``source`` to ``target`` stays on the same
    host (same name, same port or an upgrade from http to https on the default ports)."""
    check_url(target)
    old, new = urlsplit(source), urlsplit(target)
    same_host = (old.hostname or "").lower() == (new.hostname or "").lower()
    same_port = _port(old) == _port(new) or (
        old.scheme == "http" and new.scheme == "https" and old.port is None and new.port is None
    )
    if not (same_host and same_port) or (old.scheme == "https" and new.scheme == "http"):
        raise FetchProblem(
            f"{service} verwijst door naar een ander adres ({_host(target)}); pqassist volgt "
            "alleen doorverwijzingen binnen dezelfde server. Controleer het adres (--api)."
        )


def check_document_url(url: str, api_base: "str | set[str] | list[str] | tuple[str, ...] | None" = None) -> None:
    """Raise FetchProblem unless ``url`` is a document on a parliament's own host
    (``DOCUMENT_DOMAINS`` and their subdomains) or on the host of the service
    ``api_base`` (a base URL or host names, e.g. ``Client.api_hosts``: what --api named).

    A private, loopback or link-local address is allowed only when it is that service's.
    Without ``api_base`` a loopback address passes (local test services);
    ``DocumentCache.fetch`` checks again with the hosts its client read records from.
    """
    check_url(url)
    host = _hostname(url)
    if api_base is None and _is_loopback(host):
        return
    if isinstance(api_base, str):
        allowed = {_hostname(api_base) if "://" in api_base else api_base.lower()}
    else:
        allowed = {h.lower() for h in (api_base or ())}
    if host in allowed:
        return
    if _is_ip(host):
        raise FetchProblem(
            f"het document {url} staat op een intern of onbekend adres ({host}); pqassist "
            "haalt documenten alleen bij het parlement zelf. Download het zelf als u het vertrouwt."
        )
    if any(host == domain or host.endswith("." + domain) for domain in DOCUMENT_DOMAINS):
        return
    raise FetchProblem(
        f"het document {url} staat niet op een server van het parlement ({host}); pqassist "
        "haalt documenten alleen daar (of bij de dienst van --api). Download het zelf als u het vertrouwt."
    )


def _hostname(url: str) -> str:
    return (urlsplit(url).hostname or "").lower().rstrip(".")


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return host == "localhost"


def _port(parts) -> int | None:
    try:
        return parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    except ValueError:
        return None


# -- one deadline for every socket operation ------------------------------------------


class _Deadline(threading.local):
    """The monotonic time the current call must be done by (None: no call running)."""

    until: float | None = None

    def clamp(self, timeout: float | None) -> float | None:
        """Return ``timeout`` shortened to the time left; raise when none is left."""
        if self.until is None:
            return timeout
        left = self.until - time.monotonic()
        if left <= 0:
            raise httpcore.ReadTimeout("deadline")
        return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    """A socket stream whose reads and writes never wait past the call's deadline."""

    def __init__(self, stream, deadline: _Deadline) -> None:
        self._stream = stream
        self._deadline = deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, self._deadline.clamp(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, self._deadline.clamp(timeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(self, ssl_context, server_hostname=None, timeout=None):
        upgraded = self._stream.start_tls(ssl_context, server_hostname, self._deadline.clamp(timeout))
        return _DeadlineStream(upgraded, self._deadline)

    def get_extra_info(self, info: str):
        return self._stream.get_extra_info(info)


class _DeadlineBackend(httpcore.NetworkBackend):
    """httpcore's socket backend with every wait bounded by the call's deadline."""

    def __init__(self, inner, deadline: _Deadline) -> None:
        self._inner = inner
        self._deadline = deadline

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        stream = self._inner.connect_tcp(host, port, self._deadline.clamp(timeout), local_address, socket_options)
        return _DeadlineStream(stream, self._deadline)

    def connect_unix_socket(self, path, timeout=None, socket_options=None):  # pragma: no cover
        stream = self._inner.connect_unix_socket(path, self._deadline.clamp(timeout), socket_options)
        return _DeadlineStream(stream, self._deadline)

    def sleep(self, seconds: float) -> None:  # pragma: no cover - not used by HTTP/1.1
        self._inner.sleep(seconds)


def _transport(deadline: _Deadline) -> httpx.HTTPTransport:
    """Return httpx's transport with the deadline on every socket operation."""
    transport = httpx.HTTPTransport()
    pool = getattr(transport, "_pool", None)
    inner = getattr(pool, "_network_backend", None)
    if inner is None:  # pragma: no cover - an httpcore without the attribute
        raise RuntimeError("httpcore changed: pqassist cannot bound the time of a request")
    pool._network_backend = _DeadlineBackend(inner, deadline)
    return transport


def _seconds(value: float | None) -> str:
    """Return seconds the Dutch way: one decimal, a comma, no ",0"."""
    text = f"{value or 0:.1f}".replace(".", ",")
    return text[:-2] if text.endswith(",0") else text


def _host(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _connect_reason(exc: Exception) -> str:
    text = str(exc).lower()
    if "refused" in text or "errno 111" in text:
        return "de verbinding werd geweigerd"
    if "name or service" in text or "nodename" in text or "temporary failure" in text:
        return "de naam van de server is onbekend (geen internet?)"
    if "unreachable" in text:
        return "het netwerk is onbereikbaar (geen internet?)"
    if "certificate" in text or "ssl" in text:
        return "de beveiligde verbinding mislukte (certificaat)"
    return f"de verbinding mislukte ({exc or type(exc).__name__})"


def _status_message(service: str, status: int, label: str) -> str:
    if status == 404:
        return f"{service} kent {label} niet (HTTP 404); controleer het nummer of de link."
    if status in (401, 403):
        return f"{service} weigert de toegang tot {label} (HTTP {status})."
    if 300 <= status < 400:
        return f"{service} verwijst {label} door zonder nieuw adres (HTTP {status})."
    return f"{service} weigert de vraag naar {label} (HTTP {status}); controleer de invoer."
