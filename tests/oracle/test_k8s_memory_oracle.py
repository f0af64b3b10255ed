"""Go's reading of GOMEMLIMIT and GOMAXPROCS as Kubernetes hands them over (GE612, GE613).

The kubelet writes a `resourceFieldRef` as a bare number (the resource divided by the
divisor, rounded up); these tests run a real Go program with such values: a bare
GOMEMLIMIT is bytes, a bare GOMAXPROCS is honoured even far above the CPUs there are, and
the soft limit only makes the garbage collector work once the heap approaches it.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from test_go_oracle import proves  # tests/oracle is on sys.path
from test_modules_runtime_oracle import _build

pytestmark = pytest.mark.oracle

ALLOC = """\
package main

import (
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
)

var sink []byte

func main() {
	mib, _ := strconv.Atoi(os.Args[1])
	for i := 0; i < mib; i++ {
		sink = make([]byte, 1<<20) // 1 MiB of garbage each round
		sink[0] = byte(i)
	}
	var st runtime.MemStats
	runtime.ReadMemStats(&st)
	fmt.Printf("numgc=%d memlimit=%d gomaxprocs=%d\\n", st.NumGC, debug.SetMemoryLimit(-1), runtime.GOMAXPROCS(0))
}
"""


@pytest.fixture(scope="module")
def alloc(go_toolchain, tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("alloc")
    (src / "go.mod").write_text("module example.com/alloc\n\ngo 1.21\n")
    (src / "main.go").write_text(ALLOC)
    return _build(go_toolchain, src, tmp_path_factory.mktemp("alloc-bin") / "alloc")


def _run(binary: Path, mib: int, **env: str) -> dict[str, int]:
    e = {"PATH": "/usr/bin:/bin", **env}
    p = subprocess.run([str(binary), str(mib)], env=e, capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    return {k: int(v) for k, v in (kv.split("=", 1) for kv in p.stdout.split())}


@proves("GE613")
def test_bare_gomemlimit_is_bytes_and_the_gc_never_stops(alloc):
    """`limits.memory: 512Mi` with `divisor: 1Mi` hands Go `512`: a 512-byte soft limit, so
    every allocation of a MiB is a collection; with bytes (the default divisor) GOGC paces them."""
    tiny = _run(alloc, 200, GOMEMLIMIT="512")
    assert tiny["memlimit"] == 512
    right = _run(alloc, 200, GOMEMLIMIT=str(512 << 20))
    assert right["memlimit"] == 512 << 20
    # about one collection per MiB allocated (200 rounds), against one per few MiB of heap growth
    assert tiny["numgc"] >= 190 and tiny["numgc"] > 2 * right["numgc"], (tiny, right)


@proves("GE613")
def test_bare_gomaxprocs_is_taken_as_is(alloc):
    """`limits.cpu: 2` with `divisor: 1m` hands Go `2000`: the runtime takes it, whatever the machine has."""
    assert _run(alloc, 1, GOMAXPROCS="2000")["gomaxprocs"] == 2000


@proves("GE612")
def test_gc_reacts_only_near_the_soft_limit(alloc):
    """With GOGC=off the soft limit is the only trigger: 300 MiB of garbage under a 64 MiB
    limit is collected many times, under a 1 GiB limit never - the heap grows past what a
    container limit at or below GOMEMLIMIT allows, and the kernel, not the GC, answers."""
    low = _run(alloc, 300, GOGC="off", GOMEMLIMIT="64MiB")
    high = _run(alloc, 300, GOGC="off", GOMEMLIMIT="1GiB")
    assert low["numgc"] > 0
    assert high["numgc"] == 0, high
