"""Architecture: imports point down the pipeline, never up (STYLE.md's module map).

A module may import its own stage and any stage listed below it. Imports inside
functions count too: a lazy upward import is still a cycle waiting to happen.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "brochure"

# Lowest first. A stage is a top-level module or a folder of src/brochure/.
STAGES: list[set[str]] = [
    {"errors", "units", "diagnostics", "cartography", "user_cache"},
    {"model"},
    {"load"},
    {"colour", "fonts", "images", "typeset"},
    {"layout"},
    {"render"},
    {"finish"},
    {"explain", "preflight", "translate", "preview", "starter"},
    {"pipeline"},
    {"watch", "package"},
    {"cli", "cli_translate", "__main__", "completion"},
]
LEVEL = {name: level for level, names in enumerate(STAGES) for name in names}


def stage_of(module: str) -> str:
    """`brochure.layout.story` -> `layout`; `brochure` alone -> the package itself."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def imported_modules(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = ".".join(("brochure", *path.relative_to(PACKAGE).with_suffix("").parts[:-1]))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            names = [f"{module}.{alias.name}" for alias in node.names] if module == "brochure" else [module]
            found += [(node.lineno, name) for name in names]
        elif isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
    return [(line, name) for line, name in found if name == "brochure" or name.startswith("brochure.")]


def upward_imports() -> list[str]:
    problems = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        own = relative.parts[0].removesuffix(".py")
        if own == "__init__":
            continue
        assert own in LEVEL, f"{relative}: stage '{own}' is not placed in STAGES; add it where it belongs"
        for line, module in imported_modules(path):
            target = stage_of(module)
            if target and LEVEL.get(target, -1) > LEVEL[own]:
                problems.append(f"src/brochure/{relative}:{line}: {own} imports {module} ({target} is a later stage)")
    return problems


def test_no_stage_imports_a_later_one():
    assert upward_imports() == []


def test_the_check_sees_an_upward_import(tmp_path, monkeypatch):
    """The test itself can fail: a model module importing the layout is caught."""
    fake = tmp_path / "brochure"
    (fake / "model").mkdir(parents=True)
    (fake / "model" / "content.py").write_text("def f():\n    from brochure.layout.story import x\n")
    monkeypatch.setattr(__import__(__name__, fromlist=["PACKAGE"]), "PACKAGE", fake)
    assert upward_imports() == [("src/brochure/model/content.py:2: model imports brochure.layout.story "
                                "(layout is a later stage)")]
