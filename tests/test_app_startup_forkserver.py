"""The app's kernels forked from a warm process (``pqassist.app.forkserver``): they behave as
kernels Jupyter starts itself (widgets, interrupt, crash and restart, kill), and nothing is
left running when ``pqassist app`` stops.

The tests start real kernels through jupyter_client with the fork server's kernel spec, and
the real ``pqassist app``; every process is stopped by its PID. They skip without ipykernel
or Voilà (and fail where CI=true).
"""

from __future__ import annotations

import importlib.util
import os
import re
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from app_support import ADDRESS, end, read_until, start_app
from conftest import need

from pqassist.app import forkserver, launch



def _need_kernel():
    need(importlib.util.find_spec("ipykernel") is not None and importlib.util.find_spec("jupyter_client") is not None,
         "ipykernel/jupyter_client are not installed (pip install -e '.[app]')")


def _alive(pid: int) -> bool:
    """Return whether ``pid`` runs (a zombie counts as ended)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _wait_gone(pids, seconds: float = 20.0) -> list[int]:
    deadline = time.monotonic() + seconds
    left = [p for p in pids if _alive(p)]
    while left and time.monotonic() < deadline:
        time.sleep(0.1)
        left = [p for p in left if _alive(p)]
    return left


def _descendants(root: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat", encoding="ascii", errors="replace") as handle:
                    parent = int(handle.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(parent, []).append(int(name))
    found, todo = set(), [root]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


@contextmanager
def fork_server(tmp_path: Path):
    """Run the fork server with its kernel spec in ``tmp_path``; yield (process, spec folder)."""
    _need_kernel()
    socket_path = tmp_path / "k.sock"
    spec_root = forkserver.write_kernel_spec(tmp_path / "spec", socket_path)
    process = subprocess.Popen([sys.executable, "-m", "pqassist.app.forkserver", str(socket_path)],
                               stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)  # fmt: skip
    try:
        # the server listens before it preloads; a kernel asked for before that starts cold (by
        # design), which is not what these tests are about: wait for the socket first
        deadline = time.monotonic() + 30
        while not socket_path.exists() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert socket_path.exists(), f"the fork server did not listen (exit code {process.poll()})"
        yield process, spec_root / "kernels"
    finally:
        launch.stop_companion(process)
        if process.poll() is None:
            process.kill()
            process.wait()


def _start_kernel(kernels: Path):
    from jupyter_client import KernelManager
    from jupyter_client.kernelspec import KernelSpecManager

    manager = KernelManager(kernel_name=forkserver.KERNEL_NAME,
                            kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(kernels)]))  # fmt: skip
    manager.start_kernel()
    client = manager.client()
    client.start_channels()
    client.wait_for_ready(timeout=60)
    return manager, client


def _run(client, code: str, timeout: float = 60) -> tuple[str, dict]:
    """Execute ``code``; return (its printed output, the reply's content)."""
    out: list[str] = []

    def output(message):
        if message["msg_type"] == "stream":
            out.append(message["content"]["text"])

    reply = client.execute_interactive(code, output_hook=output, timeout=timeout)
    return "".join(out), reply["content"]


def test_a_forked_kernel_runs_code_and_serves_the_widgets(tmp_path):
    with fork_server(tmp_path) as (server, kernels):
        manager, client = _start_kernel(kernels)
        try:
            out, reply = _run(client, "import os, comm, ipywidgets\n"
                                      "print(os.getppid(), os.getpid() == os.getpgid(0))\n"
                                      "print(sorted(comm.get_comm_manager().targets))\n"
                                      "print(os.environ.get('JPY_PARENT_PID') is not None, os.getcwd())")
            assert reply["status"] == "ok", reply
            parent, targets, env = out.splitlines()
            assert parent.split() == [str(server.pid), "True"]  # forked, in its own process group
            assert "'jupyter.widget'" in targets and "'jupyter.widget.control'" in targets  # one message for all states
            assert env.split()[0] == "True" and env.split()[1] == os.getcwd()  # the client's env and folder
            assert "'pqassist.app.ui'" in _run(client, "import sys; print(sorted(sys.modules))")[0]  # preloaded
        finally:
            client.stop_channels()
            manager.shutdown_kernel(now=False)
        assert not manager.is_alive()


def test_a_forked_kernel_is_interrupted_restarted_after_a_crash_and_ends_when_killed(tmp_path):
    with fork_server(tmp_path) as (server, kernels):
        manager, client = _start_kernel(kernels)
        try:
            pid = int(_run(client, "import os; print(os.getpid())")[0])
            client.execute("import time; time.sleep(120)")
            time.sleep(1.0)
            started = time.monotonic()
            manager.interrupt_kernel()
            reply = client.get_shell_msg(timeout=30)["content"]
            assert reply["status"] == "error" and reply["ename"] == "KeyboardInterrupt", reply
            assert time.monotonic() - started < 30 and _alive(pid)

            client.execute("import os; os._exit(7)")  # a crash
            deadline = time.monotonic() + 60  # generous: a loaded machine was seen to need more than 20 s
            while manager.is_alive() and time.monotonic() < deadline:
                time.sleep(0.1)
            assert not manager.is_alive() and not _alive(pid)
            assert manager.provisioner.process.returncode == 7  # the client passes the exit code on

            client.stop_channels()
            manager.restart_kernel(now=True)
            client = manager.client()
            client.start_channels()
            client.wait_for_ready(timeout=60)
            new_pid = int(_run(client, "import os; print(os.getpid())")[0])
            assert new_pid != pid and _alive(new_pid)

            os.kill(manager.provisioner.process.pid, signal.SIGKILL)  # the client killed: so is its kernel
            assert _wait_gone([new_pid]) == []
        finally:
            client.stop_channels()
            if manager.has_kernel:
                manager.shutdown_kernel(now=True)
        kernel_pids = _descendants(server.pid)
        server.stdin.close()  # what `pqassist app` does when it stops
        assert server.wait(timeout=20) == 0
        assert _wait_gone(kernel_pids) == []


def test_without_a_fork_server_the_kernel_starts_the_usual_way(tmp_path):
    _need_kernel()
    spec_root = forkserver.write_kernel_spec(tmp_path / "spec", tmp_path / "nobody-listens.sock")
    manager, client = _start_kernel(spec_root / "kernels")
    try:
        out, reply = _run(client, "import os; print(os.getppid())")
        assert reply["status"] == "ok" and int(out) == os.getpid()  # started by jupyter_client itself
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def test_the_kernel_spec_carries_no_secret_and_only_the_standard_library(tmp_path):
    spec_root = forkserver.write_kernel_spec(tmp_path / "spec", tmp_path / "k.sock")
    import json

    kernel = json.loads((spec_root / "kernels" / forkserver.KERNEL_NAME / "kernel.json").read_text(encoding="utf-8"))
    assert kernel["argv"][:4] == [sys.executable, "-I", "-S", "-c"] and kernel["argv"][-1] == "{connection_file}"
    assert kernel["interrupt_mode"] == "signal"
    imported = set(re.findall(r"^import (.+)$", forkserver.CLIENT, re.M)[0].replace(" ", "").split(","))
    assert imported <= set(sys.stdlib_module_names), imported


def test_a_bad_request_gets_no_kernel_and_the_server_keeps_serving(tmp_path):
    import socket

    with fork_server(tmp_path) as (server, kernels):
        deadline = time.monotonic() + 60
        while not (tmp_path / "k.sock").exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.connect(str(tmp_path / "k.sock"))
            sock.sendall(b"\x00\x00\x00\x05hallo")  # no streams, no JSON
            sock.settimeout(60)
            assert sock.recv(4) == b""  # closed without a kernel
        manager, client = _start_kernel(kernels)
        try:
            assert _run(client, "print(6 * 7)")[0].strip() == "42"
        finally:
            client.stop_channels()
            manager.shutdown_kernel(now=True)
        assert server.poll() is None


# --- the real app -----------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("when", ["running", "starting"])
def test_ctrl_c_leaves_no_process_behind(tmp_path, when):
    process = start_app(tmp_path)
    try:
        if when == "running":
            shown = read_until(process, ADDRESS)
            assert ADDRESS.search(shown), shown
            time.sleep(1.0)
        else:
            shown = read_until(process, re.compile("even geduld"))
            assert "even geduld" in shown, shown
        family = _descendants(process.pid)
        kinds = {Path(f"/proc/{p}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace") for p in family}
        assert any("pqassist.app.forkserver" in k for k in kinds), kinds
        if when == "running":
            assert len(family) >= 4, kinds  # server, fork server, the kernel's client, the kernel
        process.send_signal(signal.SIGINT)  # Ctrl-C
        rest = process.communicate(timeout=60)[0]
    finally:
        end(process)
    assert _wait_gone(family) == [], "left running after Ctrl-C"
    if when == "running":
        assert process.returncode == 0 and "De app stopt" in rest
    else:
        assert process.returncode == 130 and "pqassist: onderbroken" in rest


@pytest.mark.slow
def test_a_killed_launcher_leaves_no_process_behind(tmp_path):
    """`pqassist app` killed outright (kill -9) cannot stop its server: the server sees its
    parent gone and stops itself and its kernels; the fork server sees its input closed."""
    process = start_app(tmp_path)
    try:
        shown = read_until(process, ADDRESS)
        assert ADDRESS.search(shown), shown
        family = _descendants(process.pid)
        assert len(family) >= 4
        process.kill()
        process.wait(timeout=30)
    finally:
        end(process)
    left = _wait_gone(family, seconds=60)
    for pid in left:  # do not leave them running for the next test
        os.kill(pid, signal.SIGKILL)
    assert left == [], "left running after the launcher was killed"
