"""The layers of docs/architecture.md, enforced: who may import whom, and a core without I/O.

Every module under src/rolefit is read as text (nothing is imported), and every import in it,
at the top or inside a function, counts.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parent.parent / "src"
PACKAGE = "rolefit"

# Layer -> the rolefit layers it may import (itself always). Read top-down: the cli sits on
# everything, the core on nothing but the errors every layer shares.
ALLOWED: dict[str, set[str]] = {
    "errors": set(),
    "core": {"errors"},
    "render": {"core", "errors"},
    "files": {"core", "errors"},
    "quiz": {"core", "files", "render", "store", "errors"},
    "store": {"core", "files", "errors"},
    "serve": {"core", "files", "render", "store", "errors"},
    "cli": {"core", "files", "quiz", "render", "store", "serve", "errors"},
    "__main__": {"cli"},
    "__init__": set(),
}
# What the pure core must never reach for: files, processes, the environment, terminals, and
# the libraries of the edges.
CORE_FORBIDDEN = {
    "builtins",
    "io",
    "multiprocessing",
    "os",
    "pathlib",
    "prompt_toolkit",
    "questionary",
    "rich",
    "shutil",
    "signal",
    "socket",
    "subprocess",
    "sys",
    "tempfile",
    "typer",
    "yaml",
}
CORE_FORBIDDEN_CALLS = {"open", "print", "input", "exec", "eval"}
RENDER_FORBIDDEN = {"os", "sys", "pathlib", "subprocess", "tempfile", "shutil", "typer", "yaml"}


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted((SOURCE / PACKAGE).rglob("*.py")):
        parts = list(path.relative_to(SOURCE).with_suffix("").parts)
        if parts[-1] == "__init__" and len(parts) > 1:
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def layer(module: str) -> str:
    parts = module.split(".")
    if len(parts) == 1:
        return "__init__"
    return parts[1]


def imports(path: Path) -> Iterator[tuple[str, int]]:
    """Every module name an import statement in `path` names, with its line."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path}:{node.lineno}: use absolute imports"
            base = node.module or ""
            yield base, node.lineno
            for alias in node.names:
                yield f"{base}.{alias.name}", node.lineno


MODULES = modules()


def rolefit_imports(module: str) -> set[str]:
    return {
        name
        for name, _ in imports(MODULES[module])
        if name in MODULES and name != module and name != PACKAGE
    }


@pytest.mark.parametrize("module", sorted(MODULES))
def test_each_module_imports_only_the_layers_below_it(module: str) -> None:
    own = layer(module)
    allowed = ALLOWED[own] | {own}
    wrong = sorted(
        f"{name} (line {line})"
        for name, line in imports(MODULES[module])
        if name.startswith(f"{PACKAGE}.") and name in MODULES and layer(name) not in allowed
    )
    assert not wrong, f"{module} ({own}) may import only {sorted(allowed)}; it imports {wrong}"


@pytest.mark.parametrize("module", sorted(m for m in MODULES if layer(m) == "core"))
def test_the_core_reads_no_files_environment_or_terminal(module: str) -> None:
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    reached = {name.split(".")[0] for name, _ in imports(MODULES[module])}
    assert not reached & CORE_FORBIDDEN, f"{module} imports {sorted(reached & CORE_FORBIDDEN)}"
    calls = {
        node.func.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    }
    assert not calls & CORE_FORBIDDEN_CALLS, (
        f"{module} calls {sorted(calls & CORE_FORBIDDEN_CALLS)}"
    )


@pytest.mark.parametrize("module", sorted(m for m in MODULES if layer(m) == "core"))
def test_the_core_keeps_no_state_between_calls(module: str) -> None:
    """No `global` statements, and no module-level containers but constants (UPPER_CASE)."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    assert not any(isinstance(node, ast.Global) for node in ast.walk(tree)), module
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else []
        if isinstance(node, ast.AnnAssign):
            targets = [node.target]
        value = getattr(node, "value", None)
        mutable = isinstance(
            value, ast.Dict | ast.List | ast.Set | ast.DictComp | ast.ListComp | ast.SetComp
        ) or (
            isinstance(value, ast.Call)
            and isinstance(value.func, ast.Name)
            and value.func.id in {"dict", "list", "set", "defaultdict"}
        )
        names = [
            t.id
            for t in targets
            if isinstance(t, ast.Name) and t.id != "__all__" and not t.id.isupper()
        ]
        assert not (mutable and names), f"{module}: module-level container {names}"


@pytest.mark.parametrize("module", sorted(m for m in MODULES if layer(m) == "render"))
def test_renderers_depend_on_data_only(module: str) -> None:
    reached = {name.split(".")[0] for name, _ in imports(MODULES[module])}
    assert not reached & RENDER_FORBIDDEN, f"{module} imports {sorted(reached & RENDER_FORBIDDEN)}"


def test_no_two_modules_import_each_other_even_indirectly() -> None:
    graph = {module: rolefit_imports(module) for module in MODULES}
    cycles = []
    # Tarjan's strongly connected components: any component of two or more is a circle.
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for module in graph:
        if module not in index:
            visit(module)
    assert cycles == []


def test_every_module_belongs_to_a_documented_layer() -> None:
    documented = (SOURCE.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    for own in {layer(module) for module in MODULES} - {"__init__", "__main__"}:
        assert own in ALLOWED
        assert f"`rolefit.{own}`" in documented, f"docs/architecture.md does not describe {own}"


# Units a newcomer can hold in mind: a module longer than this is split along what a reader
# would look for, a function whose body is longer is broken into named steps.
MODULE_LINES = 400
FUNCTION_BODY_LINES = 60
# The one long function, and why: the YAML builder's loop over the parser's events keeps its
# state in local variables; split into a call per event, it would cost every file a report
# reads, for every value in it.
LONG_FUNCTIONS = {"rolefit.files.yaml12._document"}


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_is_longer_than_a_reader_can_hold(module: str) -> None:
    lines = MODULES[module].read_text(encoding="utf-8").count("\n")
    assert lines <= MODULE_LINES, f"{module} has {lines} lines; split it (docs/architecture.md)"


def _function_bodies(module: str) -> Iterator[tuple[str, int]]:
    """Each function of `module` by its dotted name, with the lines of its body (its
    docstring left out)."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))

    def walk(node: ast.AST, prefix: str) -> Iterator[tuple[str, int]]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                name = f"{prefix}.{child.name}"
                if not isinstance(child, ast.ClassDef):
                    body = child.body
                    if ast.get_docstring(child) is not None and len(body) > 1:
                        body = body[1:]
                    yield name, (child.end_lineno or 0) - body[0].lineno + 1
                yield from walk(child, name)

    yield from walk(tree, module)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_function_body_is_longer_than_sixty_lines(module: str) -> None:
    long = [
        f"{name} ({lines} lines)"
        for name, lines in _function_bodies(module)
        if lines > FUNCTION_BODY_LINES and name not in LONG_FUNCTIONS
    ]
    assert not long, f"break into named steps: {long}"


def test_the_long_functions_allowed_are_still_long() -> None:
    """An exception that no longer applies is taken off the list, not left to cover another."""
    found = {name: lines for module in MODULES for name, lines in _function_bodies(module)}
    assert all(found.get(name, 0) > FUNCTION_BODY_LINES for name in LONG_FUNCTIONS)


def _package_sections(documented: str) -> dict[str, str]:
    """Each package's part of the map: from its bold name to the next package's, or the next
    heading (a paragraph between belongs to the package above it, as Languages to the core)."""
    starts = [(m.start(), m.group(1)) for m in re.finditer(r"\*\*`rolefit\.(\w+)`\*\*", documented)]
    headings = [m.start() for m in re.finditer(r"\n## ", documented)]
    sections = {}
    for start, package in starts:
        ends = [s for s, _ in starts if s > start] + [h for h in headings if h > start]
        sections[package] = documented[start : min(ends, default=len(documented))]
    return sections


def test_every_module_is_named_where_the_map_describes_its_package() -> None:
    sections = _package_sections((SOURCE.parent / "docs" / "architecture.md").read_text("utf-8"))
    missing = []
    for module in MODULES:
        parts = module.split(".")
        if len(parts) < 3:
            continue
        section = sections.get(parts[1], "")
        named = {
            part.strip() for span in re.findall(r"`([^`]+)`", section) for part in span.split(".")
        }
        if parts[-1] not in named:
            missing.append(module)
    assert not missing, f"docs/architecture.md does not say what these are for: {missing}"
