"""`make package`: dist/template.yaml and one code zip per function module, no AWS access needed.

    python -m infra.package                      # everything
    python -m infra.package --template-only      # just the template (no dependency download)
    python -m infra.package --only societies --deployed dist/deployed.json
        # rebuild societies' code only; every other function keeps the code it has in the deployed
        # stack (dist/deployed.json: `aws cloudformation get-template` output, see docs/deploy.md)

Each zip holds `functions/<service>.py` (the handler module), the part of `chalicelib/` that
module imports (followed through every import statement, lazy ones included, with the data
files of each package), Chalice's runtime (`chalice/app.py`, as `chalice package` ships it),
and the runtime dependencies of requirements.txt built for Lambda (Linux, arm64, CPython 3.12);
a function that reaches chalicelib.core.pdf also gets requirements-render.txt's (HarfBuzz and
fontTools wheels; the fonts are data files of chalicelib.core.fonts).
Zips are byte-for-byte reproducible and named by their content hash, so a service whose code
did not change keeps its S3 key and CloudFormation leaves its function alone.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import inspect
import json
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

from infra.discover import ROOT

LOCAL_PACKAGES = ("chalicelib", "functions")
PLATFORMS = ("manylinux2014_aarch64", "manylinux_2_28_aarch64", "manylinux_2_34_aarch64")
PYTHON_VERSION = "3.12"
SKIP_PARTS = {"__pycache__", "bin"}
SKIP_SUFFIXES = {".pyc", ".pyo"}
_EPOCH = (1980, 1, 1, 0, 0, 0)


# --- which local modules a function needs ----------------------------------------------------

def _module_path(root: Path, name: str) -> Path | None:
    base = root.joinpath(*name.split("."))
    if base.with_suffix(".py").is_file():
        return base.with_suffix(".py")
    if (base / "__init__.py").is_file():
        return base / "__init__.py"
    return None


def _imports(path: Path, module: str) -> set[str]:
    """Every module named by an import statement anywhere in the file (function bodies too)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1])
                target = f"{base}.{node.module}" if node.module else base
            else:
                target = node.module or ""
            names.add(target)
            names.update(f"{target}.{alias.name}" for alias in node.names)   # `from pkg import module`
    return names


def local_modules(root: Path, start: str) -> dict[str, Path]:
    """The local modules reachable from `start` by imports, with their package __init__ files."""
    found: dict[str, Path] = {}
    todo = [start]
    while todo:
        name = todo.pop()
        if name in found or name.split(".")[0] not in LOCAL_PACKAGES:
            continue
        path = _module_path(root, name)
        if path is None:
            continue   # an attribute imported from a module, not a module
        found[name] = path
        parts = name.split(".")
        todo.extend(".".join(parts[:i]) for i in range(1, len(parts)))   # parent packages
        todo.extend(_imports(path, name))
    return found


def app_files(root: Path, service: str) -> dict[str, Path]:
    """Archive name -> file for one function module: its local code, data files, Chalice runtime."""
    import chalice
    import chalice.app

    files: dict[str, Path] = {}
    for path in local_modules(root, f"functions.{service}").values():
        files[path.relative_to(root).as_posix()] = path
        if path.name == "__init__.py":       # a package: ship its data files (e.g. master data JSON)
            for extra in path.parent.iterdir():
                if extra.is_file() and extra.suffix not in {".py", *SKIP_SUFFIXES}:
                    files[extra.relative_to(root).as_posix()] = extra
    files["chalice/app.py"] = Path(inspect.getfile(chalice.app))
    files["chalice/__init__.py"] = Path(inspect.getfile(chalice))
    return dict(sorted(files.items()))


# --- dependencies for Lambda ------------------------------------------------------------------

RENDER_MODULE = "chalicelib.core.pdf"


def requirement_files(root: Path, service: str) -> tuple[str, ...]:
    """requirements.txt, plus requirements-render.txt for a function that renders PDFs."""
    renders = RENDER_MODULE in local_modules(root, f"functions.{service}")
    return ("requirements.txt", "requirements-render.txt") if renders else ("requirements.txt",)


def build_dependencies(root: Path, cache: Path, names: tuple[str, ...] = ("requirements.txt",)) -> Path:
    """The requirement files installed for Linux arm64 / CPython 3.12 (wheels only), cached by content."""
    content = b"".join((root / name).read_bytes() for name in names)
    key = hashlib.sha256(content + repr((PLATFORMS, PYTHON_VERSION)).encode()).hexdigest()[:16]
    target = cache / f"deps-{key}"
    if (target / ".complete").exists():
        return target
    shutil.rmtree(target, ignore_errors=True)
    command = [sys.executable, "-m", "pip", "install", "--quiet", "--no-compile", "--disable-pip-version-check",
               "--target", str(target), "--implementation", "cp", "--python-version", PYTHON_VERSION,
               "--only-binary=:all:", *(arg for name in names for arg in ("-r", str(root / name)))]
    for platform in PLATFORMS:
        command[4:4] = ["--platform", platform]
    subprocess.run(command, check=True)  # noqa: S603 - our own pip, arguments built here
    (target / ".complete").write_text(key)
    return target


def _dependency_files(deps: Path) -> dict[str, Path]:
    files = {}
    for path in deps.rglob("*"):
        rel = path.relative_to(deps)
        if not path.is_file() or rel.name == ".complete" or SKIP_PARTS & set(rel.parts) \
                or path.suffix in SKIP_SUFFIXES:
            continue
        files[rel.as_posix()] = path
    return dict(sorted(files.items()))


# --- reproducible zips ---------------------------------------------------------------------------

def _add(archive: zipfile.ZipFile, name: str, path: Path) -> None:
    info = zipfile.ZipInfo(name, date_time=_EPOCH)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = (0o755 if path.stat().st_mode & 0o111 else 0o644) << 16
    info.create_system = 3
    archive.writestr(info, path.read_bytes(), compresslevel=9)


def write_zip(path: Path, files: dict[str, Path], base: Path | None = None) -> None:
    """A zip with fixed timestamps and order; `base` (already a zip) is copied first, then added to."""
    if base is not None:
        shutil.copyfile(base, path)
    with zipfile.ZipFile(path, "a" if base is not None else "w") as archive:
        for name, source in files.items():
            _add(archive, name, source)


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def build_artifacts(root: Path, out: Path, services: list[str], with_deps: bool = True) -> dict[str, dict]:
    artifacts = out / "artifacts"
    shutil.rmtree(artifacts, ignore_errors=True)
    artifacts.mkdir(parents=True)
    bases: dict[tuple[str, ...], Path | None] = {}
    built = {}
    for service in services:
        names = requirement_files(root, service)
        if names not in bases:
            bases[names] = _dependency_zip(root, out, names) if with_deps else None
        base = bases[names]
        scratch = artifacts / f"{service}.zip"
        write_zip(scratch, app_files(root, service), base)
        digest = sha256(scratch)
        final = artifacts / f"{service}-{digest[:16]}.zip"
        scratch.replace(final)
        built[service] = {"file": final.name, "sha256": digest, "bytes": final.stat().st_size}
    return built


def _dependency_zip(root: Path, out: Path, names: tuple[str, ...]) -> Path:
    deps = build_dependencies(root, out / ".cache", names)
    base = out / ".cache" / f"{deps.name}.zip"
    if not base.exists():
        write_zip(base.with_suffix(".tmp"), _dependency_files(deps))
        base.with_suffix(".tmp").replace(base)
    return base


# --- the command -------------------------------------------------------------------------------

def deployed_artifacts(path: Path) -> dict[str, str]:
    """Service -> zip file of the stack as deployed (from `aws cloudformation get-template`)."""
    import yaml

    data: Any = json.loads(path.read_text(encoding="utf-8"))
    body = data.get("TemplateBody", data) if isinstance(data, dict) else data
    if isinstance(body, str):
        body = yaml.safe_load(body)
    return dict(body.get("Metadata", {}).get("Artifacts", {}))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "dist")
    parser.add_argument("--template-only", action="store_true", help="no zips, no dependency download")
    parser.add_argument("--no-deps", action="store_true", help="zips without runtime dependencies (inspection)")
    parser.add_argument("--only", action="append", default=[], help="rebuild only this service (repeatable)")
    parser.add_argument("--deployed", type=Path, help="deployed template (JSON from get-template), with --only")
    args = parser.parse_args(argv)

    from infra.project import build
    from infra.template import generate, write

    started = time.monotonic()
    out: Path = args.out
    project = build(ROOT)
    services = [s.name for s in project.services.values() if s.handlers]
    unknown = sorted(set(args.only) - set(services))
    if unknown:
        parser.error(f"--only: no function module for {unknown}; have {services}")
    if args.only and not args.deployed:
        parser.error("--only needs --deployed (the stack's current template) for the other services' code")

    code_files: dict[str, str] = {}
    built: dict[str, dict] = {}
    if not args.template_only:
        built = build_artifacts(ROOT, out, args.only or services, with_deps=not args.no_deps)
        code_files = {name: info["file"] for name, info in built.items()}
    if args.only:
        current = deployed_artifacts(args.deployed)
        for name in services:
            if name in args.only:
                continue
            if name not in current:
                raise SystemExit(f"{name} is not in the deployed stack yet: deploy everything once (make deploy)")
            code_files[name] = current[name]

    template = generate(project, code_files or None)
    if code_files:
        template["Metadata"]["Artifacts"] = dict(sorted(code_files.items()))
    path = write(template, out / "template.yaml")
    (out / "manifest.json").write_text(json.dumps({"artifacts": built, "code_files": code_files}, indent=1,
                                                  sort_keys=True), encoding="utf-8")
    took = time.monotonic() - started
    size = path.stat().st_size
    print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: {size:,} bytes, "
          f"{len(template['Resources'])} resources, {len(project.routes)} routes, "
          f"{len(project.handlers)} functions")
    if size > 1_000_000:
        raise SystemExit(f"{path}: {size:,} bytes is over CloudFormation's 1 MB template limit; split the stack")
    if size > 51_200:
        print("  (over 51,200 bytes: `aws cloudformation deploy` uploads it to --s3-bucket first; limit 1 MB)")
    for info in built.values():
        print(f"dist/artifacts/{info['file']}: {info['bytes'] / 1e6:.1f} MB")
    print(f"done in {took:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
