"""The app server's template cache (``commands.app.prepare_server``): nbconvert's templates are
compiled once and then loaded from the user's cache folder, also by the next server; a
damaged cache file is compiled again, never trusted."""

from __future__ import annotations

import importlib.util

from conftest import need

from pqassist.app import launch


def test_the_server_compiles_each_template_once_and_a_damaged_cache_again(tmp_path, monkeypatch):
    need(importlib.util.find_spec("nbconvert") is not None, "nbconvert is not installed (pip install -e '.[app]')")
    import jinja2
    import nbformat
    from nbconvert import HTMLExporter
    from nbconvert.exporters import templateexporter

    monkeypatch.setenv("PQASSIST_CACHE", str(tmp_path))
    monkeypatch.setattr(templateexporter.TemplateExporter, "_create_environment",
                        templateexporter.TemplateExporter._create_environment)  # undone after the test
    compiled: list[str] = []
    original = jinja2.Environment.compile

    def counting(self, source, name=None, filename=None, raw=False, defer_init=False):
        compiled.append(name)
        return original(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    launch.prepare_server()
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("Hallo *wereld*")])

    def export() -> str:
        return HTMLExporter(template_name="lab").from_notebook_node(notebook)[0]  # a new environment each time

    first = export()
    assert len(compiled) >= 3 and "Hallo" in first
    cached = sorted((tmp_path / f"jinja-{jinja2.__version__}").iterdir())
    assert len(cached) >= len(set(compiled))
    compiled.clear()
    assert export() == first and compiled == []  # loaded, not compiled

    for path in cached:
        path.write_bytes(b"niet marshal" * 3)  # damaged
    assert export() == first and len(compiled) >= 3
