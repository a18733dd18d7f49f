"""The code's shape (docs/architecture.md): apps depend one way, every import between apps is at the top of its
module, and no module of the apps passes 400 lines."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# May import: classroom → quizzes → briefs (and classroom → briefs); each app → config, which imports no app.
ALLOWED = {
    "classroom": {"quizzes", "briefs", "config"},
    "quizzes": {"briefs", "config"},
    "briefs": {"config"},
    "config": set(),
}
MAX_LINES = 400
LEFT_TO_THEIR_OWN_ISSUE: set[str] = set()


def modules(app: str):
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" not in path.parts:
            yield path


def imports(path: Path):
    """(imported app, whether the import is inside a function) for each import of one of the apps."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    inside = {id(node) for fn in ast.walk(tree) if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef)
              for node in ast.walk(fn)}  # fmt: skip
    for node in ast.walk(tree):
        names = [node.module] if isinstance(node, ast.ImportFrom) and node.level == 0 else []
        names += [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
        for name in filter(None, names):
            if (top := name.split(".")[0]) in ALLOWED:
                yield top, id(node) in inside


@pytest.mark.parametrize("app", sorted(ALLOWED))
def test_an_app_imports_only_the_apps_below_it_and_only_at_the_top_of_a_module(app):
    wrong = []
    for path in modules(app):
        for other, in_function in imports(path):
            if other != app and (other not in ALLOWED[app] or in_function):
                wrong.append(f"{path.relative_to(ROOT)} imports {other}{' in a function' if in_function else ''}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("app", sorted(ALLOWED))
def test_no_module_passes_400_lines(app):
    long = [
        f"{path.relative_to(ROOT)}: {lines} lines"
        for path in modules(app)
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
        and str(path.relative_to(ROOT)) not in LEFT_TO_THEIR_OWN_ISSUE
    ]
    assert not long, "\n".join(long)


def test_the_parser_is_pure():
    """briefs/parsing/ reads text into plain data: no Django beyond gettext, no app."""
    wrong = []
    for path in sorted((ROOT / "briefs" / "parsing").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            names += [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
            outside = [
                n for n in names if n.split(".")[0] in {"django", *ALLOWED} and not n.startswith("briefs.parsing")
            ]
            impure = [n for n in outside if n != "django.utils.translation"]
            wrong += [f"{path.name} imports {n}" for n in impure]
    assert not wrong, "\n".join(wrong)
