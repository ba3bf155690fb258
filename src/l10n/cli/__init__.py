"""The command line (typer): the only layer that prints, reads the environment or exits.

:mod:`.app` holds the app and the error boundary; each command group has its module
(:mod:`.pipeline`, :mod:`.check`, :mod:`.review`, :mod:`.memory`), sharing :mod:`.options`.
"""

from l10n.cli.app import app, main

__all__ = ["app", "main"]
