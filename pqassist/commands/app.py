"""``pqassist app [--lab] [--port N] [--workdir DIR] [--no-token] [--check]``: the review app.

Starts Voilà (or, with ``--lab``, JupyterLab) on ``notebooks/review.ipynb`` of the
checkout, on 127.0.0.1 only, with the bundled example open; prints the address (with a
secret token, as Jupyter does, so that other users of the machine cannot open the app)
once Voilà's pre-heated kernel runs the notebook (a page opened from then on loads Voilà's
scripts while that kernel builds the app, and shows the app when it is built), and stops
the server cleanly on Ctrl-C (or SIGTERM). Reviews and
exports go to ``reviews/`` and ``exports/`` in ``--workdir`` (default: the current folder).

Kernels end with their page: a kernel without a browser connected is shut down after
``CULL_IDLE_SECONDS`` of inactivity (checked every ``CULL_INTERVAL_SECONDS``), and Voilà
keeps ``POOL_SIZE`` kernels pre-heated (refilled ``FILL_DELAY_SECONDS`` after a page takes one). The page asks no other host: the app's own Voilà
template (``pqassist/app/jupyter``) drops Voilà's CDN links (Font Awesome is bundled).
``--check`` verifies the installation without starting a server. Voilà's kernels are forked
from a warm process started beside the server (``pqassist.app.forkserver``), which imports
what a kernel needs while the server itself is still importing.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pqassist.errors import AppProblem

HOST = "127.0.0.1"
DEFAULT_PORT = 8866
NOTEBOOK = Path("notebooks") / "review.ipynb"
START_SECONDS = 120.0
# Uploads travel over the kernel's websocket in one message; tornado's default limit (10 MiB)
# would silently drop a larger PDF. Room for read.MAX_BYTES (100 MB) plus the message around it.
MAX_MESSAGE = 128 * 2**20
TORNADO = '{"websocket_max_message_size": %d}' % MAX_MESSAGE
STOP_SECONDS = 15.0
READY_SECONDS = 120.0
READY_ENV = "PQASSIST_READY_FILE"  # the pre-heated kernel touches it as it starts building the app
TOKEN_ENV = "JUPYTER_TOKEN"  # read by the server; never on its command line (visible to `ps`)
TEMPLATE = "pqassist"
# The only JupyterLab extensions a page loads (others installed beside the app, such as
# jupyterlab_pygments, would each add scripts to every page): the widgets and Voilà's manager
# for them (Voilà keeps the one that matches the installed ipywidgets).
EXTENSIONS = ("@jupyter-widgets/jupyterlab-manager", "@voila-dashboards/widgets-manager8",
              "@voila-dashboards/widgets-manager7")
POOL_SIZE = 1  # pre-heated kernels (about 150 MB each); one more starts as soon as one is taken
CULL_IDLE_SECONDS = 60  # a kernel without a page is shut down after this long without activity
CULL_INTERVAL_SECONDS = 15
# A page taken from the pool is refilled this long after: starting the next kernel (the server
# renders its notebook, the kernel imports and builds the app: seconds of CPU) while the page
# still loads would slow that page on a 2-core machine (measured: the page's HTML took 1.1-1.8 s
# instead of 0.3-0.9 s). A reload within FILL_DELAY_SECONDS waits for the refill instead.
FILL_DELAY_SECONDS = 3.0
# The servers start through this line instead of `python -m voila` / `-m jupyterlab`: jsonschema
# (imported by jupyter_events) builds rfc3987-syntax's Earley grammar at import, 1.5-5 s of CPU
# on a 2-core machine, for the "iri" format check that none of these servers' schemas needs.
# With the module marked absent, jsonschema skips that one check (as when it is not installed).
# Voilà's server also keeps what it compiles between runs (prepare_server): Jinja templates, and
# regular expressions through the command line's own cache (commands/regex_cache.py).
LAUNCH = ("import sys; sys.modules['rfc3987_syntax'] = None; "
          "from pqassist.commands import regex_cache; regex_cache.install(); "
          "from pqassist.app.launch import prepare_server; prepare_server(); "
          "from {module} import main; sys.exit(main())")


def register(subparsers, name: str) -> argparse.ArgumentParser:
    """Add the app command to ``subparsers`` and return its parser."""
    parser = subparsers.add_parser(
        name,
        help="start de beoordelingsapp (Voilà) met het voorbeeld; --lab: in JupyterLab",
        description=(
            "Start de beoordelingsapp op notebooks/review.ipynb in Voilà op 127.0.0.1, met het "
            "voorbeelddossier geopend, en toon het adres met een geheim token (zodat andere "
            "gebruikers van de computer de app niet kunnen openen). Met --lab opent JupyterLab "
            "hetzelfde notebook, al uitgevoerd. Een kernel zonder open pagina stopt na "
            f"{CULL_IDLE_SECONDS} s. Stoppen: Ctrl-C. Beoordelingen komen in reviews/, exports "
            "in exports/ van de werkmap."
        ),
    )
    parser.add_argument("--lab", action="store_true", help="open het notebook in JupyterLab in plaats van Voilà")
    parser.add_argument("--port", type=int, default=None,
                        help=f"poort (standaard {DEFAULT_PORT}, of een vrije poort als die bezet is)")
    parser.add_argument("--workdir", metavar="DIR", default=None,
                        help="map voor reviews/ en exports/ (standaard: de huidige map)")
    parser.add_argument("--no-example", action="store_true", help="start zonder het voorbeelddossier")
    parser.add_argument("--no-token", action="store_true",
                        help="geen token in het adres: iedereen op deze computer kan de app openen")
    parser.add_argument("--check", action="store_true",
                        help="controleer de installatie (notebook, sjablonen, Voilà, voorbeeld) zonder server")
    return parser


def run(args: argparse.Namespace) -> int:
    """Start the server, print its address, wait until Ctrl-C; return its exit code (0 when
    stopped). With ``--check``, verify the installation and return 0 instead."""
    if args.check:
        print(check(lab=args.lab), flush=True)
        return 0
    notebook = find_notebook()
    require(args.lab, version=False)  # its version only for --check: reading metadata costs 30 ms
    port = args.port if args.port else free_port(DEFAULT_PORT)
    workdir = Path(args.workdir or Path.cwd()).resolve()
    token = "" if args.no_token else secrets.token_urlsafe(24)
    env = app_environment(workdir, example=not args.no_example, token=token)
    query = f"?token={token}" if token else ""
    with tempfile.TemporaryDirectory(prefix="pqassist-app-") as scratch:
        log = Path(scratch) / "server.log"
        if args.lab:
            from pqassist.app.lab import prepare_notebook

            env.setdefault("PYTHONWARNINGS", "ignore::DeprecationWarning")  # Jupyter's own, at start-up
            copy = prepare_notebook(notebook, Path(scratch))
            command = lab_command(copy, port, token=bool(token), scratch=Path(scratch))
            address = f"http://{HOST}:{port}/lab/tree/{copy.name}{query}"
            return serve(command, env, port, address, workdir, log=log,
                         after_start=lambda: _run_in_lab(copy, port, token, Path(scratch)))
        ready = Path(scratch) / "ready"
        env[READY_ENV] = str(ready)
        command = voila_command(notebook, port, token=bool(token))
        with open(log, "ab") as output:
            from pqassist.app.launch import start_forkserver

            forks = start_forkserver(Path(scratch), env, output)
            return serve(command, env, port, f"http://{HOST}:{port}/{query}", workdir, ready=ready, log=log,
                         companions=[forks] if forks else [])


def _run_in_lab(copy: Path, port: int, token: str, scratch: Path) -> None:
    from pqassist.app.lab import execute_in_server

    print("Het notebook wordt uitgevoerd; even geduld …", flush=True)
    execute_in_server(copy, HOST, port, token, scratch)


def require(lab: bool = False, version: bool = True) -> str:
    """Return the version of Voilà (or JupyterLab with ``lab``; "" without ``version``); raise
    AppProblem when missing."""
    module = "jupyterlab" if lab else "voila"
    if importlib.util.find_spec(module) is None:
        raise AppProblem(
            f"{'JupyterLab' if lab else 'Voilà'} is niet geïnstalleerd; installeer de app-onderdelen "
            "met: pip install 'pqassist[app]' (in een checkout: make app)"
        )
    if not version:
        return ""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(module)
    except PackageNotFoundError:
        return "?"


def find_notebook() -> Path:
    """Return the review notebook: shipped with the package (pqassist/notebooks in a wheel,
    notebooks/ of a checkout), else notebooks/review.ipynb in the current folder; raise
    AppProblem when there is none."""
    from pqassist.data import notebook_path  # the wheel's pqassist/notebooks, else the checkout's

    for candidate in (notebook_path(NOTEBOOK.name), Path.cwd() / NOTEBOOK):
        if candidate.is_file():
            return candidate
    raise AppProblem(
        f"{NOTEBOOK.as_posix()} niet gevonden; start 'pqassist app' vanuit een kopie van de "
        "repository (make app)"
    )


def template_root() -> Path:
    """Return the folder that holds the app's Voilà template (``voila/templates/pqassist``);
    it goes first on the server's JUPYTER_PATH."""
    return Path(__file__).resolve().parents[1] / "app" / "jupyter"


def check(lab: bool = False) -> str:
    """Verify, without a server, that the notebook, the templates (the app's Voilà template
    and the Word templates) and Voilà are found and that the bundled example analyses and
    drafts; return one Dutch line, raise AppProblem (one line) otherwise."""
    notebook = find_notebook()
    try:
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    except (OSError, ValueError, KeyError, TypeError, RecursionError) as exc:
        raise AppProblem(f"{notebook} is geen leesbaar notebook ({type(exc).__name__}); herstel de kopie") from None
    if not any("pqassist.app" in "".join(cell.get("source", "")) for cell in cells if isinstance(cell, dict)):
        raise AppProblem(f"{notebook} start de app niet (geen 'pqassist.app' in de cellen)")
    voila = require(False)
    lab_version = require(True) if lab else None
    ours = template_root() / "voila" / "templates" / TEMPLATE
    missing = [n for n in ("conf.json", "index.html.j2", "page.html", "preload.html.j2") if not (ours / n).is_file()]
    if missing:
        raise AppProblem(f"het Voilà-sjabloon van de app ontbreekt ({ours}: {', '.join(missing)}); herinstalleer pqassist")
    from jupyter_core.paths import jupyter_path

    if not any(Path(p, "index.html.j2").is_file() for p in jupyter_path("voila", "templates", "lab")):
        raise AppProblem("het 'lab'-sjabloon van Voilà is niet gevonden; herinstalleer Voilà (pip install 'pqassist[app]')")
    try:
        items, size = _example_round_trip()
    except Exception as exc:  # noqa: BLE001 - any failure here means a broken installation
        raise AppProblem(f"het voorbeeld kon niet geanalyseerd worden: {type(exc).__name__}: "
                         f"{str(exc).splitlines()[0] if str(exc) else ''}".rstrip(": ")) from None
    where = f"JupyterLab {lab_version}, " if lab_version else ""
    return (f"De app is klaar om te starten: notebook {notebook}, Voilà {voila}, {where}sjablonen gevonden, "
            f"voorbeeld geanalyseerd ({items} deelvragen, Word-document van {size // 1024} kB).")


def _example_round_trip() -> tuple[int, int]:
    """Return the bundled example's item count and the size of its Word draft in bytes."""
    from importlib.resources import files

    from pqassist.analysis.pipeline import analyse
    from pqassist.app.startup import EXAMPLE_NAME
    from pqassist.drafting.compose import draft
    from pqassist.drafting.export import render_docx
    from pqassist.parse.load import dossier_from_text

    text = (files("pqassist.data") / EXAMPLE_NAME).read_text(encoding="utf-8")
    analysis = analyse(dossier_from_text(text, source=EXAMPLE_NAME))
    if not analysis.dossier.items:
        raise ValueError("geen deelvragen gevonden")
    return len(analysis.dossier.items), len(render_docx(draft(analysis)))


def free_port(preferred: int = DEFAULT_PORT) -> int:
    """Return ``preferred`` when it is free on 127.0.0.1, else a free port the system picks."""
    for port in (preferred, 0):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            try:
                sock.bind((HOST, port))
            except OSError:
                continue
            return sock.getsockname()[1]
    raise AppProblem("geen vrije poort gevonden op 127.0.0.1; geef er een met --port")


def app_environment(workdir: Path, *, example: bool = True, token: str = "") -> dict[str, str]:
    """Return the environment for the server and its kernels: example on/off, reviews and
    exports folders, the app's template folder first on JUPYTER_PATH, and the token."""
    env = dict(os.environ)
    env["PQASSIST_EXAMPLE"] = "1" if example else "0"
    env["PQASSIST_REVIEWS"] = str(workdir / "reviews")
    env["PQASSIST_EXPORTS"] = str(workdir / "exports")
    env["JUPYTER_PATH"] = os.pathsep.join(p for p in (str(template_root()), env.get("JUPYTER_PATH", "")) if p)
    env[TOKEN_ENV] = token
    env.pop("JUPYTER_TOKEN_FILE", None)
    return env


def _stop_companion(process: subprocess.Popen) -> None:
    from pqassist.app.launch import stop_companion

    stop_companion(process, STOP_SECONDS)


def culling(idle: int = CULL_IDLE_SECONDS, interval: int = CULL_INTERVAL_SECONDS) -> list[str]:
    """Return the server options that shut down kernels left ``idle`` seconds without a page."""
    return [
        f"--MappingKernelManager.cull_idle_timeout={idle}",
        f"--MappingKernelManager.cull_interval={interval}",
        "--MappingKernelManager.cull_connected=False",  # a page still open keeps its kernel
        "--MappingKernelManager.cull_busy=False",
    ]


def voila_command(notebook: Path, port: int, *, log_level: str = "WARN", pool: int = POOL_SIZE,
                  token: bool = True, idle: int = CULL_IDLE_SECONDS,
                  interval: int = CULL_INTERVAL_SECONDS) -> list[str]:  # fmt: skip
    """Return the argv that serves ``notebook`` with Voilà on 127.0.0.1:``port``; with
    ``token`` the server takes its token from $JUPYTER_TOKEN (see ``app_environment``)."""
    return [
        sys.executable, "-c", LAUNCH.format(module="voila.app"), str(notebook),
        f"--port={port}", f"--Voila.ip={HOST}", "--Voila.port_retries=0", "--no-browser",
        "--strip_sources=True", "--show_tracebacks=False", "--theme=light", f"--template={TEMPLATE}",
        # Kernels kept ready: the notebook runs up to wait_for_page() before a browser asks.
        "--preheat_kernel=True", f"--pool_size={pool}", f"--VoilaKernelManager.fill_delay={FILL_DELAY_SECONDS:g}",
        f"--Voila.auto_token={token}",
        f"--VoilaConfiguration.extension_allowlist={list(EXTENSIONS)!r}",
        f"--Voila.log_level={log_level}", f"--Voila.tornado_settings={TORNADO}",
        *culling(idle, interval),
    ]


def lab_command(notebook: Path, port: int, *, token: bool = True, scratch: Path | None = None,
                log_level: str = "WARN") -> list[str]:  # fmt: skip
    """Return the argv that opens JupyterLab on ``notebook``'s folder on 127.0.0.1:``port``
    (token from $JUPYTER_TOKEN; notebook signatures and workspaces kept in ``scratch``)."""
    command = [
        sys.executable, "-c", LAUNCH.format(module="jupyterlab.labapp"),
        f"--ServerApp.root_dir={notebook.parent}", f"--ServerApp.ip={HOST}", f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0", "--ServerApp.open_browser=False",
        f"--ServerApp.log_level={log_level}",
        f"--LabApp.log_level={log_level}", f"--ServerApp.tornado_settings={TORNADO}",
        # Offline and quiet: no news feed, no update check (both would ask other hosts).
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.handlers.announcements.NeverCheckForUpdate",
        # No culling here: JupyterLab keeps one kernel per notebook and joins it again when the
        # tab is reopened; the kernel run before the address is shown must wait for the staffer.
    ]
    if not token:
        command.append("--IdentityProvider.token=")
    if scratch is not None:
        command += [f"--NotebookNotary.db_file={scratch / 'nbsignatures.db'}",
                    f"--NotebookNotary.secret_file={scratch / 'notebook_secret'}",
                    f"--LabApp.workspaces_dir={scratch / 'workspaces'}",
                    f"--LabApp.app_settings_dir={lab_overrides(scratch)}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # containers: Jupyter refuses root otherwise
        command.append("--ServerApp.allow_root=True")
    return command


def lab_overrides(scratch: Path) -> Path:
    """Write JupyterLab default settings for this session into ``scratch`` and return their
    folder: never ask about or fetch Jupyter's news feed (a staffer's own settings still win)."""
    folder = scratch / "lab-settings"
    folder.mkdir(exist_ok=True)
    overrides = {"@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False}}
    (folder / "overrides.json").write_text(json.dumps(overrides), encoding="utf-8")
    return folder


def wait_until_listening(port: int, process: subprocess.Popen, seconds: float = START_SECONDS) -> bool:
    """Return True once 127.0.0.1:``port`` accepts connections; False when ``process`` ended first."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            with socket.create_connection((HOST, port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.05)
    return False


def stop(process: subprocess.Popen, seconds: float = STOP_SECONDS) -> int:
    """Stop ``process`` (SIGTERM: the server shuts its kernels down), kill it after
    ``seconds``; return its exit code."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return process.returncode


def wait_until_ready(ready: Path, process: subprocess.Popen, seconds: float = READY_SECONDS) -> bool:
    """Return True once a pre-heated kernel has touched ``ready`` (it runs the notebook: a page
    asked for from now on gets that kernel); False when ``process`` ended or time ran out."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if ready.exists():
            return True
        if process.poll() is not None:
            return False
        time.sleep(0.05)
    return False


def serve(command: list[str], env: dict[str, str], port: int, address: str, workdir: Path,
          ready: Path | None = None, log: Path | None = None, after_start=None,
          companions: list[subprocess.Popen] = ()) -> int:  # fmt: skip
    """Run the server ``command`` until Ctrl-C or SIGTERM; print the address once it answers
    (and, with ``ready``, once the pre-heated kernel runs the notebook, so that the first page
    gets that kernel;
    ``after_start`` runs before the address is shown). The server's own messages go to
    ``log``; they are shown only when it fails to start. ``companions`` (helper processes
    already started) are stopped after the server."""
    with open(log, "ab") if log else contextlib.nullcontext() as output:
        # Its own session: Ctrl-C reaches only us, and we stop the server without Jupyter's
        # "Shutdown this server (y/[n])?" prompt.
        process = subprocess.Popen(command, env=env, start_new_session=True, stdout=output,
                                   stderr=subprocess.STDOUT if output else None)  # fmt: skip

        def on_term(_signum, _frame):
            raise KeyboardInterrupt

        def failed(reason: str = "") -> AppProblem:
            code = stop(process)
            if log is not None:
                output.flush()
                tail = log.read_text(encoding="utf-8", errors="replace").splitlines()[-15:]
                print("\n".join(tail), file=sys.stderr)
            return AppProblem(
                reason or f"de server startte niet (code {code}) op poort {port}; zie de meldingen "
                "hierboven of kies een andere poort met --port"
            )

        previous = signal.signal(signal.SIGTERM, on_term)
        try:
            if not wait_until_listening(port, process):
                raise failed()
            if ready is not None:
                print("De app start; even geduld …", flush=True)
                wait_until_ready(ready, process)
                if process.poll() is not None:
                    raise failed()
            if after_start is not None:
                try:
                    after_start()
                except AppProblem as exc:
                    raise failed(str(exc)) from None
            print(f"De app draait op {address}", flush=True)
            if "token=" in address:
                print("Open dit adres (met het token) in de browser; zonder token weigert de app.", flush=True)
            print(f"Beoordelingen: {workdir / 'reviews'}   exports: {workdir / 'exports'}", flush=True)
            print("Stoppen: Ctrl-C", flush=True)
            try:
                process.wait()
            except KeyboardInterrupt:
                print("\nDe app stopt …", flush=True)
                stop(process)
                return 0
            return process.returncode or 0
        finally:
            signal.signal(signal.SIGTERM, previous)
            if process.poll() is None:
                stop(process)
            for companion in companions:
                _stop_companion(companion)
