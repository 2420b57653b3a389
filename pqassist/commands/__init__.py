"""One module per command of the ``pqassist`` command line; each has register() and run()."""
