"""Run the command line as ``python -m pqassist``."""

import sys

from pqassist.cli import main

sys.exit(main())
