"""The ``pqassist`` command line: one sub-command per module in ``pqassist.commands``.

This is the edge: a ``PqassistError`` becomes one line on stderr and exit code 2; no
traceback reaches the user.
"""

from __future__ import annotations

import argparse
import importlib
import sys

# name -> module in pqassist.commands; each module has register(subparsers) and run(args).
COMMANDS = {
    "analyse": "analyse",
    "eval": "evaluate",
    "train": "train",
    "draft": "draft",
    "batch": "batch",
    "fetch": "fetch",
    "werklijst": "werklijst",
    "app": "app",
}

# library -> the extra of pyproject.toml that installs it (tests/test_project.py checks)
EXTRAS = {
    "pandas": "batch", "pyarrow": "batch", "openpyxl": "batch", "tqdm": "batch", "holidays": "batch",
    "matplotlib": "batch", "httpx": "fetch", "sklearn": "train", "numpy": "train",
    "ipywidgets": "app", "voila": "app", "jupyterlab": "app",
}


# argparse's own words, in Dutch: the command line speaks one language (argparse looks
# its texts up through its module-level ``_`` when it prints them).
ARGPARSE_NL = {
    "usage: ": "gebruik: ",
    "positional arguments": "argumenten",
    "options": "opties",
    "show this help message and exit": "toon deze hulp en stop",
    "%(prog)s: error: %(message)s\n": "%(prog)s: fout: %(message)s\n",
    "the following arguments are required: %s": "deze argumenten ontbreken: %s",
    "unrecognized arguments: %s": "onbekende argumenten: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "ongeldige keuze: %(value)r (kies uit %(choices)s)",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s: %(message)s",
    "expected one argument": "verwacht één waarde",
    "expected at least one argument": "verwacht minstens één waarde",
    "expected at most one argument": "verwacht hoogstens één waarde",
    "invalid %(type)s value: %(value)r": "ongeldige waarde (%(type)s): %(value)r",
    "ambiguous option: %(option)s could match %(matches)s": "dubbelzinnige optie: %(option)s kan %(matches)s zijn",
    "not allowed with argument %s": "niet samen met argument %s",
    "one of the arguments %s is required": "een van de argumenten %s is nodig",
}


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """Return the argument parser with every available sub-command registered, or only
    the command ``only`` (then only its module is imported: a command starts faster)."""
    argparse._ = lambda text: ARGPARSE_NL.get(text, text)
    parser = argparse.ArgumentParser(
        prog="pqassist",
        description="Zet het antwoord van een minister naast de schriftelijke vraag, vind wat "
        "onbeantwoord bleef en schrijf de opvolgingsvraag.",
    )
    sub = parser.add_subparsers(dest="command", metavar="OPDRACHT")
    sub.required = True
    for name, module_name in COMMANDS.items():
        if only is not None and name != only:
            continue
        try:
            module = importlib.import_module(f"pqassist.commands.{module_name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"pqassist.commands.{module_name}":
                raise
            continue
        command = module.register(sub, name)
        command.set_defaults(_run=module.run)
    return parser


def _has_command(parser: argparse.ArgumentParser, name: str) -> bool:
    sub = next(action for action in parser._actions if action.dest == "command")
    return name in sub.choices


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    from pqassist.errors import PqassistError

    if argv is None:  # the process's own command line (not a caller's list, e.g. in tests)
        from pqassist.commands import regex_cache

        regex_cache.install()  # before the commands' modules compile their patterns
        regex_cache.install_dataclass_code()  # and define their dataclasses
    argv = sys.argv[1:] if argv is None else list(argv)
    # `pqassist analyse ...` needs only its own command module; help, no command or an
    # unknown one get the full parser (it lists every command).
    only = argv[0] if argv and argv[0] in COMMANDS else None
    parser = build_parser(only)
    if only is not None and not _has_command(parser, only):  # its module is not installed
        parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args._run(args) or 0)
    except PqassistError as exc:
        print(f"pqassist: {exc}", file=sys.stderr)
        return 2
    except ModuleNotFoundError as exc:  # a library of an extra that is not installed
        extra = EXTRAS.get((exc.name or "").split(".")[0])
        if extra is None:
            raise
        print(f"pqassist: {exc.name} ontbreekt voor dit commando; installeer het onderdeel "
              f"'{extra}': pip install 'pqassist[{extra}]'", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("pqassist: onderbroken", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
