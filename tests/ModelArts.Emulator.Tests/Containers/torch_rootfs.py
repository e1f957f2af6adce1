"""Writes a tarball of a minimal root file system in which this interpreter runs torch.distributed.

Test fixture for the container PyTorch tests: the image is made from the machine's own Python and PyTorch
(`podman import` of this tarball), so nothing is pulled. It holds the interpreter, its standard library, the
top-level packages that `import torch` loads, every shared object mapped after the imports, and busybox as
/bin/sh. Usage: python3 torch_rootfs.py OUT.tar BUSYBOX
"""
import os
import sys
import sysconfig
import tarfile

import torch  # noqa: F401
import torch.distributed  # noqa: F401
import torch.nn.parallel  # noqa: F401



def elf_interpreter(executable):
    """The program loader an ELF64 executable names (PT_INTERP), e.g. /lib64/ld-linux-x86-64.so.2."""
    with open(executable, "rb") as elf:
        header = elf.read(64)
        offset, size, count = (int.from_bytes(header[0x20:0x28], "little"), int.from_bytes(header[0x36:0x38], "little"),
                               int.from_bytes(header[0x38:0x3A], "little"))
        for i in range(count):
            elf.seek(offset + i * size)
            entry = elf.read(size)
            if int.from_bytes(entry[0:4], "little") == 3:
                elf.seek(int.from_bytes(entry[8:16], "little"))
                return elf.read(int.from_bytes(entry[32:40], "little")).rstrip(b"\0").decode()
    raise SystemExit(executable + " names no program loader")


out, busybox = sys.argv[1], sys.argv[2]
paths = {os.path.realpath(sys.executable), sys.executable, sysconfig.get_paths()["stdlib"], elf_interpreter(os.path.realpath(sys.executable))}
for line in open("/proc/self/maps"):
    fields = line.split()
    if len(fields) >= 6 and fields[5].startswith("/") and os.path.exists(fields[5]):
        paths.add(fields[5])
# The loader looks libraries up by their soname, a link beside the file that is mapped.
mapped = {p for p in paths if ".so" in os.path.basename(p)}
for directory in {os.path.dirname(p) for p in mapped}:
    for entry in os.scandir(directory):
        if entry.is_symlink() and os.path.realpath(entry.path) in mapped:
            paths.add(entry.path)
for module in list(sys.modules.values()):
    location = getattr(module, "__file__", None) or ""
    for site in (p for p in sys.path if p.endswith(("dist-packages", "site-packages"))):
        if location.startswith(site + os.sep):
            top = location[len(site) + 1:].split(os.sep)[0]
            paths.add(os.path.join(site, top))

seen = set()


def once(info):
    """Each path once (a package folder and a library inside it both come up), without byte-code caches."""
    if info.name in seen or "__pycache__" in info.name:
        return None
    seen.add(info.name)
    return info


with tarfile.open(out, "w") as tar:
    def add(path):
        # Links along the way (e.g. /lib -> usr/lib) are kept as links and the file goes where they lead, so
        # both spellings resolve; a link itself brings its target along.
        parts = path.strip("/").split("/")
        for i in range(1, len(parts)):
            prefix = "/" + "/".join(parts[:i])
            if os.path.islink(prefix):
                tar.add(prefix, arcname=prefix.lstrip("/"), recursive=False, filter=once)
        physical = os.path.join(os.path.realpath(os.path.dirname(path)), os.path.basename(path))
        tar.add(path, arcname=physical.lstrip("/"), filter=once)
        if os.path.islink(path):
            add(os.path.join(os.path.dirname(physical), os.readlink(path)))
    for path in sorted(paths):
        add(path)
    tar.add(busybox, arcname="bin/busybox")
    for applet in ("sh", "cat", "echo", "ls", "sleep", "hostname"):
        info = tarfile.TarInfo("bin/" + applet)
        info.type = tarfile.SYMTYPE
        info.linkname = "busybox"
        tar.addfile(info)
    for directory in ("tmp", "etc"):
        info = tarfile.TarInfo(directory)
        info.type = tarfile.DIRTYPE
        info.mode = 0o1777 if directory == "tmp" else 0o755
        tar.addfile(info)
print(out, os.path.getsize(out) // 2**20, "MiB")
