"""l10n: publish a Japanese Markdown blog in other languages through gettext PO files."""

__version__ = "1.0.0"
