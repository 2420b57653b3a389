"""``pqassist app --lab``: the review notebook opened in JupyterLab with the app already showing.

JupyterLab opens a notebook without running it. So ``pqassist app --lab`` works on a copy
of the notebook in the session's scratch folder: once the server answers it starts the
notebook's kernel through the server (a session, as opening the notebook would), runs the
code cells in that kernel, writes their outputs into the copy and signs it as trusted (in
a signature store kept in the same scratch folder). When the staffer opens the address,
JupyterLab joins that kernel and the widget views in the outputs come alive from it: the
app shows at once, and the notebook is not marked modified. The copy goes away with the
server; reviews and exports are written to the work folder as always.
"""

from __future__ import annotations

import json
import shutil
import time
import urllib.request
from pathlib import Path

from pqassist.errors import AppProblem

CELL_SECONDS = 300.0
KERNEL_SECONDS = 60.0
IOPUB_SECONDS = 0.5  # how long the status of a request may take to come over IOPub


def prepare_notebook(notebook: Path, scratch: Path) -> Path:
    """Copy ``notebook`` into a folder of its own in ``scratch`` (outputs cleared; the
    server's own files stay out of JupyterLab's file browser) and return the copy's path."""
    import nbformat

    (scratch / "notebook").mkdir(exist_ok=True)
    copy = scratch / "notebook" / notebook.name
    shutil.copyfile(notebook, copy)
    nb = nbformat.read(copy, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    nbformat.write(nb, copy)
    return copy


def start_session(host: str, port: int, token: str, name: str) -> str:
    """Ask the server on ``host``:``port`` for a notebook session on ``name`` and return
    its kernel id."""
    body = json.dumps({"path": name, "name": name, "type": "notebook", "kernel": {"name": "python3"}}).encode()
    request = urllib.request.Request(f"http://{host}:{port}/api/sessions", data=body, method="POST",
                                     headers={"Content-Type": "application/json",
                                              **({"Authorization": f"token {token}"} if token else {})})
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback, never a proxy
    try:
        with opener.open(request, timeout=KERNEL_SECONDS) as reply:
            return json.loads(reply.read(1_000_000))["kernel"]["id"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise AppProblem(f"JupyterLab startte de kernel van het notebook niet ({exc})") from None


def kernel_client(kernel_id: str):
    """Return a blocking client for the server's kernel ``kernel_id`` (through its
    connection file in Jupyter's runtime folder), its channels started."""
    from jupyter_client import BlockingKernelClient
    from jupyter_core.paths import jupyter_runtime_dir

    connection = Path(jupyter_runtime_dir()) / f"kernel-{kernel_id}.json"
    deadline = time.monotonic() + KERNEL_SECONDS
    while not connection.is_file():
        if time.monotonic() > deadline:
            raise AppProblem(f"het verbindingsbestand van de kernel ontbreekt ({connection})")
        time.sleep(0.1)
    client = BlockingKernelClient(connection_file=str(connection))
    client.load_connection_file()
    client.start_channels(hb=False)  # a busy machine misses heartbeats; kernel_metadata() waits for a reply
    return client


def kernel_metadata(client, name: str = "python3") -> dict:
    """Return the notebook metadata JupyterLab sets when it joins the kernel (``kernelspec``
    and ``language_info``), so that joining it changes nothing and the notebook stays unmodified.

    Returns only once IOPub delivers too: a subscription that has not reached the kernel yet
    loses what the kernel publishes meanwhile (a quick first cell's outputs and its "idle",
    and the cell would then wait its whole time limit). The kernel publishes its status for
    every request, so the ``kernel_info`` request is asked again until that status arrives."""
    from jupyter_client.kernelspec import KernelSpecManager

    spec = KernelSpecManager().get_kernel_spec(name)
    deadline = time.monotonic() + KERNEL_SECONDS
    while time.monotonic() < deadline:  # ask again until the starting kernel answers on both channels
        msg_id = client.kernel_info()
        reply = _reply_to(client, msg_id)
        if reply is None:
            continue
        try:
            client.get_iopub_msg(timeout=IOPUB_SECONDS)
        except Exception:  # queue.Empty: IOPub not subscribed yet
            continue
        return {"kernelspec": {"name": name, "display_name": spec.display_name, "language": spec.language},
                "language_info": reply["content"]["language_info"]}
    raise AppProblem("de kernel van het notebook antwoordt niet")


def _reply_to(client, msg_id: str) -> dict | None:
    """Return the shell reply to ``msg_id``, or None when none comes within 2 seconds."""
    try:
        while True:
            reply = client.get_shell_msg(timeout=2.0)
            if reply.get("parent_header", {}).get("msg_id") == msg_id:
                return reply
    except Exception:  # queue.Empty: no answer yet
        return None


def run_cell(client, source: str, seconds: float = CELL_SECONDS) -> tuple[list, int | None]:
    """Execute ``source`` through ``client``; return its outputs (nbformat nodes) and
    execution count."""
    from nbformat.v4 import output_from_msg

    msg_id = client.execute(source, store_history=True, allow_stdin=False)
    outputs, count = [], None
    deadline = time.monotonic() + seconds
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise AppProblem("een cel van het notebook liep te lang; zie JupyterLab")
        try:
            msg = client.get_iopub_msg(timeout=left)
        except Exception:  # queue.Empty: time is up
            continue
        if msg.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        kind, content = msg["msg_type"], msg["content"]
        if kind == "status" and content.get("execution_state") == "idle":
            return outputs, count
        if kind == "execute_input":
            count = content.get("execution_count")
        elif kind == "clear_output":
            outputs = []
        elif kind in ("stream", "display_data", "execute_result", "error"):
            outputs.append(output_from_msg(msg))


def execute_in_server(copy: Path, host: str, port: int, token: str, scratch: Path) -> None:
    """Run ``copy``'s code cells in the kernel the server starts for it, write the outputs
    into ``copy`` and sign it as trusted in ``scratch``'s signature store."""
    import nbformat
    from nbformat.sign import NotebookNotary

    nb = nbformat.read(copy, as_version=4)
    client = kernel_client(start_session(host, port, token, copy.name))
    try:
        nb.metadata.update(kernel_metadata(client))
        for cell in nb.cells:
            if cell.cell_type == "code":
                cell.outputs, cell.execution_count = run_cell(client, cell.source)
    finally:
        client.stop_channels()
    notary = NotebookNotary(db_file=str(scratch / "nbsignatures.db"),
                            secret_file=str(scratch / "notebook_secret"))
    notary.sign(nb)
    nbformat.write(nb, copy)
