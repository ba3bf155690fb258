"""l10n: publish a Japanese Markdown blog in other languages through gettext PO files."""

__version__ = "0.1.0"
