"""Optional extras: a feature whose packages are not installed says which extra brings them.

``pip install l10n-blog`` is what ``check``, ``extract``, ``translate`` (DeepL), ``review``,
``build`` and ``report`` need; ``[web]`` adds ``serve`` and ``report --html``, ``[llm]`` the
OpenAI-compatible backend, ``[watch]`` the ``watch`` command. The names here are the ones in
pyproject.toml (a test compares them).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from l10n.errors import UsageError

DISTRIBUTION = "l10n-blog"


@contextmanager
def needs(extra: str, feature: str) -> Iterator[None]:
    """Inside the block, a third-party module that cannot be imported is a missing ``extra``.

    An ``l10n`` module that fails to import is not: that is a bug, and stays an ImportError.
    """
    try:
        yield
    except ImportError as exc:
        if exc.name is None or exc.name.partition(".")[0] == "l10n":
            raise
        raise UsageError(f"{feature} needs the '{extra}' extra: {exc.name} is not installed",
                         hint=f"pip install '{DISTRIBUTION}[{extra}]' "
                              f"(installed with pipx: pipx install --force '{DISTRIBUTION}[{extra}]')") from exc
