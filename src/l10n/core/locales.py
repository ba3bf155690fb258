"""The only babel importer: locale ids, plural forms and display names.

babel loads only when a function needs it (about 10 ms, more than a no-change run's own work):
a locale id that names one of babel's locale data files is known without it.
"""

from __future__ import annotations

import os
import re
from functools import cache
from importlib.util import find_spec

from l10n.errors import InputError

_PLAIN_ID = re.compile(r"[A-Za-z]{2,8}(?:_[A-Za-z0-9]{1,8})*")


def validate_locale(lang: str, *, origin: str = "config") -> str:
    """Return ``lang`` if babel knows it (``en``, ``en_GB``, ``pt-BR``), else raise InputError."""
    if _has_data_file(lang.replace("-", "_")):
        return lang
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(lang.replace("-", "_"))
    except (ValueError, UnknownLocaleError) as exc:
        raise InputError(f"unknown locale {lang!r}", path=origin, hint="use an id such as en, en_GB or fr") from exc
    return lang


def _has_data_file(identifier: str) -> bool:
    """Whether babel has a data file named exactly ``identifier``: then ``Locale.parse`` accepts it.

    Any other id (other letter case, aliases, ``und_…``, unknown ids) goes to babel itself.
    """
    folder = _data_folder()
    return (folder is not None and _PLAIN_ID.fullmatch(identifier) is not None
            and os.path.isfile(os.path.join(folder, identifier + ".dat")))


@cache
def _data_folder() -> str | None:
    """babel's ``locale-data`` folder, found without importing babel."""
    spec = find_spec("babel")
    for folder in (spec and spec.submodule_search_locations) or ():
        return os.path.join(folder, "locale-data")
    return None


@cache  # every new PO file's header asks: babel's lookups cost more than writing the rest of the header
def plural_forms(lang: str) -> str:
    """The gettext ``Plural-Forms`` header value for ``lang``."""
    from babel.messages.plurals import get_plural

    rule = get_plural(lang.replace("-", "_"))
    return f"nplurals={rule.num_plurals}; plural={rule.plural_expr};"


@cache
def display_name(lang: str) -> str:
    """English name of a locale, e.g. ``Japanese``."""
    from babel import Locale

    return Locale.parse(lang.replace("-", "_")).get_display_name("en") or lang
