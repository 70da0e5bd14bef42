# The release, as pyproject.toml names it (a test keeps the two in step); the OIT checker's
# User-Agent names it so that a website's administrator knows which Prongsai knocked.
__version__ = "0.1.0"
