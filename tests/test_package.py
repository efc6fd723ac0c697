"""The package as a user gets it: `python -m build`, then a wheel and an sdist installed in a fresh venv.

The venv has no access to this checkout or the test venv's packages (no --system-site-packages);
pip installs the dependencies at the pinned versions of constraints.txt (from its cache when warm).
From the installed wheel, `llmreads new` makes a project whose `mkdocs build --strict` passes and
says nothing of LLMs; the sdist must build and install the same package.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import REPO

import llmreads

pytestmark = pytest.mark.package

LLM = re.compile(r"\bLLMs?\b|large language", re.I)
TIMEOUT = 900


def sh(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    env["NO_MKDOCS_2_WARNING"] = "1"
    result = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True,
                            timeout=TIMEOUT, check=False)
    assert result.returncode == 0, f"{args}\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    sh(sys.executable, "-m", "build", "--outdir", out, REPO)
    return out


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory, dist: Path) -> Path:
    root = tmp_path_factory.mktemp("venv") / "venv"
    sh(sys.executable, "-m", "venv", root)
    wheel = next(dist.glob("llmreads-*.whl"))
    sh(root / "bin" / "python", "-m", "pip", "install", "-q", "-c", REPO / "constraints.txt", wheel)
    return root


def test_wheel_and_sdist_carry_the_version_theme_and_templates(dist: Path) -> None:
    version = llmreads.__version__
    assert sorted(p.name for p in dist.iterdir()) == [f"llmreads-{version}-py3-none-any.whl",
                                                      f"llmreads-{version}.tar.gz"]
    names = zipfile.ZipFile(next(dist.glob("*.whl"))).namelist()
    for needed in ("llmreads/theme/main.html", "llmreads/theme/partials/search.html", "llmreads/assets/llmreads.css",
                   "llmreads/templates/project/mkdocs.yml", "llmreads/templates/project/gitignore",
                   "llmreads/py.typed"):
        assert needed in names, needed
    assert not [n for n in names if n.startswith(("tests/", "data/"))]


def test_new_project_from_the_wheel_builds_strictly(venv: Path, tmp_path: Path) -> None:
    bin_dir = venv / "bin"
    assert sh(bin_dir / "llmreads", "--version").stdout.strip().endswith(llmreads.__version__)
    where = sh(bin_dir / "python", "-c", "import llmreads; print(llmreads.__file__)").stdout.strip()
    assert Path(where).is_relative_to(venv), where  # the installed wheel, not this checkout
    sh(bin_dir / "llmreads", "new", "myreads", "--title", "Async Rust reading list", cwd=tmp_path)
    project = tmp_path / "myreads"
    sh(bin_dir / "llmreads", "check", cwd=project)
    sh(bin_dir / "mkdocs", "build", "--strict", cwd=project)
    site = project / "site"
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "<title>Async Rust reading list</title>" in home
    assert 'type="application/atom+xml"' in home and "defer src=" in home  # the package's templates
    texts = [p for p in site.rglob("*") if p.suffix in (".html", ".xml", ".json", ".bib")]
    assert not [p for p in texts if LLM.search(p.read_text(encoding="utf-8"))]


def test_sdist_builds_and_installs(venv: Path, dist: Path) -> None:
    sdist = next(dist.glob("llmreads-*.tar.gz"))
    sh(venv / "bin" / "python", "-m", "pip", "install", "-q", "--no-deps", "--force-reinstall", sdist)
    assert sh(venv / "bin" / "llmreads", "--version").stdout.strip().endswith(llmreads.__version__)
    assert sh(venv / "bin" / "llmreads", "new", "--help").stdout.count("--title") == 1
