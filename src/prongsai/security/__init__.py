"""Cross-cutting defences: the real client address, login throttling, key files, access logs."""
