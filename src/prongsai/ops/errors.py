"""The two ways a backup or restore stops: refused (exit status 2) or failed (1)."""


class Refused(Exception):
    """The operator must change something (a flag, the target, a tool); nothing was touched."""


class Failed(Exception):
    """Something broke on the way (a tool, the disk); the message says what."""
