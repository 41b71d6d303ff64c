"""Wheel and sdist builds: setuptools reads everything else from pyproject.toml.

The one addition is the web app: `build_py` builds it (npm ci + node build.mjs, the same steps as
`make webapp`) when `src/openinfinity/webapp/dist/` is missing, and puts `dist/` in the package, so
`pip install` users get the web app without Node.js. node_modules/ and the app's sources stay out.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

WEBAPP = Path(__file__).resolve().parent / "src" / "openinfinity" / "webapp"
BUILT = ("app.js", "app.css")


def build_webapp() -> None:
    if all((WEBAPP / "dist" / name).is_file() for name in BUILT):
        return
    if not (WEBAPP / "package.json").is_file():
        raise SystemExit("src/openinfinity/webapp/package.json is missing: cannot build the web app.")
    npm = shutil.which("npm")
    node = shutil.which("node")
    if npm is None or node is None:
        raise SystemExit(
            "Building openinfinity needs Node.js and npm to bundle the web app "
            "(src/openinfinity/webapp/dist/ is not built). Install them (Debian: apt-get install nodejs npm) "
            "or build from a wheel."
        )
    if not (WEBAPP / "node_modules").is_dir():
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=WEBAPP, check=True)
    subprocess.run([node, "build.mjs"], cwd=WEBAPP, check=True)


class BuildPyWithWebapp(build_py):
    """build_py, plus the built web app copied into the package (openinfinity/webapp/dist/)."""

    def run(self) -> None:
        build_webapp()
        super().run()
        target = Path(self.build_lib) / "openinfinity" / "webapp" / "dist"
        target.mkdir(parents=True, exist_ok=True)
        for path in (WEBAPP / "dist").iterdir():
            if path.is_file():
                shutil.copy2(path, target / path.name)


setup(cmdclass={"build_py": BuildPyWithWebapp})
