"""Run ``goenv-ls --check`` on one file in a child process under resource limits.

The limits (RLIMIT_CPU, RLIMIT_AS) are set in the child before it starts Python, so a runaway
input ends as SIGXCPU/SIGKILL or MemoryError instead of hanging the test run; the parent reads the
child's own CPU time and peak RSS from ``wait4`` (no wall clock involved).
``python -m tests.fuzz.adversarial.measure DIR`` prints the table for every input.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from dataclasses import dataclass


@dataclass
class Run:
    returncode: int
    cpu_s: float
    peak_mb: float
    stdout: str
    stderr: str


# The limits are set by a small launcher that then execs the checker: a ``preexec_fn`` would
# fork the (big) test process, and the child's peak RSS would start at the parent's size.
_LAUNCH = ("import os, resource, sys\n"
           "cpu, mem = int(sys.argv[1]), int(sys.argv[2])\n"
           "resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))\n"
           "resource.setrlimit(resource.RLIMIT_AS, (mem << 20, mem << 20))\n"
           "os.execv(sys.executable, [sys.executable] + sys.argv[3:])\n")


def run_check(path: str, cpu_s: int, mem_mb: int, extra: tuple[str, ...] = ("--format", "json")) -> Run:
    env = dict(os.environ)
    env.setdefault("PYTHONPATH", os.pathsep.join(sys.path))
    proc = subprocess.Popen([sys.executable, "-c", _LAUNCH, str(cpu_s), str(mem_mb), "-m", "goenv_ls", "--check", path,
                             *extra], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                            cwd=os.path.dirname(path))
    # read both pipes without blocking on either, then reap with wait4 for the child's own usage
    import threading

    bufs: dict[str, bytes] = {}

    def drain(name, fh):
        bufs[name] = fh.read()

    ts = [threading.Thread(target=drain, args=(n, f)) for n, f in (("out", proc.stdout), ("err", proc.stderr))]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return Run(proc.returncode, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,
               bufs["out"].decode("utf-8", "replace"), bufs["err"].decode("utf-8", "replace"))


if __name__ == "__main__":
    from .inputs import write_all

    cpu = int(os.environ.get("ADV_CPU", "30"))
    for name, path in write_all(sys.argv[1]):
        r = run_check(path, cpu, 6000)
        tail = r.stderr.strip().splitlines()[-1][:60] if r.stderr.strip() else ""
        print(f"{name:32} rc={r.returncode:4} cpu={r.cpu_s:7.2f}s peak={r.peak_mb:8.1f}MB out={len(r.stdout):9}B {tail}",
              flush=True)
