"""Recall and false alarms of the QA checks (l10n.mt.qa) on the labelled pairs of tests/data/qa/.

    .venv/bin/python bench/bench_qa.py            # table per check, then the totals
    .venv/bin/python bench/bench_qa.py --show     # also every miss and every false alarm

The development set (good.tsv, bad.tsv) was used while writing the rules; the held-out set
(heldout-*.tsv) was written after they were frozen and never changed one. The length model
is fitted on the repository's own reviewed post (locales/en), never on the labelled pairs.
A bad pair counts as caught when any
error or warning is reported; per check, when the check it is labelled with reports it.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from l10n.mt.glossary import load_glossary  # noqa: E402
from l10n.mt.qa import LengthModel, Pair, run  # noqa: E402
from l10n.po.pofile import read  # noqa: E402

DATA = ROOT / "tests" / "data" / "qa"


def rows(name: str) -> list[list[str]]:
    """The tab-separated rows of a labelled file (``\\n`` in a field is a line break)."""
    lines = (DATA / name).read_text("utf-8").splitlines()
    return [[field.replace("\\n", "\n") for field in line.split("\t")] for line in lines
            if line.strip() and not line.startswith("#")]


def site_lengths() -> LengthModel:
    """The length model of this repository's reviewed translations."""
    pairs = []
    for path in sorted((ROOT / "locales" / "en").rglob("*.po")):
        catalog = read(path)
        pairs += [(e.msgid, e.msgstr) for e in catalog or () if e.msgstr and not e.fuzzy and not e.obsolete]
    return LengthModel.fit(pairs)


def evaluate(show: bool, *, prefix: str = "") -> dict[str, float]:
    """Figures on ``{prefix}good.tsv`` and ``{prefix}bad.tsv`` ("heldout-": pairs written after the rules froze)."""
    glossary = load_glossary(DATA / "glossary.tsv", source_lang="ja", target_lang="en")
    lengths = site_lengths()
    good, bad = rows(f"{prefix}good.tsv"), rows(f"{prefix}bad.tsv")
    alarms = Counter[str]()
    false = 0
    for source, translation in good:
        problems = run(Pair(source, translation, glossary, lengths))
        false += bool(problems)
        for problem in problems:
            alarms[problem.check] += 1
            if show:
                print(f"FALSE ALARM {problem}\n    {source}\n    {translation}")
    labelled, caught, by_label = Counter[str](), Counter[str](), Counter[str]()
    for check, source, translation in bad:
        problems = run(Pair(source, translation, glossary, lengths))
        labelled[check] += 1
        caught[check] += bool(problems)
        by_label[check] += any(p.check == check for p in problems)
        if show and not problems:
            print(f"MISSED [{check}]\n    {source}\n    {translation}")
    print(f"== {prefix or 'development '}set: {len(good)} good, {len(bad)} bad")
    print(f"length model: {lengths.ratio:.2f} chars per kana/kanji, centre {lengths.centre:+.3f}, "
          f"spread {lengths.spread:.3f}, from {lengths.pairs} reviewed pairs")
    print(f"{'check':14} {'bad':>4} {'caught':>7} {'by it':>6} {'false alarms on good':>21}")
    for check in sorted(set(labelled) | set(alarms)):
        print(f"{check:14} {labelled[check]:4} {caught[check]:7} {by_label[check]:6} {alarms[check]:21}")
    recall = sum(caught.values()) / len(bad)
    false_rate = false / len(good)
    print(f"recall on bad: {sum(caught.values())}/{len(bad)} = {recall:.3f}; "
          f"false alarms on good: {false}/{len(good)} = {false_rate:.3f}")
    return {"recall": recall, "false_alarms": false_rate}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="print every miss and false alarm")
    arguments = parser.parse_args()
    evaluate(arguments.show)
    evaluate(arguments.show, prefix="heldout-")
