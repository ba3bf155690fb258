"""``l10n-blog consistency``: the same Japanese translated in different ways, and glossary suggestions."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Optional

import typer

from l10n.cli.options import HERE, Root, echo, finish, load_config
from l10n.errors import UsageError

Lang = Annotated[Optional[str], typer.Option("--lang", metavar="LANG",
                                             help="Language to look at (default: the first configured).")]
AsJson = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]
MinUnits = Annotated[int, typer.Option(min=2, metavar="N", help="Report terms found in at least N units.")]
Shown = Annotated[int, typer.Option(min=1, metavar="N", help="Places listed per rendering.")]


def consistency(root: Root = HERE, lang: Lang = None, as_json: AsJson = False, min_units: MinUnits = 4,
                places: Shown = 3) -> None:
    """Site-wide report: the same Japanese unit or term translated in different ways, with counts and places."""
    from l10n.steps import consistency as step

    config = load_config(root)
    lang = lang or config.languages[0]
    if lang not in config.languages:
        raise UsageError(f"{lang!r} is not a configured language ({', '.join(config.languages)})")
    report = step.consistency(config, lang, min_units=min_units)
    if as_json:
        data = {"units": report.units, "findings": [asdict(f) for f in report.findings],
                "suggestions": [dict(zip(("term", "rendering", "agree", "units"), s)) for s in report.suggestions]}
        import json

        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        _text(report, places)
    finish(report.errors, summary=False)


def _text(report: object, places: int) -> None:
    from l10n.steps.consistency import Report

    assert isinstance(report, Report)
    for finding in report.findings:
        what = "term" if finding.kind == "term" else "unit"
        echo(f"{what} 「{finding.source}」: {len(finding.variants)} renderings in {finding.total} units")
        for variant in finding.variants:
            shown = ", ".join(str(p) for p in variant.places[:places])
            more = f", … (+{len(variant.places) - places})" if len(variant.places) > places else ""
            echo(f"  {len(variant.places):4}× \"{variant.text}\": {shown}{more}")
    if report.suggestions:
        echo("glossary suggestions (term<TAB>rendering, units that agree):")
        for term, rendering, agree, total in report.suggestions:
            echo(f"  {term}\t{rendering}\t({agree} of {total})")
    echo(f"{len(report.findings)} inconsistenc{'y' if len(report.findings) == 1 else 'ies'} "
         f"in {report.units} translated units", err=True)
