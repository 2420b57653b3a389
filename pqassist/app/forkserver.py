"""Start the review app's kernels by forking one warm process instead of a cold Python.

A Jupyter kernel normally starts as a new ``python -m ipykernel_launcher``: about a second
of CPU importing IPython, ipykernel, the widgets and the analysis, then building its caches
(phrase lists, lemma tables, templates) on the bundled example. ``pqassist app`` instead
starts this module first, next to the server (``python -m pqassist.app.forkserver SOCKET``):
it listens on a Unix socket in the app's private scratch folder, imports all of that once
while the server itself is still importing, and then forks one child per kernel.

Voilà still starts kernels its usual way, through a kernel spec (``write_kernel_spec``) whose
command is a tiny standard-library client (``CLIENT``). The client sends its connection file,
environment, working folder and standard streams over the socket; the child takes them
over and runs ipykernel; the client stays as the process the server knows: it passes on
interrupts and termination to the kernel and exits with the kernel's exit code. When the
client is killed, this process kills its kernel; when ``pqassist app`` ends (the pipe on
this process's standard input closes), it stops every kernel and exits. When the socket
does not answer, the client starts an ordinary ``ipykernel_launcher`` instead.
"""

from __future__ import annotations

import gc
import json
import os
import selectors
import signal
import socket
import struct
import sys
from pathlib import Path

KERNEL_NAME = "python3"  # the review notebook's kernel spec: this one replaces it for Voilà
MAX_REQUEST = 2**20
REQUEST_SECONDS = 10.0
STOP_SECONDS = 5.0

# The kernel spec's command (python -I -S: no site packages, nothing but the standard library).
# argv: socket path, connection file. Signals are passed on to the kernel once it runs.
CLIENT = r"""
import json, os, signal, socket, struct, sys
path, connection = sys.argv[1], sys.argv[2]
def cold():
    os.execv(sys.executable, [sys.executable, "-m", "ipykernel_launcher", "-f", connection])
def exact(sock, size):
    data = b""
    while len(data) < size:
        part = sock.recv(size - len(data))
        if not part:
            return None
        data += part
    return data
try:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.connect(path)
    body = json.dumps({"connection_file": connection, "env": dict(os.environ), "cwd": os.getcwd()}).encode()
    socket.send_fds(sock, [struct.pack("!I", len(body)) + body], [0, 1, 2])
    head = exact(sock, 4)
except OSError:
    head = None
if head is None:
    cold()
pid = struct.unpack("!i", head)[0]
def forward(signum, _frame):
    try:
        os.kill(pid, signum)
    except OSError:
        pass
for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT):
    signal.signal(signum, forward)
tail = exact(sock, 4)
code = struct.unpack("!i", tail)[0] if tail else 1
if code < 0:
    signal.signal(-code, signal.SIG_DFL)
    os.kill(os.getpid(), -code)
sys.exit(code)
"""


def write_kernel_spec(folder: Path, socket_path: Path) -> Path:
    """Write a kernel spec named ``KERNEL_NAME`` under ``folder``/kernels whose kernels come
    from the fork server at ``socket_path``; return ``folder`` (to go first on JUPYTER_PATH)."""
    spec = folder / "kernels" / KERNEL_NAME
    spec.mkdir(parents=True, exist_ok=True)
    kernel = {
        "argv": [sys.executable, "-I", "-S", "-c", CLIENT, str(socket_path), "{connection_file}"],
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
        "interrupt_mode": "signal",
        "metadata": {"debugger": True},
    }
    (spec / "kernel.json").write_text(json.dumps(kernel, indent=1), encoding="utf-8")
    return folder


def preload() -> None:
    """Import what every app kernel imports (nothing that starts a thread or opens a kernel
    connection)."""
    import ipykernel.debugger  # noqa: F401 - the kernel loads debugpy when it starts
    import ipykernel.ipkernel  # noqa: F401
    import ipykernel.kernelapp  # noqa: F401
    import ipykernel.zmqshell  # noqa: F401
    import ipywidgets  # noqa: F401

    import pqassist.app.startup  # noqa: F401
    import pqassist.app.ui  # noqa: F401


def warm_up() -> None:
    """Build the analysis caches (phrase lists, lemma tables, phrase templates) on the
    bundled example, so that every later kernel inherits them."""
    from pqassist.app import startup

    startup.warm_up(None, freeze=False)


def _quietly(step, name: str) -> None:
    try:
        step()
    except Exception as exc:  # noqa: BLE001 - kernels still start; they only do more themselves
        print(f"pqassist forkserver: {name} failed ({type(exc).__name__}: {exc})", file=sys.stderr, flush=True)


def serve(path: str) -> int:
    """Listen on ``path``, preload, then fork one kernel per client until standard input
    closes or SIGTERM; return 0."""
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)  # first: a kernel asked for during the preload waits in the backlog
    listener.listen(16)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for `pqassist app`, which stops us
    _quietly(preload, "preload")
    gc.collect()
    gc.freeze()  # the children share these pages; their collections skip them
    wake_read, wake_write = os.pipe()
    os.set_blocking(wake_write, False)
    signal.set_wakeup_fd(wake_write)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    signal.signal(signal.SIGTERM, lambda *_: None)  # seen through the wake-up pipe
    selector = selectors.DefaultSelector()
    selector.register(listener, selectors.EVENT_READ, "listen")
    selector.register(0, selectors.EVENT_READ, "stdin")
    selector.register(wake_read, selectors.EVENT_READ, "signal")
    children: dict[int, socket.socket] = {}
    cold = True  # the example not yet analysed here: done when no kernel is waiting
    while True:
        events = selector.select(0 if cold else None)
        if not events and cold:
            cold = False
            _quietly(warm_up, "warm-up")  # the first kernel, asked for meanwhile, waits for it
            gc.collect()
            gc.freeze()
            continue
        for key, _ in events:
            if key.data == "listen":
                conn, _ = listener.accept()
                pid = _start(conn, listener, [wake_read, wake_write], children)
                if pid:
                    children[pid] = conn
                    selector.register(conn, selectors.EVENT_READ, pid)
            elif key.data == "stdin":
                if not os.read(0, 4096):
                    return _stop_all(children)
            elif key.data == "signal":
                signals = os.read(wake_read, 4096)
                _reap(children, selector)
                if signal.SIGTERM in signals:
                    return _stop_all(children)
            else:  # a client closed its end: it was killed; so is its kernel
                pid = key.data
                try:
                    if key.fileobj.recv(1):
                        continue
                except OSError:
                    pass
                selector.unregister(key.fileobj)
                _kill(pid, signal.SIGKILL)


def _start(conn: socket.socket, listener: socket.socket, private: list[int], children: dict) -> int:
    """Read one client's request from ``conn`` and fork its kernel; return the child's pid
    (0 when the request was unreadable: the client then starts a cold kernel)."""
    try:
        conn.settimeout(REQUEST_SECONDS)
        message, fds, _, _ = socket.recv_fds(conn, MAX_REQUEST + 4, 3)
        size = struct.unpack("!I", message[:4])[0]
        body = message[4:]
        while len(body) < size:
            part = conn.recv(min(size - len(body), MAX_REQUEST))
            if not part:
                raise OSError("request cut short")
            body += part
        if size > MAX_REQUEST or len(fds) != 3:
            raise ValueError("request too large or without its streams")
        request = json.loads(body)
        conn.settimeout(None)
    except (OSError, ValueError, struct.error) as exc:
        print(f"pqassist forkserver: bad request ({type(exc).__name__})", file=sys.stderr, flush=True)
        conn.close()
        return 0
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # the kernel
        code = 1
        try:
            listener.close()
            for other in children.values():
                other.close()
            conn.close()
            code = _run_kernel(request, fds, private)
        finally:
            os._exit(code)
    for fd in fds:
        os.close(fd)
    try:
        conn.sendall(struct.pack("!i", pid))
    except OSError:
        _kill(pid, signal.SIGKILL)
    return pid


def _run_kernel(request: dict, fds: list[int], private: list[int]) -> int:
    """In the forked child: take over the client's streams, environment and folder, run
    ipykernel on its connection file; return the exit code."""
    signal.set_wakeup_fd(-1)
    for fd in private:
        os.close(fd)
    for signum in (signal.SIGCHLD, signal.SIGTERM):
        signal.signal(signum, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    os.setsid()  # its own process group, as jupyter_client gives a kernel
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
        os.close(fd)
    os.environ.clear()
    os.environ.update({str(k): str(v) for k, v in dict(request["env"]).items()})
    cwd = str(request["cwd"])
    os.chdir(cwd)
    sys.path[0] = cwd  # as `python -m ipykernel_launcher` started there has it
    sys.argv = ["ipykernel_launcher", "-f", str(request["connection_file"]),
                f"--IPKernelApp.parent_handle={os.getppid()}"]  # ends when this server does
    import atexit

    from ipykernel.kernelapp import IPKernelApp

    code = 0
    try:
        kernel = IPKernelApp.instance()
        kernel.initialize(sys.argv[1:])
        # ipywidgets registers its comm targets when it is imported inside a running kernel;
        # here it was imported before there was one.
        import ipywidgets

        ipywidgets.register_comm_target()
        kernel.start()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        atexit._run_exitfuncs()
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:  # noqa: BLE001
                pass
    return code


def _reap(children: dict[int, socket.socket], selector) -> None:
    """Collect ended kernels and tell their clients the exit code."""
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        conn = children.pop(pid, None)
        if conn is None:
            continue
        try:
            selector.unregister(conn)
        except (KeyError, ValueError):
            pass
        try:
            conn.sendall(struct.pack("!i", os.waitstatus_to_exitcode(status)))
        except OSError:
            pass
        conn.close()


def _kill(pid: int, signum: int) -> None:
    try:
        os.kill(pid, signum)
    except OSError:
        pass


def _stop_all(children: dict[int, socket.socket]) -> int:
    """Stop every kernel still running (SIGTERM, then SIGKILL) and return 0."""
    import time

    for pid in children:
        _kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + STOP_SECONDS
    while children and time.monotonic() < deadline:
        for pid in list(children):
            try:
                done, _ = os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                done = pid
            if done:
                children.pop(pid).close()
        time.sleep(0.05)
    for pid in children:
        _kill(pid, signal.SIGKILL)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the fork server on the socket path given as the only argument."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m pqassist.app.forkserver SOCKET", file=sys.stderr)
        return 2
    return serve(args[0])


if __name__ == "__main__":
    sys.exit(main())
