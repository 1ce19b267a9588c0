"""The package layout holds: no import circles (lazy imports included), records that import
no stage, and a public API whose documented examples run."""
from __future__ import annotations

import ast
import doctest
import re
from pathlib import Path

from conftest import REPO

import rasid

PACKAGE = REPO / "src" / "rasid"
RECORDS = ("rasid.model", "rasid.errors")  # shared by every stage: they import none of them


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _type_checking_only(node: ast.AST) -> bool:
    test = getattr(node, "test", None)
    return isinstance(node, ast.If) and (
        isinstance(test, ast.Name) and test.id == "TYPE_CHECKING"
        or isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    """Every import statement, at any depth (lazy imports in functions too), except those
    under ``if TYPE_CHECKING:``, which never run."""
    found: list[ast.Import | ast.ImportFrom] = []
    stack = [tree]
    while stack:
        node = stack.pop()
        if _type_checking_only(node):
            stack.extend(node.orelse)
            continue
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            found.append(node)
        stack.extend(ast.iter_child_nodes(node))
    return found


def import_graph(root: Path) -> dict[str, set[str]]:
    """Module -> the package modules it imports. ``from a import b`` points at ``a.b`` when
    that is a module, else at ``a`` (whose ``__init__`` runs)."""
    paths = {module_name(p, root): p for p in root.rglob("*.py")}
    top = root.name
    graph: dict[str, set[str]] = {}
    for name, path in paths.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        targets: set[str] = set()
        for node in _imports(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets |= {alias.name for alias in node.names}
                continue
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([node.module] if node.module else []))
            for alias in node.names:
                targets.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in paths else base)
        graph[name] = {t for t in targets if t in paths and t != name and (t == top or t.startswith(top + "."))}
    return graph


def import_circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return circles


def test_rasid_has_no_import_circle():
    circles = import_circles(import_graph(PACKAGE))
    assert not circles, "import circles (move the shared names to a module both can import): " + "; ".join(
        " <-> ".join(c) for c in circles)


def test_records_import_no_stage():
    graph = import_graph(PACKAGE)
    for name in RECORDS:
        assert graph[name] == set(), f"{name} imports {sorted(graph[name])}: records must import no stage"


def test_the_checker_finds_circles_lazy_or_not_and_ignores_type_checking(tmp_path):
    pkg = tmp_path / "pkg"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "sub" / "__init__.py").write_text("from pkg.sub.b import B\n")
    (pkg / "a.py").write_text("def f():\n    from pkg.sub import b  # lazy\n")
    (pkg / "sub" / "b.py").write_text("from .. import a\nB = 1\n")
    (pkg / "c.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg import d\n")
    (pkg / "d.py").write_text("import pkg.c\n")
    graph = import_graph(pkg)
    assert graph["pkg.a"] == {"pkg.sub.b"} and graph["pkg.sub.b"] == {"pkg.a"}
    assert graph["pkg.c"] == set() and graph["pkg.d"] == {"pkg.c"}
    assert import_circles(graph) == [["pkg.a", "pkg.sub.b"]]


def test_public_api_is_small_and_its_example_runs():
    assert len(rasid.__all__) <= 10
    failures, tried = doctest.testmod(rasid, verbose=False)
    assert tried and not failures


def test_readme_python_examples_run():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```pycon\n(.*?)```", readme, re.S)
    assert blocks, "the README has no ```pycon example"
    parser, runner = doctest.DocTestParser(), doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    for n, block in enumerate(blocks):
        runner.run(parser.get_doctest(block, {}, f"README[{n}]", "README.md", 0))
    assert runner.failures == 0, f"{runner.failures} README example lines gave other output than shown"


def test_architecture_page_names_real_files():
    page = (REPO / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`((?:src|scripts|benchmarks|tests)/[\w/.-]+)`", page))
    assert len(named) > 20
    missing = sorted(p for p in named if not (REPO / p.rstrip("/")).exists())
    assert not missing, f"docs/ARCHITECTURE.md names files that do not exist: {missing}"
