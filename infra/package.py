"""`make package`: dist/template.yaml and one code zip per function module, no AWS access needed.

    python -m infra.package                      # everything
    python -m infra.package --template-only      # just the template (no dependency download)
    python -m infra.package --only societies --deployed dist/deployed.json
        # rebuild societies' code only; every other function keeps the code it has in the deployed
        # stack (dist/deployed.json: `aws cloudformation get-template` output, see docs/deploy.md)

What is built and how (a shared layer, one small zip per function, bytecode for the runtime's
Python, what the Lambda runtime already has left out) is in infra/artifacts.py. Each function zip
holds `functions/<service>.py` and the part of `chalicelib/` that module imports (followed
through every import statement, lazy ones included, with the data files of each package); a
folder of such code without `__init__.py` is refused, since its data files would be left out.
Zips are byte-for-byte reproducible and named by their content hash, so a service whose code
did not change keeps its S3 key and CloudFormation leaves its function alone.

    python -m infra.package --target host --out /tmp/x   # the same artifacts for this machine
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import inspect
import json
import os
import shutil
import time
from pathlib import Path
from typing import Any

from infra import artifacts
from infra.discover import ROOT

LOCAL_PACKAGES = ("chalicelib", "functions")
LAYER = "layer"          # the shared layer's key among the built artifacts (and Metadata.Artifacts)


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
    """Archive name -> file for one function module: its local code and the data files of its packages."""
    files: dict[str, Path] = {}
    for path in local_modules(root, f"functions.{service}").values():
        files[path.relative_to(root).as_posix()] = path
        folder = path.parent
        if not (folder / "__init__.py").is_file():
            raise artifacts.PackagingError(
                f"{folder.relative_to(root)}/ has no __init__.py: its data files would not be packaged "
                f"(and it imports as a namespace package); add one")
        if path.name == "__init__.py":       # a package: ship its data files (e.g. master data JSON)
            for extra in folder.iterdir():
                if extra.is_file() and extra.suffix not in {".py", *artifacts.SKIP_SUFFIXES}:
                    files[extra.relative_to(root).as_posix()] = extra
    return dict(sorted(files.items()))


def chalice_files() -> dict[str, Path]:
    """Chalice's runtime as `chalice package` ships it: chalice/app.py (no CLI, no dependencies)."""
    import chalice
    import chalice.app

    return {"chalice/app.py": Path(inspect.getfile(chalice.app)), "chalice/__init__.py": Path(inspect.getfile(chalice))}


# --- building ------------------------------------------------------------------------------------

def build_artifacts(root: Path, out: Path, services: list[str], with_deps: bool = True, target: str = "lambda",
                    bytecode: bool = True, cache: Path | None = None) -> dict[str, dict]:
    """The function zips (by service) and, with `with_deps`, the shared layer (key "layer"), under
    out/artifacts; `target` "host" builds the same for this machine (the artifact tests)."""
    aim = artifacts.TARGETS[target]
    python = None
    if bytecode:
        python = artifacts.target_python(aim.python_version)
        if python is None:
            raise artifacts.PackagingError(
                f"no CPython {aim.python_version} on this machine to compile the runtime's bytecode: install one "
                f"(pyenv install {aim.python_version}) or name it in SAHKAR_PYTHON, or pass --no-bytecode")
    folder = out / "artifacts"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    cache = cache or out / ".cache"
    chosen = {service: app_files(root, service) for service in services}
    union = {name: path for files in chosen.values() for name, path in files.items()}
    staged = artifacts.stage(union, cache / f"stage-code-{os.getpid()}", python, artifacts.TASK_ROOT)
    built: dict[str, dict] = {}
    for service in services:
        scratch = folder / f"{service}.zip"
        artifacts.write_zip(scratch, artifacts.pick(staged, set(chosen[service])))
        built[service] = artifacts.named_by_content(scratch, service)
    shutil.rmtree(cache / f"stage-code-{os.getpid()}", ignore_errors=True)
    if with_deps:
        built[LAYER] = build_layer(root, cache, folder, aim, python)
    return built


def build_layer(root: Path, cache: Path, folder: Path, aim: artifacts.Target, python: str | None) -> dict:
    """The shared layer: dependencies (less what the runtime has) and Chalice's runtime, under python/."""
    deps = artifacts.build_dependencies(root, cache, aim)
    files, _ = artifacts.split_dependencies(deps)
    files.update(chalice_files())
    key = hashlib.sha256(json.dumps([deps.name, python and artifacts.PYTHON_VERSION,
                                     {n: p.stat().st_size for n, p in files.items()}]).encode()).hexdigest()[:16]
    cached = cache / f"layer-{aim.name}-{key}.zip"
    if not cached.exists():
        scratch = cache / f"layer-stage-{os.getpid()}"
        staged = artifacts.stage(files, scratch, python, artifacts.LAYER_PATH)
        scratch_zip = cached.with_suffix(f".tmp{os.getpid()}")
        artifacts.write_zip(scratch_zip, {f"{artifacts.LAYER_ROOT}/{n}": p for n, p in staged.items()})
        scratch_zip.replace(cached)
        shutil.rmtree(scratch, ignore_errors=True)
    shutil.copyfile(cached, folder / "layer.zip")
    return artifacts.named_by_content(folder / "layer.zip", "layer")


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
    parser.add_argument("--no-deps", action="store_true", help="no layer (the functions' own code only)")
    parser.add_argument("--no-bytecode", action="store_true", help="no .pyc (slower cold starts; inspection only)")
    parser.add_argument("--target", choices=sorted(artifacts.TARGETS), default="lambda",
                        help="lambda: Linux arm64 (what is deployed); host: this machine (the artifact tests)")
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
        built = build_artifacts(ROOT, out, args.only or services, with_deps=not args.no_deps, target=args.target,
                                bytecode=not args.no_bytecode)
        code_files = {name: info["file"] for name, info in built.items()}
    if args.only:
        current = deployed_artifacts(args.deployed)
        for name in services:
            if name in code_files:
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
