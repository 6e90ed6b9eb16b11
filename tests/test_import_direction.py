"""Architecture: imports point down the pipeline, never up (STYLE.md's module map).

A module may import its own stage and any stage listed below it. Imports inside
functions count too: a lazy upward import is still a cycle waiting to happen.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "brochure"

# Lowest first. A stage is a top-level module or a folder of src/brochure/.
STAGES: list[set[str]] = [
    {"errors", "units", "diagnostics", "cartography", "user_cache", "library_internals", "terminal", "limits", "kept",
     "images_on_disk"},
    {"model"},
    {"load"},
    {"colour", "fonts", "images", "typeset"},
    {"layout"},
    {"render"},
    {"finish"},
    {"explain", "preflight", "translate", "preview", "starter", "upgrade"},
    {"pipeline"},
    {"watch", "package"},
    {"cli", "commands", "__main__", "completion", "exit_codes"},
]
LEVEL = {name: level for level, names in enumerate(STAGES) for name in names}


def stage_of(module: str) -> str:
    """`brochure.layout.story` -> `layout`; `brochure` alone -> the package itself."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


@functools.cache
def parsed(text: str) -> tuple[ast.AST, ...]:
    """Every node of a module's text (each check walks each module: parsed once per text)."""
    return tuple(ast.walk(ast.parse(text)))


def imported_modules(path: Path) -> list[tuple[int, str]]:
    package = ".".join(("brochure", *path.relative_to(PACKAGE).with_suffix("").parts[:-1]))
    found = []
    for node in parsed(path.read_text(encoding="utf-8")):
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


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(("brochure", *(parts[:-1] if parts[-1] == "__init__" else parts)))


def type_checking_lines(path: Path) -> set[int]:
    """The lines of `if TYPE_CHECKING:` blocks (imports for annotations only, never run)."""
    lines: set[int] = set()
    for node in parsed(path.read_text(encoding="utf-8")):
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            lines.update(range(node.lineno, (node.end_lineno or node.lineno) + 1))
    return lines


def import_cycles() -> list[list[str]]:
    """Modules that import each other, directly or through others (imports inside functions
    count: they are a dependency all the same; imports for type annotations only do not), as
    strongly connected components."""
    modules = {module_name(path): path for path in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        targets = set()
        annotations_only = type_checking_lines(path)
        for line, imported in imported_modules(path):
            if line in annotations_only:
                continue
            target = imported
            while target and target not in modules:  # brochure.cli.main -> brochure.cli
                target = target.rpartition(".")[0]
            if target and target != name and not name.startswith(target + "."):  # not its own package
                targets.add(target)
        graph[name] = targets
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(node: str) -> None:  # Tarjan's algorithm
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return cycles


def test_no_modules_import_each_other():
    """(cli and the command modules share the exit codes through exit_codes.py, not each other.)"""
    assert import_cycles() == []


def test_the_check_sees_a_cycle(tmp_path, monkeypatch):
    fake = tmp_path / "brochure"
    fake.mkdir()
    (fake / "cli.py").write_text("def f():\n    from brochure.cli_translate import g\n")
    (fake / "cli_translate.py").write_text("from brochure.cli import EXIT_OK\n")
    monkeypatch.setattr(__import__(__name__, fromlist=["PACKAGE"]), "PACKAGE", fake)
    assert import_cycles() == [["brochure.cli", "brochure.cli_translate"]]
