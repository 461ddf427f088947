"""Errors the store raises. Each message names the file, says what is wrong and what to do."""


class StoreError(Exception):
    """The minutes cannot be opened or changed as asked; ``str()`` is for the user."""


class UnreadableFile(StoreError):
    """Broken JSON, a truncated file, or a file of another program. Never overwritten."""


class NewerSchema(StoreError):
    """Written by a newer Facilitator: refused, never downgraded."""


class StoreInUse(StoreError):
    """Another process holds the lock on this database."""


class ReadOnlyStore(StoreError):
    """A write was asked of a store opened read-only."""


class MeetingNotFound(StoreError):
    pass


class DuplicateMeeting(StoreError):
    pass


class ImportRefused(StoreError):
    """A file offered for import that is not a meeting we can take; nothing was imported."""
