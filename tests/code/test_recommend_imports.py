"""The recommender's module graph: training reaches tuning, never evaluation; no import cycles."""

import ast
from pathlib import Path

import movierec.recommend

PACKAGE = Path(movierec.recommend.__file__).parent


def imports() -> dict[str, set[str]]:
    """Module → recommend modules it imports (anywhere in the file, lazy imports included)."""
    graph = {}
    for path in PACKAGE.glob("*.py"):
        names = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                if node.module.startswith("movierec.recommend."):
                    names.add(node.module.rsplit(".", 1)[1])
                elif node.module == "movierec.recommend":
                    names |= {alias.name for alias in node.names if (PACKAGE / f"{alias.name}.py").is_file()}
        graph[path.stem] = names
    return graph


def reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        for name in graph.get(todo.pop(), set()) - seen:
            seen.add(name)
            todo.append(name)
    return seen


def test_training_imports_tuning_never_evaluation():
    graph = imports()
    assert "tuning" in graph["training"]
    assert "evaluation" not in reachable(graph, "training")
    assert not (PACKAGE / "report.py").exists() and "card" in graph["training"]


def test_no_import_cycles():
    graph = imports()
    for module in graph:
        if module != "__init__":
            assert module not in reachable(graph, module), module
