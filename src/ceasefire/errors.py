"""One small exception hierarchy; messages name the bad input and the fix."""


class CeasefireError(Exception):
    """Base of every error this package raises on purpose."""


class InputError(CeasefireError):
    """An input file, line or item that cannot be read."""


class ModelError(CeasefireError):
    """The spaCy model asked for is not installed."""


class PipelineError(CeasefireError):
    """Extractors that cannot be put together."""


class StoreError(CeasefireError):
    """The database cannot be opened or written."""


class GoldError(CeasefireError):
    """A gold file that does not follow spec/records.md."""
