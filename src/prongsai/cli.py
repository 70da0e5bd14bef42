"""The `prongsai` console script: Django management commands with settings preset.

`prongsai <group> <command> …` runs the management command `<group>_<command>` when one exists
(`prongsai ita score` → `ita_score`), so every job is one small command yet reads as a sentence.
"""

from __future__ import annotations

import os
import sys


def resolve_argv(argv: list[str], known: set[str]) -> list[str]:
    """Map `group command` to the management command `group_command` when it exists."""
    if len(argv) >= 2 and not argv[1].startswith("-"):
        joined = f"{argv[0]}_{argv[1]}".replace("-", "_")
        if joined in known:
            return [joined, *argv[2:]]
    return argv


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prongsai.settings")
    import django
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line, get_commands

    # A setting the operator must fix is a sentence, not a traceback.
    try:
        django.setup()
        args = list(sys.argv[1:] if argv is None else argv)
        execute_from_command_line(["prongsai", *resolve_argv(args, set(get_commands()))])
    except ImproperlyConfigured as exc:
        sys.exit(f"prongsai: {exc}")


if __name__ == "__main__":
    main()
