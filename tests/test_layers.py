"""The package's layers: imports only go down, and no module imports itself in a cycle."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"

# Lower rank = lower layer. A module may import its own layer or any lower one.
RANKS = {
    "l10n": 0, "l10n.errors": 0, "l10n.extras": 0, "l10n.files": 0,
    "l10n.core": 1,
    "l10n.po": 2, "l10n.mt": 2,
    "l10n.config": 3,
    "l10n.project": 4, "l10n.incremental": 4, "l10n.pool": 4, "l10n.segment_cache": 4,
    "l10n.fingerprint": 0, "l10n.sentences": 1,
    "l10n.steps": 5,
    "l10n.web": 6,
    "l10n.cli": 7,
}
SIBLINGS_APART = {("l10n.po", "l10n.mt"), ("l10n.mt", "l10n.po")}  # neither knows the other


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def layer(name: str) -> str:
    best = max((key for key in RANKS if name == key or name.startswith(key + ".")), key=len)
    return best


def imports(path: Path) -> set[str]:
    """Every l10n module ``path`` imports, at any depth of the file (lazy imports count too)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.split(".")[0] == "l10n"}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parent + ([base] if base else []))
            if base.split(".")[0] != "l10n":
                continue
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                found.add(candidate if _exists(candidate) else base)
    return found


def _exists(name: str) -> bool:
    path = SRC / name.replace(".", "/")
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


MODULES = {module_name(p): p for p in sorted(SRC.rglob("*.py"))}
GRAPH = {name: {i for i in imports(path) if i != name} for name, path in MODULES.items()}


@pytest.mark.parametrize("name", sorted(MODULES))
def test_imports_only_go_down(name):
    assert not upward(name, GRAPH[name]), f"{name} imports a higher or sibling layer: {upward(name, GRAPH[name])}"


def upward(name: str, targets: set[str]) -> list[str]:
    """The imports of ``name`` that go up a layer, or sideways between po and mt."""
    return sorted(target for target in targets
                  if RANKS[layer(target)] > RANKS[layer(name)] or (layer(name), layer(target)) in SIBLINGS_APART)


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every import cycle a depth-first walk of ``graph`` meets."""
    state: dict[str, int] = {}
    found: list[list[str]] = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if nxt not in graph:
                continue
            if state.get(nxt) == 1:
                found.append(trail[trail.index(nxt):] + [nxt] if nxt in trail else [node, nxt])
            elif nxt not in state:
                visit(nxt, trail + [nxt])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    return found


def test_no_import_cycles():
    assert not cycles(GRAPH), f"import cycles: {cycles(GRAPH)}"


def test_the_checks_catch_an_upward_import_a_sideways_one_and_a_cycle():
    """The checkers themselves can fail, on a made-up graph."""
    assert upward("l10n.core.segment", {"l10n.steps.build", "l10n.errors"}) == ["l10n.steps.build"]
    assert upward("l10n.po.catalog", {"l10n.mt.memory"}) == ["l10n.mt.memory"]
    assert upward("l10n.cli.app", {"l10n.core.segment"}) == []
    assert cycles({"l10n.a": {"l10n.b"}, "l10n.b": {"l10n.c"}, "l10n.c": {"l10n.a"}}) == [
        ["l10n.a", "l10n.b", "l10n.c", "l10n.a"]]
