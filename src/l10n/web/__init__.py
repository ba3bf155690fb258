"""``l10n-blog serve``: review in the browser, side by side, saved through the same PO writing as the CLI.

``views`` turns a post and its merged catalog into what a page shows, ``store`` is the one
place that writes a reviewer's decisions, ``app`` is the Starlette application and
``pages`` the Jinja2 environment that both the app and the static ``l10n-blog report`` use.
"""
