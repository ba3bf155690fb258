"""``l10n-blog init``: detect the site's generator, write l10n.toml, print the generator-side settings."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from l10n.cli.options import HERE, Root, echo

Preset = Annotated[Optional[str], typer.Option(
    metavar="NAME", help="hugo, hugo-dir, jekyll, jekyll-polyglot, zenn or plain (default: detected).")]
Langs = Annotated[Optional[list[str]], typer.Option(
    "--lang", metavar="LANG", help="Target language (repeat for more; default en).")]
Partial = Annotated[bool, typer.Option("--partial", help="Partial adoption: only posts you start are required.")]
Force = Annotated[bool, typer.Option("--force", help="Replace an existing l10n.toml.")]
DryRun = Annotated[bool, typer.Option("--dry-run", help="Print what would be written; write nothing.")]


def init(root: Root = HERE, preset: Preset = None, lang: Langs = None, partial: Partial = False,
         force: Force = False, dry_run: DryRun = False) -> None:
    """Detect Hugo, Jekyll, Zenn or posts/ja, write l10n.toml with that preset, print what to set up."""
    from l10n.steps import init as init_step

    site = root.resolve()
    chosen = init_step.plan(site, preset=preset, languages=tuple(lang or ["en"]), partial=partial)
    echo(f"site: {chosen.preset.summary} (found {chosen.reason}); {chosen.posts} post(s) in "
         f"{chosen.preset.settings.get('source', 'posts/ja')}/")
    if dry_run:
        echo(f"would write {chosen.config_file}:")
    else:
        init_step.write(site, chosen, force=force)
        echo(f"wrote {chosen.config_file}:")
    echo("\n".join("    " + line for line in chosen.config_text.splitlines()))
    echo("\nOn the generator's side:\n")
    echo(chosen.generator_settings)
    echo("\nNext: l10n-blog extract, then l10n-blog translate, l10n-blog review, l10n-blog build, l10n-blog check.")
