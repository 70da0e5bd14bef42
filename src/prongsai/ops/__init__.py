"""Operations on a whole installation: backup and restore.

A backup touches every app's tables, so this package knows none of them: it works through
Django's connection, introspection and migration machinery only.
"""
