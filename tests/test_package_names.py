"""No module of a package has the name of something its ``__init__`` defines.

``import facilitator.sync.clashes`` (a module added for the minutes) set the package's attribute
``clashes`` to that module, so ``sync.clashes(path)``, the function, became "'module' object is not
callable" in whichever process had imported the module first: a fault that came and went with the
order the tests ran in.
"""

from __future__ import annotations

import ast
import pkgutil
from pathlib import Path

import facilitator
import screens

PACKAGES = [Path(facilitator.__file__).parent, Path(screens.__file__).parent]


def _packages() -> list[Path]:
    return [init.parent for root in PACKAGES for init in sorted(root.rglob("__init__.py"))]


def _defined_in(init: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.parse(init.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(target.id for target in node.targets if isinstance(target, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            # a name imported from elsewhere and offered by the package
            names.update(alias.asname or alias.name for alias in node.names if alias.name != "annotations")
    return names


def test_the_sweep_sees_the_packages() -> None:
    assert {package.name for package in _packages()} >= {"facilitator", "sync", "screens", "steps"}


def test_no_module_shadows_a_name_its_package_defines() -> None:
    clashes = []
    for package in _packages():
        modules = {info.name for info in pkgutil.iter_modules([str(package)])}
        defined = _defined_in(package / "__init__.py")
        # Importing a submodule from its own package's __init__ is the one harmless case: same object.
        harmful = {name for name in modules & defined if not _imports_itself(package, name)}
        clashes += [f"{package.name}.{name}" for name in sorted(harmful)]
    assert clashes == []


def _imports_itself(package: Path, name: str) -> bool:
    text = (package / "__init__.py").read_text(encoding="utf-8")
    return f"import {name}" in text and f"def {name}" not in text and f"class {name}" not in text
