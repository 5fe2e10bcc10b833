"""The exceptions the pipeline raises on purpose."""


class ConversionError(Exception):
    """A file that cannot be converted; the message is one line for the user."""

    def __init__(self, message: str, kind: str = "error"):
        super().__init__(message)
        self.kind = kind  # short machine name: not-pdf, encrypted, no-text, not-resolution, ...


class Interrupted(KeyboardInterrupt):
    """A batch stopped by SIGINT or SIGTERM; ``signum`` says which (the exit status is 128 + signum)."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum
