"""The layout shows the architecture: imports go one way, from the command line down to the model.

Every module's imports are read with ``ast`` (those inside functions too).
Layers, lowest first: the model, configuration, errors, schema and lexicon;
then the stages in their order (extract, clean, segment, annotate, compare, render);
then the batch runner; then evaluation and the benchmark; then the command
line.  A module may import its own layer's group and anything lower, never
higher: a stage never imports a later stage, the batch runner or the
evaluation.  No module imports another in a circle.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "pipeline"

# (group, layer): a group is a module or a folder of the package.
LAYERS = {
    "pipeline": 0,
    "pipeline.model": 0,
    "pipeline.config": 0,
    "pipeline.errors": 0,
    "pipeline.schema": 0,
    "pipeline.lexicon": 0,
    "pipeline.ocr": 0.5,  # scanned pages read by Tesseract, for the extract stage
    "pipeline.content": 0.5,  # content streams read for pdfminer in one pass, for the extract stage
    "pipeline.chars": 0.5,  # pdfminer's characters made at less cost, for the extract stage
    "pipeline.extract": 1,
    "pipeline.clean": 2,
    "pipeline.segment": 3,
    "pipeline.akn": 3.5,  # Akoma Ntoso read into a Resolution, beside segment (whose annex and verb rules it uses)
    "pipeline.annotate": 4,
    "pipeline.compare": 4.5,
    "pipeline.render": 5,
    "pipeline.batch": 6,
    "pipeline.collection": 6.5,  # the collection outputs of a batch, read from its packs
    "pipeline.evaluate": 7,
    "pipeline.bench": 7,
    "pipeline.bench_session": 7.5,  # the session benchmark times against bench's baseline
    "pipeline.cli": 8,
    "pipeline.__main__": 9,
}


def module_name(path: Path) -> str:
    """Gives the dotted name of a module file ("pipeline/segment/cover.py" gives "pipeline.segment.cover")."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def group_of(module: str) -> str:
    """Gives the group a module belongs to: the longest key of LAYERS that it is or lies in (the package's own
    ``__init__`` is a group by itself, so a new top-level module must be given its layer)."""
    best = None
    for g in LAYERS:
        if module == g or (g != "pipeline" and module.startswith(g + ".")):
            if best is None or len(g) > len(best):
                best = g
    if best is None:
        raise KeyError(module)
    return best


def imports_of(module: str) -> set[str]:
    """Gives the package modules that ``module`` imports, at the top or inside functions."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    is_package = MODULES[module].name == "__init__.py"
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = module.split(".") if is_package else module.split(".")[:-1]
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            names = [f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names]
        else:
            continue
        for name in names:
            while name and name not in MODULES and "." in name:
                name = name.rsplit(".", 1)[0]
            if name in MODULES and name != module:
                found.add(name)
    return found


GRAPH = {m: imports_of(m) for m in MODULES}


def test_every_module_has_a_place_in_the_layers():
    unplaced = []
    for m in MODULES:
        try:
            group_of(m)
        except KeyError:
            unplaced.append(m)
    assert unplaced == [], f"add these modules to LAYERS in {Path(__file__).name}: {unplaced}"


def test_imports_go_down_the_layers_never_up():
    wrong = []
    for m, targets in GRAPH.items():
        g = group_of(m)
        for t in sorted(targets):
            h = group_of(t)
            if LAYERS[h] > LAYERS[g] or (LAYERS[h] == LAYERS[g] and h != g and LAYERS[g] > 0):
                wrong.append(f"{m} imports {t}")
    assert wrong == [], "imports against the data flow:\n" + "\n".join(wrong)


def test_no_module_imports_another_in_a_circle():
    cycles, index, low, stack, on_stack = [], {}, {}, [], set()

    def visit(v):  # Tarjan's strongly connected components
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(GRAPH[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                cycles.append(sorted(comp))

    for v in sorted(GRAPH):
        if v not in index:
            visit(v)
    assert cycles == [], f"modules importing each other in a circle: {cycles}"


@pytest.mark.parametrize(
    "source, target",
    [
        ("pipeline.segment.document", "pipeline.annotate.document"),
        ("pipeline.clean", "pipeline.segment.spans"),
        ("pipeline.annotate.references", "pipeline.evaluate.references"),
        ("pipeline.render.view", "pipeline.batch.runner"),
        ("pipeline.extract", "pipeline.cli"),
    ],
)
def test_the_layer_rule_refuses_a_stage_importing_a_later_one(source, target):
    """The rule itself can fail: each of these imports would be reported."""
    g, h = group_of(source), group_of(target)
    assert LAYERS[h] > LAYERS[g]


def test_the_reader_sees_imports_inside_functions_and_relative_ones():
    tree = {
        "pipeline.batch.document": {"pipeline.render", "pipeline.segment"},
        "pipeline.cli": {"pipeline.batch", "pipeline.evaluate", "pipeline.bench"},
    }
    for module, expected in tree.items():
        assert expected <= {group_of(t) for t in GRAPH[module]}, module


def test_every_public_function_and_class_says_what_it_gives():
    missing = []
    for m, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if not ast.get_docstring(tree):
            missing.append(f"{m} (module)")
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and not node.name.startswith("_"):
                if not ast.get_docstring(node):
                    missing.append(f"{m}.{node.name}")
    assert missing == [], f"public names without a docstring: {missing}"
