#!/usr/bin/env python3
"""Does the cost stay linear? Time and peak RSS per input size, for every shape of scale_gen.py.

    python bench/scale_bench.py                                # all shapes, 1,000 -> 16,000 lines, 3 rounds
    python bench/scale_bench.py --shapes docker-env-run --sizes 1000,2000,4000 --rounds 1
    python bench/scale_bench.py --no-lsp --markdown            # --check only, a table for scale_results.md

For each shape and size (doubling) it writes the generated file into a temporary folder and
measures, ``--rounds`` times:

- ``--check``: ``python -m goenv_ls --check <file> --format json --kind <kind>`` as a
  subprocess; wall time, CPU time (user+sys) and peak RSS of that process, from
  ``os.wait4`` (the kernel's rusage of exactly that child: no shell, no /usr/bin/time);
- the language server: ``python -m goenv_ls --stdio`` driven by a raw JSON-RPC client
  (``lsp_bench.Conn``): didOpen -> the publishDiagnostics of that version, and the server's
  peak RSS (``VmHWM`` in /proc) after it.

Start-up is a fixed cost that would hide growth, so every figure is also reported "net":
minus the same measurement on a 10-line file of the same shape. The ratio per doubling is
net(2n) / net(n) of the medians; the goal is at most 2.2 for time and memory (judged where
the smaller size costs at least 0.1 s / 5 MB of its own: below that a ratio is noise). Shapes whose
file kind is not registered (``--list-kinds``) are skipped and said so.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from lsp_bench import Conn  # noqa: E402
from scale_gen import SHAPES, Shape  # noqa: E402

GOAL = 2.2
BASE_LINES = 10


def kinds(python: str) -> dict[str, dict]:
    out = subprocess.run([python, "-m", "goenv_ls", "--list-kinds", "--format", "json"], capture_output=True,
                         text=True, check=True).stdout
    return {k["name"]: k for k in json.loads(out)}


def path_for(shape: Shape, kind: dict) -> str:
    """The shape's file name when the kind selects it by name, else one made from the kind's first pattern."""
    name = shape.path.rsplit("/", 1)[-1].lower()
    pats = [p.lower() for p in (*kind.get("patterns", ()), *kind.get("path_patterns", ()))]
    if any(fnmatch.fnmatch(name, p) for p in pats) or any(
            fnmatch.fnmatch(shape.path.lower(), "*" + p.lstrip("*")) for p in pats if "/" in p):
        return shape.path
    for p in pats:
        if "/" not in p:
            return shape.path.rsplit("/", 1)[0] + "/" + p.replace("*", "deploy")
    return shape.path


def check_measured(python: str, file: Path, kind: str, timeout: float) -> dict:
    """One --check run; wall, cpu and peak RSS of exactly that process (wait4)."""
    t = time.perf_counter()
    p = subprocess.Popen([python, "-m", "goenv_ls", "--check", str(file), "--format", "json", "--kind", kind],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = t + timeout
    while True:
        pid, status, ru = os.wait4(p.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            p.kill()
            os.wait4(p.pid, 0)
            p.returncode = -9
            return {"timeout": True}
        time.sleep(0.005)
    p.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - t
    code = p.returncode
    if code not in (0, 1):
        return {"error": f"exit {code}"}
    return {"wall": wall, "cpu": ru.ru_utime + ru.ru_stime, "rss_mb": ru.ru_maxrss / 1024}


def hwm_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def lsp_measured(python: str, file: Path, language_id: str, timeout: float) -> dict:
    """didOpen -> publishDiagnostics (of that version), and the server's peak RSS after it."""
    c = Conn([python, "-m", "goenv_ls", "--stdio"])
    try:
        rid = c.request("initialize", {"processId": os.getpid(), "rootUri": None, "capabilities": {
            "textDocument": {"publishDiagnostics": {"versionSupport": True}}}})
        c.wait(lambda m: m.get("id") == rid, timeout)
        c.notify("initialized", {})
        # one round trip so the server is fully loaded before the clock starts
        rid = c.request("textDocument/hover", {"textDocument": {"uri": "file:///nowhere/Dockerfile"},
                                               "position": {"line": 0, "character": 0}})
        c.wait(lambda m: m.get("id") == rid, timeout)
        uri = file.as_uri()
        text = file.read_text()
        t = time.perf_counter()
        c.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": language_id, "version": 1,
                                                           "text": text}})
        when, m = c.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                         and m["params"]["uri"] == uri and m["params"].get("version", 1) == 1, timeout)
        res = {"open": when - t, "rss_mb": hwm_mb(c.p.pid), "diagnostics": len(m["params"]["diagnostics"])}
        rid = c.request("shutdown", None)
        c.wait(lambda m: m.get("id") == rid, timeout)
        c.notify("exit", None)
        c.p.wait(10)
        return res
    except TimeoutError:
        return {"timeout": True}
    finally:
        if c.p.poll() is None:
            c.p.kill()
            c.p.wait()


def med(runs: list[dict], key: str):
    vals = [r[key] for r in runs if key in r]
    return statistics.median(vals) if vals else None


def measure(python: str, shape: Shape, path: str, sizes: list[int], rounds: int, lsp: bool,
            timeout: float, folder: Path) -> dict:
    rows = []
    for n in [BASE_LINES] + sizes:
        f = folder / path
        f.parent.mkdir(parents=True, exist_ok=True)
        text = shape.text(n)
        f.write_text(text)
        chk, srv = [], []
        for _ in range(rounds):  # interleaved, so load swings hit both alike
            chk.append(check_measured(python, f, shape.kind, timeout))
            if lsp:
                srv.append(lsp_measured(python, f, shape.language_id, timeout))
        row = {"lines": text.count("\n"), "asked": n, "bytes": len(text.encode()),
               "check_wall": med(chk, "wall"), "check_cpu": med(chk, "cpu"), "check_rss": med(chk, "rss_mb"),
               "check_errors": [r for r in chk if "wall" not in r][:1]}
        if lsp:
            row.update({"lsp_open": med(srv, "open"), "lsp_rss": med(srv, "rss_mb"),
                        "lsp_errors": [r for r in srv if "open" not in r][:1]})
        rows.append(row)
        print(f"  {shape.name:16} {row['lines']:>6} lines  check {_f(row['check_wall'], 's')} "
              f"cpu {_f(row['check_cpu'], 's')} rss {_f(row['check_rss'], 'MB')}"
              + (f"  lsp open {_f(row['lsp_open'], 's')} rss {_f(row['lsp_rss'], 'MB')}" if lsp else ""),
              file=sys.stderr, flush=True)
        if any(r.get("timeout") for r in chk):
            print(f"  {shape.name}: timed out at {n} lines, larger sizes skipped", file=sys.stderr)
            break
    base, grown = rows[0], rows[1:]
    for k in ("check_wall", "check_cpu", "check_rss", "lsp_open", "lsp_rss"):
        for r in grown:
            if r.get(k) is not None and base.get(k) is not None:
                # the time/memory the input costs beyond start-up (never below 1 ms / 0.1 MB)
                r[k + "_net"] = max(r[k] - base[k], 0.001 if "rss" not in k else 0.1)
        for a, b in zip(grown, grown[1:]):
            if a.get(k + "_net") and b.get(k + "_net"):
                b[k + "_ratio"] = b[k + "_net"] / a[k + "_net"]
                # below this much cost of its own, a size is all start-up and noise: its ratio
                # is shown but not judged
                b[k + "_judged"] = a[k + "_net"] >= (5.0 if "rss" in k else 0.1)
    worst = {k: max((r[k + "_ratio"] for r in grown if r.get(k + "_judged")), default=None)
             for k in ("check_wall", "check_cpu", "check_rss", "lsp_open", "lsp_rss")}
    return {"shape": shape.name, "kind": shape.kind, "about": shape.about, "base": base, "rows": grown,
            "worst_ratio": worst}


def _f(v, unit: str) -> str:
    if v is None:
        return "-"
    return f"{v:.2f} {unit}" if unit == "s" else f"{v:.0f} {unit}"


def markdown(results: list[dict], lsp: bool) -> str:
    out = []
    for res in results:
        if res.get("skipped"):
            out.append(f"**{res['shape']}**: skipped ({res['skipped']})\n")
            continue
        out.append(f"**{res['shape']}** ({res['about']}; 10-line baseline: check "
                   f"{_f(res['base']['check_wall'], 's')}, {_f(res['base']['check_rss'], 'MB')}"
                   + (f"; lsp open {_f(res['base']['lsp_open'], 's')}, {_f(res['base']['lsp_rss'], 'MB')}" if lsp else "")
                   + ")\n")
        head = "| lines | check wall | cpu | peak RSS | net cpu x | net RSS x |"
        sep = "|---|---|---|---|---|---|"
        if lsp:
            head += " lsp open | lsp RSS | net open x | net RSS x |"
            sep += "---|---|---|---|"
        out += [head, sep]
        for r in res["rows"]:
            def x(k):
                v = r.get(k + "_ratio")
                if v is None:
                    return ""
                if not r.get(k + "_judged"):
                    return f"({v:.2f})"  # too small a cost to judge
                return f"**{v:.2f}**" if v > GOAL else f"{v:.2f}"
            line = (f"| {r['lines']:,} | {_f(r['check_wall'], 's')} | {_f(r['check_cpu'], 's')} | "
                    f"{_f(r['check_rss'], 'MB')} | {x('check_cpu')} | {x('check_rss')} |")
            if lsp:
                line += f" {_f(r.get('lsp_open'), 's')} | {_f(r.get('lsp_rss'), 'MB')} | {x('lsp_open')} | {x('lsp_rss')} |"
            out.append(line)
        out.append("")
    return "\n".join(out)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shapes", help="comma-separated shape names (default: all)")
    ap.add_argument("--sizes", default="1000,2000,4000,8000,16000")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--no-lsp", action="store_true", help="measure --check only")
    ap.add_argument("--timeout", type=float, default=300.0, help="seconds per run; a size that times out ends the shape")
    ap.add_argument("--python", default=sys.executable)
    ap.add_argument("--json", help="write all results here")
    ap.add_argument("--markdown", action="store_true", help="print a table per shape on stdout")
    ns = ap.parse_args(argv)
    sizes = [int(s) for s in ns.sizes.split(",")]
    wanted = set(ns.shapes.split(",")) if ns.shapes else None
    known = kinds(ns.python)
    results = []
    with tempfile.TemporaryDirectory(prefix="goenv-ls-scale-") as tmp:
        for shape in SHAPES:
            if wanted and shape.name not in wanted:
                continue
            if shape.kind not in known:
                print(f"  {shape.name}: skipped, kind `{shape.kind}` is not registered", file=sys.stderr)
                results.append({"shape": shape.name, "skipped": f"kind `{shape.kind}` is not registered"})
                continue
            results.append(measure(ns.python, shape, path_for(shape, known[shape.kind]), sizes, ns.rounds,
                                   not ns.no_lsp, ns.timeout, Path(tmp)))
    meta = {"rounds": ns.rounds, "sizes": sizes, "cpus": os.cpu_count(), "load": os.getloadavg(),
            "python": sys.version.split()[0], "goal_ratio_per_doubling": GOAL}
    if ns.json:
        Path(ns.json).write_text(json.dumps({"meta": meta, "results": results}, indent=1))
    if ns.markdown:
        print(markdown(results, not ns.no_lsp))
    bad = [(r["shape"], k, v) for r in results if not r.get("skipped")
           for k, v in r["worst_ratio"].items() if v is not None and v > GOAL]
    for shape, k, v in bad:
        print(f"over the goal: {shape} {k} x{v:.2f} per doubling", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
