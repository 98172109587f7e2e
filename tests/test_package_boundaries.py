"""The product package stays apart from the test tooling, with no import cycles.

``supportwh`` (generator, loader, query CLI) is what ``pip install .`` ships;
``supportwh_dev`` (engine comparison, PostgreSQL cluster, corpus, snapshot,
expectations) is the project's own tooling around it. Checked two ways:
- statically: every import statement of every product module (module level or
  inside a function) is read from its source; none may name supportwh_dev;
- at run time: a fresh interpreter imports every product module and
  supportwh_dev must not be in sys.modules afterwards.
And the import graph of both packages has no cycle.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PRODUCT = "supportwh"
DEV = "supportwh_dev"


def module_files(package: str) -> dict[str, Path]:
    """Dotted module name -> source file, for every module of a package."""
    modules = {}
    for path in sorted((REPO / package).rglob("*.py")):
        parts = list(path.relative_to(REPO).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


def imported_names(module: str, path: Path) -> list[tuple[int, str]]:
    """(line, absolute dotted name) of every import in a module's source;
    ``from X import a`` gives X.a (a module or a name in X)."""
    is_package = path.name == "__init__.py"
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")
                base = base[: len(base) - node.level + (1 if is_package else 0)]
                prefix = ".".join(base + ([node.module] if node.module else []))
            else:
                prefix = node.module or ""
            names += [(node.lineno, f"{prefix}.{alias.name}") for alias in node.names]
    return names


def test_no_product_module_imports_the_dev_tooling():
    offending = [
        f"{path.relative_to(REPO)}:{line}: imports {name}"
        for module, path in module_files(PRODUCT).items()
        for line, name in imported_names(module, path)
        if name == DEV or name.startswith(DEV + ".")
    ]
    assert not offending, "the product package imports the test tooling:\n" + "\n".join(offending)


def test_importing_every_product_module_leaves_the_dev_tooling_unloaded():
    modules = sorted(module_files(PRODUCT))
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        f"print(sorted(m for m in sys.modules if m == {DEV!r} or m.startswith({DEV + '.'!r})))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]", f"loaded by importing the product: {proc.stdout}"


def import_graph() -> dict[str, set[str]]:
    """Module -> the project modules it imports. An import of a module's own
    parent package is left out (Python runs the parent first anyway)."""
    files = {**module_files(PRODUCT), **module_files(DEV)}
    graph: dict[str, set[str]] = {}
    for module, path in files.items():
        targets = set()
        for _, name in imported_names(module, path):
            while name and name not in files:
                name = name.rpartition(".")[0]
            if name and name != module and not module.startswith(name + "."):
                targets.add(name)
        graph[module] = targets
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a path that ends where it starts, or None."""
    state: dict[str, str] = {}
    stack: list[str] = []

    def visit(module: str) -> list[str] | None:
        state[module] = "open"
        stack.append(module)
        for target in sorted(graph[module]):
            if state.get(target) == "open":
                return stack[stack.index(target) :] + [target]
            if target not in state:
                cycle = visit(target)
                if cycle:
                    return cycle
        stack.pop()
        state[module] = "done"
        return None

    for module in sorted(graph):
        if module not in state:
            cycle = visit(module)
            if cycle:
                return cycle
    return None


def test_no_import_cycles():
    graph = import_graph()
    assert graph["supportwh.load_raw"] >= {"supportwh.connections"}
    assert graph["supportwh_dev.compare_engines"] >= {"supportwh.connections"}
    cycle = find_cycle(graph)
    assert cycle is None, "import cycle: " + " -> ".join(cycle)


def test_cycle_finder_sees_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None
