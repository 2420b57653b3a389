"""A small HTTP client for open-data services: timeouts, retries, one clear error.

Every call is bounded: connect and read timeouts per attempt, a few attempts with
exponential backoff on connection errors, timeouts and 5xx answers, and a total time
budget (``deadline``) after which the call gives up. One client also stops waiting once
its failed attempts over all calls have taken ``patience`` seconds, so a command that
makes several calls still fails in bounded time. Whatever goes wrong becomes one
``FetchProblem`` with a Dutch message that says what happened and what to do.
"""

from __future__ import annotations

import contextlib
import json
import time
from dataclasses import dataclass
from typing import Any, Callable, Iterator
from urllib.parse import urlsplit

import httpx

from pqassist import __version__
from pqassist.errors import FetchProblem

USER_AGENT = f"pqassist/{__version__} (open-data client)"
RETRY_STATUS = frozenset({429, 500, 502, 503, 504})


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
        self._http = httpx.Client(
            headers={"User-Agent": USER_AGENT},
            follow_redirects=True,
        )
        self.requests = 0  # attempts made, for tests and diagnostics
        self._lost = 0.0  # seconds spent on failed attempts and backoff so far

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
        try:
            return json.loads(body.decode("utf-8-sig"))
        except UnicodeDecodeError:
            raise FetchProblem(
                f"{self.service} gaf onleesbare tekens terug voor {what or url} "
                "(geen UTF-8); probeer later opnieuw."
            ) from None
        except json.JSONDecodeError as exc:
            raise FetchProblem(
                f"{self.service} gaf geen geldige JSON terug voor {what or url} "
                f"(regel {exc.lineno}, kolom {exc.colno}: {exc.msg}); "
                "controleer het adres van de dienst (--api)."
            ) from None

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
        """Return status, headers and body of one attempt; raise _Unreachable on failure."""
        try:
            with self._http.stream(
                "GET", url, params=params, headers={"Accept": accept}, timeout=timeout
            ) as response:
                status = response.status_code
                headers = {k.lower(): v for k, v in response.headers.items()}
                if status >= 300:
                    return status, headers, b""
                return status, headers, b"".join(self._chunks(response, start, budget))
        except httpx.ConnectTimeout:
            raise _Unreachable(
                f"geen verbinding binnen {_seconds(timeout.connect)} s"
            ) from None
        except (httpx.ReadTimeout, httpx.WriteTimeout, httpx.PoolTimeout):
            raise _Unreachable(f"geen antwoord binnen {_seconds(timeout.read)} s") from None
        except httpx.ConnectError as exc:
            raise _Unreachable(_connect_reason(exc)) from None
        except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError) as exc:
            raise _Unreachable(f"de verbinding werd verbroken ({type(exc).__name__})") from None
        except httpx.TooManyRedirects:
            raise FetchProblem(f"{self.service}: te veel doorverwijzingen voor {url}") from None
        except httpx.HTTPError as exc:  # anything else httpx raises: still one line
            raise _Unreachable(f"{type(exc).__name__}: {exc}") from None

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
