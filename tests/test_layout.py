"""Where things live (the README's layout): views open no transaction, and the core's modules
import each other one way only."""

import ast
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
APPS = ["casework", "referrals", "motions", "meetings", "opendata", "archive", "rotlar", "accounts"]


def _sources(app: str):
    for path in (ROOT / app).rglob("*.py"):
        if "migrations" not in path.parts:
            yield path


def test_no_view_opens_a_transaction_the_step_s_service_does():
    views = [p for app in APPS for p in _sources(app) if p.name == "views.py" or "views" in p.parts]
    assert views
    for path in views:
        assert "transaction.atomic" not in path.read_text(), path


def _module(path: pathlib.Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def test_the_core_s_modules_import_one_another_without_a_cycle():
    """Each casework module's imports of casework modules, wherever they stand (an import inside
    a function to dodge a cycle counts), form no cycle; AppConfig.ready may import the models."""
    modules = {_module(p): p for p in _sources("casework")}
    graph = {name: set() for name in modules}
    for name, path in modules.items():
        if name == "casework.apps":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("casework"):
                for target in [node.module, *(f"{node.module}.{a.name}" for a in node.names)]:
                    if target in modules and target != name:
                        graph[name].add(target)

    def reaches(start: str, goal: str, seen: set) -> bool:
        for nxt in graph[start] - seen:
            seen.add(nxt)
            if nxt == goal or reaches(nxt, goal, seen):
                return True
        return False

    cycles = [(a, b) for a in graph for b in graph[a] if reaches(b, a, set())]
    assert len(graph) > 20 and cycles == []
