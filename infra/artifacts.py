"""What `make package` ships, and how it is built: one shared layer plus one small zip per function.

    layer-<sha>.zip          python/<dependencies of requirements.txt> + python/chalice (Chalice's
                             runtime), bytecode included; one for every function (a Lambda layer)
    <service>-<sha>.zip      functions/<service>.py and the part of chalicelib/ it imports, with
                             the data files of those packages, bytecode included

Left out of the layer: what the Lambda Python runtime already has (RUNTIME_PROVIDED: boto3,
botocore and their dependencies). Nothing we pin needs a newer SDK than the runtime's, and
botocore alone is 30 MB unpacked. Tests run the artifacts with those packages in a folder of
their own beside the layer, as the runtime has them in /var/runtime.

Bytecode: `/var/task` and `/opt` are read-only in Lambda, so whatever is not compiled in the zip
is compiled again at every cold start. Every .py gets its `__pycache__/<name>.cpython-312.pyc`,
compiled by a CPython of the runtime's version (found by `target_python`; a .pyc is only valid
for the exact minor version), as unchecked-hash pycs: they do not depend on file times (zips carry
1980 timestamps) and come out byte for byte the same, so zips stay reproducible.

Targets: "lambda" (Linux arm64, what `make package` ships) and "host" (this machine's
architecture, same Python version): the artifact tests build "host" through the very same code
so the native dependencies run here.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

PYTHON_VERSION = "3.12"
LAYER_ROOT = "python"                 # a layer's python/ is on sys.path in Lambda (/opt/python)
TASK_ROOT = "/var/task"               # where a function zip is unpacked in Lambda
LAYER_PATH = "/opt/python"
# The Lambda Python runtime's own SDK (in /var/runtime), with what it depends on.
RUNTIME_PROVIDED = ("boto3", "botocore", "s3transfer", "jmespath", "python-dateutil", "six", "urllib3")
SKIP_PARTS = {"__pycache__", "bin"}
SKIP_SUFFIXES = {".pyc", ".pyo"}
_EPOCH = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class Target:
    name: str
    platforms: tuple[str, ...]
    python_version: str = PYTHON_VERSION

    @property
    def key(self) -> str:
        return hashlib.sha256(repr((self.platforms, self.python_version)).encode()).hexdigest()[:8]


def _manylinux(arch: str) -> tuple[str, ...]:
    return (f"manylinux2014_{arch}", f"manylinux_2_28_{arch}", f"manylinux_2_34_{arch}")


TARGETS = {
    "lambda": Target("lambda", _manylinux("aarch64")),
    "host": Target("host", _manylinux(platform.machine() or "x86_64")),
}


class PackagingError(RuntimeError):
    """The artifact would not run as built (e.g. a data file the packager cannot see)."""


# --- the runtime's Python, for bytecode -----------------------------------------------------------

def _version_of(python: str) -> str | None:
    try:
        done = subprocess.run([python, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],  # noqa: S603
                              capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def target_python(version: str = PYTHON_VERSION) -> str | None:
    """A CPython of `version` on this machine: $SAHKAR_PYTHON, python<version> on PATH, pyenv's, or
    this interpreter if it is that version. None when there is none."""
    candidates = [os.environ.get("SAHKAR_PYTHON", ""), sys.executable, shutil.which(f"python{version}") or ""]
    for root in (Path.home() / ".pyenv" / "versions", Path("/usr/local/bin"), Path("/usr/bin")):
        if root.name == "versions" and root.is_dir():
            candidates += [str(p / "bin" / f"python{version}") for p in sorted(root.glob(f"{version}.*"), reverse=True)]
        else:
            candidates.append(str(root / f"python{version}"))
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and _version_of(candidate) == version:
            return candidate
    return None


def compile_tree(python: str, folder: Path, ddir: str) -> None:
    """Unchecked-hash .pyc beside every .py under `folder`, named as it will be at run time (`ddir`)."""
    script = ("import compileall, py_compile, sys\n"
              "ok = compileall.compile_dir(sys.argv[1], ddir=sys.argv[2], quiet=2, workers=1,\n"
              "    invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)\n"
              "sys.exit(0 if ok else 1)\n")
    done = subprocess.run([python, "-I", "-c", script, str(folder), ddir],  # noqa: S603
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise PackagingError(f"compiling {folder} with {python} failed:\n{done.stdout}{done.stderr}")


# --- dependencies ---------------------------------------------------------------------------------

# The layer carries the PDF renderer's wheels too (HarfBuzz, fontTools: imported only when a PDF is
# made, so they cost the other functions nothing at cold start, and one layer stays one thing to ship).
LAYER_REQUIREMENTS = ("requirements.txt", "requirements-render.txt")


def build_dependencies(root: Path, cache: Path, target: Target) -> Path:
    """The layer's requirement files installed for the target (wheels only), cached by content and target."""
    files = [root / name for name in LAYER_REQUIREMENTS]
    key = hashlib.sha256(b"".join(f.read_bytes() for f in files) + target.key.encode()).hexdigest()[:16]
    folder = cache / f"deps-{target.name}-{key}"
    if (folder / ".complete").exists():
        return folder
    scratch = folder.with_name(folder.name + f".tmp{os.getpid()}")
    shutil.rmtree(scratch, ignore_errors=True)
    command = [sys.executable, "-m", "pip", "install", "--quiet", "--no-compile", "--disable-pip-version-check",
               "--target", str(scratch), "--implementation", "cp", "--python-version", target.python_version,
               "--only-binary=:all:", *(arg for f in files for arg in ("-r", str(f)))]
    for tag in target.platforms:
        command[4:4] = ["--platform", tag]
    subprocess.run(command, check=True)  # noqa: S603 - our own pip, arguments built here
    (scratch / ".complete").write_text(key)
    shutil.rmtree(folder, ignore_errors=True)
    scratch.replace(folder)
    return folder


def _normal(name: str) -> str:
    return name.lower().replace("_", "-").replace(".", "-")


def _distribution_files(deps: Path) -> dict[str, set[str]]:
    """Distribution (normalised name) -> the files its RECORD lists, relative to `deps`."""
    owned: dict[str, set[str]] = {}
    for record in deps.glob("*.dist-info/RECORD"):
        dist = _normal(record.parent.name.removesuffix(".dist-info").rsplit("-", 1)[0])
        rows = record.read_text(encoding="utf-8").splitlines()
        owned[dist] = {row.split(",")[0] for row in rows if row} | {record.parent.name + "/"}
    return owned


def split_dependencies(deps: Path) -> tuple[dict[str, Path], dict[str, Path]]:
    """(layer files, runtime-provided files), archive name -> file; bytecode and scripts left out."""
    owned = _distribution_files(deps)
    runtime_names = {_normal(n) for n in RUNTIME_PROVIDED}
    missing = runtime_names - set(owned)
    if missing:
        raise PackagingError(f"requirements.txt no longer brings {sorted(missing)}: update RUNTIME_PROVIDED")
    runtime_files = set().union(*(owned[d] for d in runtime_names))
    runtime_dirs = tuple(f for f in runtime_files if f.endswith("/"))
    layer, runtime = {}, {}
    for path in sorted(deps.rglob("*")):
        rel = path.relative_to(deps).as_posix()
        if not path.is_file() or rel == ".complete" or SKIP_PARTS & set(Path(rel).parts) \
                or path.suffix in SKIP_SUFFIXES:
            continue
        (runtime if rel in runtime_files or rel.startswith(runtime_dirs) else layer)[rel] = path
    return layer, runtime


# --- reproducible zips ----------------------------------------------------------------------------

def _add(archive: zipfile.ZipFile, name: str, path: Path) -> None:
    info = zipfile.ZipInfo(name, date_time=_EPOCH)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = (0o755 if path.stat().st_mode & 0o111 else 0o644) << 16
    info.create_system = 3
    archive.writestr(info, path.read_bytes(), compresslevel=9)


def write_zip(path: Path, files: dict[str, Path]) -> None:
    """A zip with fixed timestamps and sorted names."""
    with zipfile.ZipFile(path, "w") as archive:
        for name in sorted(files):
            _add(archive, name, files[name])


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def stage(files: dict[str, Path], folder: Path, python: str | None, ddir: str) -> dict[str, Path]:
    """Copy `files` into `folder` and, with a `python`, add their bytecode; returns the staged files."""
    shutil.rmtree(folder, ignore_errors=True)
    for name, source in files.items():
        dest = folder / name
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, dest)
    if python and files:
        compile_tree(python, folder, ddir)
    return {p.relative_to(folder).as_posix(): p for p in sorted(folder.rglob("*")) if p.is_file()}


def pick(staged: dict[str, Path], names: set[str]) -> dict[str, Path]:
    """The staged files of `names` (sources and data files) with the bytecode of each source."""
    chosen: dict[str, Path] = {}
    for name in names:
        chosen[name] = staged[name]
        if name.endswith(".py"):
            parent, _, base = name.rpartition("/")
            prefix = f"{parent}/__pycache__/{base[:-3]}." if parent else f"__pycache__/{base[:-3]}."
            chosen.update({n: p for n, p in staged.items() if n.startswith(prefix) and n.endswith(".pyc")})
    return chosen


def manifest_entry(path: Path) -> dict:
    digest = sha256(path)
    return {"file": path.name, "sha256": digest, "bytes": path.stat().st_size}


def named_by_content(scratch: Path, stem: str) -> dict:
    digest = sha256(scratch)
    final = scratch.with_name(f"{stem}-{digest[:16]}.zip")
    scratch.replace(final)
    return {"file": final.name, "sha256": digest, "bytes": final.stat().st_size}


def dump(built: dict, path: Path) -> None:
    path.write_text(json.dumps(built, indent=1, sort_keys=True), encoding="utf-8")
