# The folder holding pqassist's phrase and Word templates; shipped inside the package as
# ``pqassist.templates`` (see pyproject.toml) and found through importlib.resources.
