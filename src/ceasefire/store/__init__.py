"""The store: schema, migrations and one ``Store`` interface over SQLite (default) or PostgreSQL."""
from .base import ArticleNotFound, Store
from .migrations import LATEST_VERSION, MIGRATIONS, migrate

__all__ = ["ArticleNotFound", "LATEST_VERSION", "MIGRATIONS", "Store", "migrate"]
