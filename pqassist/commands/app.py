"""``pqassist app [--lab] [--port N] [--workdir DIR]``: the review app in Voilà or JupyterLab.

Starts Voilà (or, with ``--lab``, JupyterLab) on ``notebooks/review.ipynb`` of the
checkout, on 127.0.0.1 only, with the bundled example open; prints the address once the
server answers and stops the server cleanly on Ctrl-C (or SIGTERM). Reviews and exports
go to ``reviews/`` and ``exports/`` in ``--workdir`` (default: the current folder).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
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
READY_ENV = "PQASSIST_READY_FILE"  # a pre-heated kernel touches it when the app is ready to show


def register(subparsers, name: str) -> argparse.ArgumentParser:
    """Add the app command to ``subparsers`` and return its parser."""
    parser = subparsers.add_parser(
        name,
        help="start de beoordelingsapp (Voilà) met het voorbeeld; --lab: in JupyterLab",
        description=(
            "Start de beoordelingsapp op notebooks/review.ipynb in Voilà op 127.0.0.1, met het "
            "voorbeelddossier geopend, en toon het adres. Met --lab opent JupyterLab hetzelfde "
            "notebook (adres met token). Stoppen: Ctrl-C. Beoordelingen komen in reviews/, "
            "exports in exports/ van de werkmap."
        ),
    )
    parser.add_argument("--lab", action="store_true", help="open het notebook in JupyterLab in plaats van Voilà")
    parser.add_argument("--port", type=int, default=None,
                        help=f"poort (standaard {DEFAULT_PORT}, of een vrije poort als die bezet is)")
    parser.add_argument("--workdir", metavar="DIR", default=None,
                        help="map voor reviews/ en exports/ (standaard: de huidige map)")
    parser.add_argument("--no-example", action="store_true", help="start zonder het voorbeelddossier")
    return parser


def run(args: argparse.Namespace) -> int:
    """Start the server, print its address, wait until Ctrl-C; return its exit code (0 when stopped)."""
    notebook = find_notebook()
    module = "jupyterlab" if args.lab else "voila"
    if importlib.util.find_spec(module) is None:
        raise AppProblem(
            f"{'JupyterLab' if args.lab else 'Voilà'} is niet geïnstalleerd; installeer de app-onderdelen "
            "met: pip install -e '.[app]' (of gebruik make app)"
        )
    port = args.port if args.port else free_port(DEFAULT_PORT)
    workdir = Path(args.workdir or Path.cwd()).resolve()
    env = app_environment(workdir, example=not args.no_example)
    if args.lab:
        env.setdefault("PYTHONWARNINGS", "ignore::DeprecationWarning")  # Jupyter's own, at start-up
        token = secrets.token_urlsafe(24)
        command = lab_command(notebook, port, token)
        address = f"http://{HOST}:{port}/lab/tree/{notebook.name}?token={token}"
    else:
        command = voila_command(notebook, port)
        address = f"http://{HOST}:{port}/"
    with tempfile.TemporaryDirectory(prefix="pqassist-app-") as scratch:
        ready = None
        if not args.lab:
            ready = Path(scratch) / "ready"
            env[READY_ENV] = str(ready)
        return serve(command, env, port, address, workdir, ready=ready, log=Path(scratch) / "server.log")


def find_notebook() -> Path:
    """Return notebooks/review.ipynb of the checkout (beside the package, else in the
    current folder); raise AppProblem when there is none."""
    for root in (Path(__file__).resolve().parents[2], Path.cwd()):
        candidate = root / NOTEBOOK
        if candidate.is_file():
            return candidate
    raise AppProblem(
        f"{NOTEBOOK.as_posix()} niet gevonden; start 'pqassist app' vanuit een kopie van de "
        "repository (make app)"
    )


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


def app_environment(workdir: Path, *, example: bool = True) -> dict[str, str]:
    """Return the environment for the server's kernels: example on/off, reviews and exports folders."""
    env = dict(os.environ)
    env["PQASSIST_EXAMPLE"] = "1" if example else "0"
    env["PQASSIST_REVIEWS"] = str(workdir / "reviews")
    env["PQASSIST_EXPORTS"] = str(workdir / "exports")
    return env


def voila_command(notebook: Path, port: int, *, log_level: str = "WARN", pool: int = 2) -> list[str]:
    """Return the argv that serves ``notebook`` with Voilà on 127.0.0.1:``port``."""
    return [
        sys.executable, "-m", "voila", str(notebook),
        f"--port={port}", f"--Voila.ip={HOST}", "--Voila.port_retries=0", "--no-browser",
        "--strip_sources=True", "--show_tracebacks=False", "--theme=light",
        # One kernel kept ready: the notebook runs up to wait_for_page() before a browser asks.
        "--preheat_kernel=True", f"--pool_size={pool}", "--VoilaKernelManager.fill_delay=0",
        f"--Voila.log_level={log_level}", f"--Voila.tornado_settings={TORNADO}",
    ]


def lab_command(notebook: Path, port: int, token: str, *, log_level: str = "WARN") -> list[str]:
    """Return the argv that opens JupyterLab on ``notebook``'s folder on 127.0.0.1:``port``."""
    command = [
        sys.executable, "-m", "jupyterlab",
        f"--ServerApp.root_dir={notebook.parent}", f"--ServerApp.ip={HOST}", f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0", "--ServerApp.open_browser=False",
        f"--IdentityProvider.token={token}", f"--ServerApp.log_level={log_level}",
        f"--LabApp.log_level={log_level}", f"--ServerApp.tornado_settings={TORNADO}",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # containers: Jupyter refuses root otherwise
        command.append("--ServerApp.allow_root=True")
    return command


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
            time.sleep(0.1)
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
    """Return True once a pre-heated kernel has touched ``ready`` (the app is built up to the
    point where it waits for a browser); False when ``process`` ended or time ran out."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if ready.exists():
            return True
        if process.poll() is not None:
            return False
        time.sleep(0.1)
    return False


def serve(command: list[str], env: dict[str, str], port: int, address: str, workdir: Path,
          ready: Path | None = None, log: Path | None = None) -> int:  # fmt: skip
    """Run the server ``command`` until Ctrl-C or SIGTERM; print the address once it answers
    (and, with ``ready``, once a kernel is pre-heated, so that the first page opens quickly).
    The server's own messages go to ``log``; they are shown only when it fails to start."""
    with open(log, "wb") if log else contextlib.nullcontext() as output:
        # Its own session: Ctrl-C reaches only us, and we stop the server without Jupyter's
        # "Shutdown this server (y/[n])?" prompt.
        process = subprocess.Popen(command, env=env, start_new_session=True, stdout=output,
                                   stderr=subprocess.STDOUT if output else None)  # fmt: skip

        def on_term(_signum, _frame):
            raise KeyboardInterrupt

        def failed() -> AppProblem:
            code = stop(process)
            if log is not None:
                output.flush()
                tail = log.read_text(encoding="utf-8", errors="replace").splitlines()[-15:]
                print("\n".join(tail), file=sys.stderr)
            return AppProblem(
                f"de server startte niet (code {code}) op poort {port}; zie de meldingen hierboven "
                "of kies een andere poort met --port"
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
            print(f"De app draait op {address}", flush=True)
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
