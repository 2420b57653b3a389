"""The review app: ipywidgets over the package. No logic of its own.

May import everything below it; nothing imports ``app`` except ``commands.app``.
"""
