"""The repository a newcomer opens stands alone: its docs link only to files it holds, it cites
no document outside it, and it ships the licence its package metadata declares."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Documents the project was once guided by, which live outside the repository.
OUTSIDE_DOCUMENTS = re.compile(r"\b(DESIGN|STYLE)\.md\b|shared/seeds")
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


def project_text_files() -> list[Path]:
    folders = ["facilitator", "screens", "tests", "benchmarks", "docs", "data", ".ci"]
    files = [ROOT / "README.md", ROOT / "pyproject.toml"]
    for folder in folders:
        files += [
            path
            for path in (ROOT / folder).rglob("*")
            if path.is_file()
            and path.suffix in {".py", ".md", ".toml", ".tcss", ".json", ""}
            and "__pycache__" not in path.parts
        ]
    return [path for path in files if path != Path(__file__).resolve()]


def test_no_file_cites_a_document_outside_the_repository() -> None:
    citing = [
        str(path.relative_to(ROOT))
        for path in project_text_files()
        if OUTSIDE_DOCUMENTS.search(path.read_text(encoding="utf-8", errors="replace"))
    ]
    assert not citing, citing


def test_every_relative_link_in_the_docs_leads_to_a_file_of_the_repository() -> None:
    broken = []
    for page in [ROOT / "README.md", *(ROOT / "docs").glob("*.md")]:
        for target in LINK.findall(page.read_text(encoding="utf-8")):
            if "://" in target or target.startswith("mailto:"):
                continue
            if not (page.parent / target).exists():
                broken.append(f"{page.relative_to(ROOT)} -> {target}")
    assert not broken, broken


def test_the_licence_declared_is_the_licence_shipped() -> None:
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["license"]
    assert declared == "MIT"
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
