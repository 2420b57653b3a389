"""pqassist: put a minister's answer next to the written question it answers.

Importing the package is cheap; heavy libraries load where they are used.
"""

__version__ = "0.1.0"
