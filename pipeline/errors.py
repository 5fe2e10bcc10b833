"""The one exception a stage raises for a file it cannot convert."""


class ConversionError(Exception):
    """A file that cannot be converted; the message is one line for the user."""

    def __init__(self, message: str, kind: str = "error"):
        super().__init__(message)
        self.kind = kind   # short machine name: not-pdf, encrypted, no-text, not-resolution, ...
