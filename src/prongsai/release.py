"""The release of Prongsai, as pyproject.toml names it (a test keeps the two in step). The OIT
checker's User-Agent names it, so that a website's administrator knows which Prongsai knocked."""

VERSION = "0.1.0"
