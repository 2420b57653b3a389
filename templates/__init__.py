# The folder holding pqassist's phrase and Word templates; a wheel ships it inside the package
# as pqassist/templates (see pyproject.toml). Code finds it through pqassist.data.templates_dir(),
# never by importing it (from a checkout there is no pqassist.templates module).
