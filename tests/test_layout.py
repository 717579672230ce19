"""The folders say the design, and the imports keep it true: readers and writers meet only in the model.

Every `import` of the package is read with `ast` (those inside functions and under TYPE_CHECKING too: a lazy
import is still an arrow), and each arrow must run the way LAYERS allows. docs/architecture.md draws the
same picture in words; this test is what holds it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "etl"

# layer -> the layers it may import. `etl` itself (the version) is open to all, `cli` may import anything.
LAYERS: dict[str, set[str]] = {
    "errors": set(),
    "util": {"errors"},
    "model": {"util", "errors"},
    "config": {"model", "util", "errors"},
    "extract": {"model", "util", "errors"},
    "transform": {"model", "config", "util", "errors"},
    "load": {"model", "config", "util", "errors"},
    "pipeline": {"extract", "transform", "load", "model", "config", "util", "errors"},
    # the readiness check reads built feeds as a reader does (etl.extract.feedxml), and nothing of the build
    "check": {"extract", "model", "util", "errors"},
    "cli": {"pipeline", "check", "extract", "transform", "load", "model", "config", "util", "errors"},
}


def _layer(module: str) -> str:
    parts = module.split(".")
    if parts[0] != "etl":
        raise ValueError(module)
    if len(parts) == 1:
        return "etl"
    return {"__main__": "cli"}.get(parts[1], parts[1])


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> list[tuple[int, str]]:
    """Every module `path` imports from the etl package, with its line: `from etl.x import y` counts as
    `etl.x.y` when y is a module of the package (so `from etl.util import yamlsafe` is an arrow to util)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names if alias.name.split(".")[0] == "etl"]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").split(".")[0] == "etl":
            module = node.module or ""
            for alias in node.names:
                child = f"{module}.{alias.name}"
                is_module = (PACKAGE.parent / child.replace(".", "/")).with_suffix(".py").is_file() or (
                    PACKAGE.parent / child.replace(".", "/") / "__init__.py"
                ).is_file()
                found.append((node.lineno, child if is_module else module))
        elif isinstance(node, ast.ImportFrom) and node.level > 0:
            found.append((node.lineno, f"relative import (level {node.level})"))
    return found


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def wrong_way(modules: list[Path]) -> list[str]:
    """`path:line: importer -> imported` for every arrow LAYERS does not allow."""
    bad = []
    for path in modules:
        importer = _layer(_module_name(path))
        if importer == "etl":
            continue
        for line, imported in _imports(path):
            if imported.startswith("relative"):
                bad.append(f"{path.relative_to(PACKAGE.parent)}:{line}: {imported}: import by the full name")
                continue
            target = _layer(imported)
            if target in ("etl", importer):
                continue
            if target not in LAYERS.get(importer, set()):
                bad.append(f"{path.relative_to(PACKAGE.parent)}:{line}: {importer} -> {target} ({imported})")
    return bad


def test_every_module_belongs_to_a_layer():
    layers = {_layer(_module_name(path)) for path in _modules()}
    assert layers - {"etl", "web"} <= set(LAYERS), f"a package no rule covers: {layers - set(LAYERS)}"


def test_imports_run_one_way():
    assert wrong_way(_modules()) == []


def test_the_root_holds_only_entry_points_and_what_every_layer_shares():
    loose = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert loose == ["__init__.py", "__main__.py", "cli.py", "errors.py"]  # and config/: etl.yaml, its parts
    assert (PACKAGE / "config" / "__init__.py").is_file()


def test_the_site_resources_are_resources():
    """`etl/web/` holds templates, a stylesheet and scripts; the code that renders them is a writer's."""
    code = [p for p in (PACKAGE / "web").rglob("*.py") if p.name != "__init__.py"]
    assert code == []
    init = (PACKAGE / "web" / "__init__.py").read_text(encoding="utf-8")
    assert "import" not in init


@pytest.mark.parametrize(
    ("source", "arrow"),
    [
        ("from etl.load.feed import NAME\n", "extract -> load"),
        ("from etl.transform import plan\n", "extract -> transform"),
        ("def later():\n    from etl.extract import names\n", "load -> extract"),
        ("from etl.pipeline.cache import Cache\n", "transform -> pipeline"),
        ("from etl.config import Config\n", "model -> config"),
        ("from .common import Verdict\n", "relative import"),
    ],
)
def test_an_arrow_the_wrong_way_is_found(tmp_path, monkeypatch, source, arrow):
    """The rule is only as good as its reading of imports: each kind of wrong arrow, planted, is found."""
    package = tmp_path / "etl"
    layer = arrow.split(" ")[0] if "->" in arrow else "extract"
    (package / layer).mkdir(parents=True)
    for folder in (package, package / layer):
        (folder / "__init__.py").write_text("", encoding="utf-8")
    for module in ("load/feed.py", "transform/plan.py", "extract/common.py", "pipeline/cache.py", "config.py"):
        (package / module).parent.mkdir(parents=True, exist_ok=True)
        (package / module).parent.joinpath("__init__.py").touch()
        (package / module).touch()
    planted = package / layer / "planted.py"
    planted.write_text(source, encoding="utf-8")
    monkeypatch.setitem(globals(), "PACKAGE", package)
    found = wrong_way([planted])
    assert len(found) == 1 and arrow in found[0], found
