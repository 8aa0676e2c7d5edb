"""The background worker: runs registered periodic tasks, each in its own unit of work."""
