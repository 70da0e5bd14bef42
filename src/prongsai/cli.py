"""The `prongsai` console script: Django management commands with settings preset.

`prongsai <group> <command> …` runs the management command `<group>_<command>` when one exists
(`prongsai ita score` → `ita_score`), so every job is one small command yet reads as a sentence.
"""

from __future__ import annotations

import os
import sys

from prongsai.audit.context import acting


def resolve_argv(argv: list[str], known: set[str]) -> list[str]:
    """Map `group command` to the management command `group_command` when it exists."""
    if len(argv) >= 2 and not argv[1].startswith("-"):
        joined = f"{argv[0]}_{argv[1]}".replace("-", "_")
        if joined in known:
            return [joined, *argv[2:]]
    return argv


def command_words(argv: list[str], resolved: list[str]) -> str:
    """'prongsai plans import-sheets': what the audit trail records as the actor of a command
    (its words only; file names and options are not kept)."""
    words = argv[:2] if resolved and argv and resolved[0] != argv[0] else argv[:1]
    return " ".join(["prongsai", *(w for w in words if not w.startswith("-"))])


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prongsai.settings")
    import django
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line, get_commands

    # A setting the operator must fix is a sentence, not a traceback.
    try:
        django.setup()
        args = list(sys.argv[1:] if argv is None else argv)
        resolved = resolve_argv(args, set(get_commands()))
        with acting(source=command_words(args, resolved)):
            execute_from_command_line(["prongsai", *resolved])
    except ImproperlyConfigured as exc:
        sys.exit(f"prongsai: {exc}")


if __name__ == "__main__":
    main()
