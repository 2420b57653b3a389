"""One module per command of the ``pqassist`` command line; each has register() and run().

A command never imports another command: what two commands share lives below them.
``regex_cache`` is no command: the command line installs it at start (compiled patterns
kept between runs).

Imports: the bottom layer, serialize, read, parse, analysis, drafting, corpus, fetch, worklist and app.
Used by: cli.
"""


def announce_slow_first_run() -> None:
    """Tell a person watching the terminal when a one-time preparation runs (the Dutch
    lemma table is built into the cache folder on the first analysis on a machine);
    stay silent when stderr is not a terminal (scripts, tests, pipes)."""
    import sys

    if not sys.stderr.isatty():
        return
    from pqassist.analysis import lemma_table

    def show(text: str) -> None:
        print(f"pqassist: {text} ...", file=sys.stderr, flush=True)

    lemma_table.on_build = show


def time_limit_seconds(text: str) -> float:
    """Parse a --time-limit value (seconds, 0 for no limit); refuse a negative or unreadable one."""
    import argparse
    import math

    try:
        seconds = float(text.replace(",", "."))
    except ValueError:
        seconds = math.nan
    if not (0 <= seconds < math.inf):
        raise argparse.ArgumentTypeError(f"'{text}' is geen aantal seconden (0 of meer; 0: geen grens)")
    return seconds
