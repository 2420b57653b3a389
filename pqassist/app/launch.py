"""Start-up helpers of ``pqassist app`` that run beside or inside Voilà's server.

``start_forkserver`` starts the process Voilà's kernels are forked from
(``pqassist.app.forkserver``) and puts its kernel spec first on the server's JUPYTER_PATH;
``stop_companion`` stops it again. ``prepare_server`` runs inside the server's own process
(its start line, ``commands.app.LAUNCH``) before Jupyter is imported.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from pathlib import Path

from pqassist.app.forkserver import write_kernel_spec

SOCKET_PATH_MAX = 100  # a Unix socket's path is limited to 107 bytes on Linux (104 on macOS)


def watch_launcher(interval: float = 1.0) -> None:
    """In the server's process: stop the server (SIGTERM: Jupyter then shuts its kernels
    down) once the ``pqassist app`` that started it is gone, even when it was killed outright
    and could not stop the server itself."""
    import signal
    import threading
    import time

    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(interval)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="pqassist-launcher", daemon=True).start()


def prepare_server() -> None:
    """In the server's process, before Jupyter is imported: end with ``pqassist app``
    (``watch_launcher``), and keep the templates nbconvert
    compiles in the user's cache folder. nbconvert makes a new Jinja environment for every
    page a kernel renders, so the same dozen templates were compiled again for every kernel
    (about 0.3 s of the server's only thread, at start-up and while a page loads). The cache
    is Jinja's own (``FileSystemBytecodeCache``: a template whose source changed is compiled
    again; files are written whole and a damaged one is compiled again), in a folder per
    Jinja version; when the folder cannot be made, templates are compiled as before."""
    watch_launcher()
    try:
        import jinja2
        from nbconvert.exporters import templateexporter

        from pqassist.analysis.lemma_table import cache_folder

        folder = cache_folder() / f"jinja-{jinja2.__version__}"
        folder.mkdir(parents=True, exist_ok=True)
        cache = jinja2.FileSystemBytecodeCache(str(folder))
    except (ImportError, OSError):
        return
    original = templateexporter.TemplateExporter._create_environment

    def create_environment(self):
        environment = original(self)
        environment.bytecode_cache = cache
        return environment

    templateexporter.TemplateExporter._create_environment = create_environment


def start_forkserver(scratch: Path, env: dict[str, str], output) -> subprocess.Popen | None:
    """Start the fork server that Voilà's kernels come from (``pqassist.app.forkserver``: it
    imports and warms up what a kernel needs while the server is still importing) with its
    socket in ``scratch`` (private to this user), and put its kernel spec first on ``env``'s
    JUPYTER_PATH; return the process, or None (kernels then start the usual way) when the
    socket path is too long for the system or the spec cannot be written."""
    socket_path = scratch / "kernels.sock"
    if len(os.fsencode(socket_path)) > SOCKET_PATH_MAX:
        return None
    try:
        spec_root = write_kernel_spec(scratch / "kernel-spec", socket_path)
    except OSError:
        return None
    process = subprocess.Popen([sys.executable, "-m", "pqassist.app.forkserver", str(socket_path)], env=env,
                               stdin=subprocess.PIPE, stdout=output, stderr=subprocess.STDOUT,
                               start_new_session=True)  # fmt: skip
    env["JUPYTER_PATH"] = os.pathsep.join(p for p in (str(spec_root), env.get("JUPYTER_PATH", "")) if p)
    return process


def stop_companion(process: subprocess.Popen, seconds: float = 15.0) -> None:
    """Stop a helper process of the server (the fork server: it ends when its standard input
    closes, stopping the kernels it still runs); kill it after ``seconds``."""
    if process.stdin is not None:
        with contextlib.suppress(OSError):
            process.stdin.close()
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
