"""The QA checks of :mod:`l10n.mt.qa` with a site's settings: its glossary and its length model.

``translate`` writes what they find on a draft as ``problem:`` lines of the PO entry (so
Poedit and Weblate users see it too) and ``review`` shows those drafts first. The length
model is fitted on the site's reviewed pairs, read once per run and only when a draft is
checked. ``check`` runs the same functions as a row of its table, with the default length
model: it checks one post at a time and must not read the whole site to do it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from l10n.config import Config
from l10n.mt import qa
from l10n.mt.glossary import Glossary, load_glossary
from l10n.steps import site_index

NOTE = "problem: "


def length_model(config: Config, lang: str) -> qa.LengthModel:
    """The length model of the site's reviewed translations into ``lang`` (defaults if there are few)."""
    return qa.LengthModel.fit((t.msgid, t.msgstr) for t in site_index.translations(config, lang) if t.reviewed)


@dataclass
class DraftQA:
    """Checks drafts of one run; the glossary and the length model are loaded on first use."""

    config: Config
    lang: str
    _glossary: Glossary | None = field(default=None, init=False)
    _lengths: qa.LengthModel | None = field(default=None, init=False)

    def problems(self, source: str, draft: str, *, markup: bool = True) -> list[qa.Problem]:
        if self._lengths is None:
            self._glossary = load_glossary(self.config.glossary_path(self.lang), source_lang=self.config.source_lang,
                                           target_lang=self.lang)
            self._lengths = length_model(self.config, self.lang)
        families = ("text", "shared", "markup") if markup else ("text", "shared")
        return qa.run(qa.Pair(source, draft, self._glossary, self._lengths), families=families)

    def notes(self, notes: list[str], source: str, draft: str) -> list[str]:
        """``notes`` of a draft with a ``problem:`` line added for each QA problem.

        When the notes already name markup problems (from the backend's reply), the markup
        rows are not run again: they would say the same thing twice.
        """
        markup = not any(note.startswith(NOTE) for note in notes)
        found = [f"{NOTE}{problem}" for problem in self.problems(source, draft, markup=markup)]
        return list(dict.fromkeys([*notes, *found]))


__all__ = ["DraftQA", "length_model"]
