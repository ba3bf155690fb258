"""The only babel importer: locale ids, plural forms and display names."""

from __future__ import annotations

from babel import Locale, UnknownLocaleError
from babel.messages.plurals import get_plural

from l10n.errors import InputError


def validate_locale(lang: str, *, origin: str = "config") -> str:
    """Return ``lang`` if babel knows it (``en``, ``en_GB``, ``pt-BR``), else raise InputError."""
    try:
        Locale.parse(lang.replace("-", "_"))
    except (ValueError, UnknownLocaleError) as exc:
        raise InputError(f"unknown locale {lang!r}", path=origin, hint="use an id such as en, en_GB or fr") from exc
    return lang


def plural_forms(lang: str) -> str:
    """The gettext ``Plural-Forms`` header value for ``lang``."""
    rule = get_plural(lang.replace("-", "_"))
    return f"nplurals={rule.num_plurals}; plural={rule.plural_expr};"


def display_name(lang: str) -> str:
    """English name of a locale, e.g. ``Japanese``."""
    return Locale.parse(lang.replace("-", "_")).get_display_name("en") or lang
