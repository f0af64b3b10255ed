"""Command line: ``goenv-ls --check PATH...`` and friends; no arguments starts the server.

This path imports neither pygls nor lsprotocol: the language server is loaded only
when it is asked for.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import dataclass, field
from typing import Optional

from . import __version__
from .walk import (MAX_FILE_BYTES, MAX_WALK_BYTES, SKIP_DIRS, UsageError, _config_file_for,  # noqa: F401
                   _load_config_file, iter_files, walk_kind)


def _build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="goenv-ls",
        description="Language server and checker for Go environment-variable mistakes in Dockerfiles, "
                    ".env files, go.env and more. With no arguments it runs the language server on stdio.",
    )
    p.add_argument("paths", nargs="*", metavar="PATH",
                   help="with --check: files or folders to check (`-` reads standard input)")
    p.add_argument("--check", action="store_true",
                   help="check the files or folders given (options may come before or after them)")
    p.add_argument("--format", choices=("text", "json", "sarif", "github", "gitlab", "junit"), default="text")
    p.add_argument("--select", help="comma-separated rule codes, prefixes or names to enable (default: all)")
    p.add_argument("--ignore", help="comma-separated rule codes, prefixes or names to disable")
    p.add_argument("--fix", action="store_true", help="apply safe fixes in place")
    p.add_argument("--unsafe-fixes", action="store_true", help="with --fix, apply unsafe fixes too")
    p.add_argument("--fail-on", choices=("error", "warning", "info"), default="warning",
                   help="lowest severity that makes the exit status 1 (default: warning; info and hint "
                        "findings alone exit 0)")
    p.add_argument("--exit-zero", action="store_true",
                   help="exit 0 even when findings are reported (2 still means a usage, read or config error)")
    p.add_argument("--explain", metavar="CODE|VARIABLE", help="print the docs of a rule or a Go variable")
    p.add_argument("--list-rules", action="store_true", help="list the rules (with --format json: as JSON)")
    p.add_argument("--list-kinds", action="store_true",
                   help="list the file kinds it reads and the names that select them (with --format json: as "
                        "JSON, with editor globs; editor clients are generated from it)")
    p.add_argument("--config", metavar="FILE", help="use this .goenv-ls.toml / pyproject.toml instead of searching")
    p.add_argument("--kind", metavar="KIND",
                   help="read the files named on the command line (or stdin, `--check -`) as this kind "
                        "(see `--explain KIND`; folders are still walked by file name and content)")
    p.add_argument("--stdin-filename", metavar="NAME",
                   help="with `--check -`: the path the text on stdin stands for (its kind, settings, project); "
                        "with --fix the fixed text is printed to stdout")
    p.add_argument("--exclude", action="append", metavar="PATTERNS",
                   help="comma-separated gitignore-style patterns a folder walk skips, replacing the default "
                        "list (`exclude` in the settings); files named explicitly are still read")
    p.add_argument("--extend-exclude", action="append", metavar="PATTERNS",
                   help="comma-separated gitignore-style patterns to skip on top of `exclude`")
    p.add_argument("--no-respect-gitignore", action="store_true",
                   help="walk into what .gitignore files ignore (they are respected by default)")
    p.add_argument("--force-exclude", action="store_true",
                   help="apply the exclusions (exclude, extend-exclude, .gitignore) to paths named on the command "
                        "line too (for pre-commit, which names every changed file)")
    p.add_argument("--show-files", action="store_true",
                   help="with --check: list the files that would be checked, with their kind, and exit")
    p.add_argument("--show-settings", action="store_true",
                   help="with --check: print the config file found and the resolved settings for the first "
                        "PATH, and exit")
    p.add_argument("--jobs", "-j", type=_jobs, default=0, metavar="N",
                   help="with --check: processes to check files in (default 0: one per core, used when there "
                        "are enough files to gain from it); the output order never depends on it")
    p.add_argument("--verbose", action="store_true",
                   help="with --check, also list the regions goenv-ls could not read (skipped, not findings)")
    p.add_argument("--diff", action="store_true",
                   help="with --check: print what --fix (and --unsafe-fixes) would change as a unified diff, "
                        "write nothing; exit 1 if there is any change")
    p.add_argument("--write-baseline", metavar="FILE",
                   help="with --check: record the current findings in FILE (by fingerprints that survive line "
                        "moves) and exit 0")
    p.add_argument("--baseline", metavar="FILE",
                   help="with --check: report only findings that are not in FILE (see --write-baseline)")
    p.add_argument("--show-suppressed", action="store_true",
                   help="with --check (text or json): also list the findings inline `goenv-ls: ignore` comments "
                        "silence, with each comment's reason")
    p.add_argument("--no-inline-ignores", action="store_true",
                   help="with --check: `goenv-ls: ignore` comments silence nothing (the settings are the only "
                        "policy; `inline-ignores = false` in the settings)")
    p.add_argument("--statistics", action="store_true",
                   help="with --check: print a count of findings per rule instead of the findings")
    p.add_argument("--output-file", metavar="FILE", help="with --check: write the report to FILE instead of stdout")
    p.add_argument("--stdio", action="store_true", help="run the language server on stdio (the default)")
    p.add_argument("--version", action="version", version=f"goenv-ls {__version__}")
    return p


def _jobs(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if n < 0:
        raise argparse.ArgumentTypeError("must be 0 (one per core) or more")
    return n


@dataclass
class FileResult:
    path: str
    findings: list  # finding dicts in the JSON shape
    error: Optional[str] = None
    fixed: int = 0
    internal: tuple[str, ...] = ()
    note: Optional[str] = None  # a warning that does not change the exit status
    skipped: bool = False  # error is only "skipped" (binary, too large): not a failure
    limits: tuple[str, ...] = ()  # where reading stopped at a bound (budgets.py): not findings
    output: Optional[bytes] = None  # standard input with --fix: the fixed text, printed to stdout
    diff: str = ""  # --diff: what --fix would change (unified diff, masked)
    line_keys: tuple = ()  # per finding: its line's normalized text, hashed (output/baseline.py)
    fingerprints: tuple = ()  # per finding, set by the report
    baselined: int = 0  # findings left out because --baseline knows them
    suppressed: list = field(default_factory=list)  # --show-suppressed: silenced findings, with "suppressed"


def _load_config(path: str, explicit: Optional[str], overrides: dict):
    c = _load_config_file(_config_file_for(path, explicit))
    return c.merged(overrides) if overrides else c


def check_one(args: tuple):
    """Worker: read, check (and fix) one file. Returns a picklable result."""
    path, explicit = args[0], args[1]
    try:
        size = os.path.getsize(path)
        if size > (MAX_FILE_BYTES if explicit else MAX_WALK_BYTES):
            return FileResult(path, [], error=f"{path}: skipped, {size} bytes is too large" if explicit else None,
                              skipped=True)
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        return FileResult(path, [], error=f"{path}: cannot read: {exc.strerror or exc}")
    return check_data(path, data, args)


def check_data(path: str, data: bytes, args: tuple, stdin: bool = False):
    """Check (and fix) the bytes of one file; ``stdin``: they came from standard input, so a
    fix is returned in ``FileResult.output`` instead of written."""
    from . import engine, formats
    from .config import NOT_READ, ConfigError
    from .model import SourceFile
    from .output import finding_dict
    from .text import decode, encode, looks_binary, utf16_encoding

    _, explicit, config_path, overrides, do_fix, unsafe, fmt = args[:7]
    forced = args[7] if len(args) > 7 and explicit else None  # --kind, for files named explicitly
    unknown = FileResult(path, [], error=f"{path}: not a file kind goenv-ls reads" +
                         (" (name it with --stdin-filename NAME or pass --kind KIND)" if stdin else "")
                         if explicit else None)
    skipped = formats.skip_reason(path) if explicit and forced is None else None
    if skipped:  # an ignore file or a template named explicitly (a pre-commit hook): a note, no error
        unknown = FileResult(path, [], note=f"{path}: skipped, {skipped}")
    elif explicit and forced is None and not stdin and formats.detect(path) is not None:
        # named like a kind but its text says otherwise (an app's Info.plist, `Dockerfile.5`):
        # a pre-commit hook names such files by their name alone - a note, no error
        unknown = FileResult(path, [], note=f"{path}: skipped, its text is not a {formats.detect(path)} file")
    if looks_binary(data):
        return FileResult(path, [], error=f"{path}: skipped, binary file" if explicit else None,
                          skipped=True)
    try:
        config = _load_config(path, config_path, overrides)
    except ConfigError as exc:
        return FileResult(path, [], error=f"config: {exc}")
    text, bom = decode(data)
    kind = forced or config.kind_for(path)
    if kind == NOT_READ:
        return unknown
    kind = kind or formats.detect(path, None, text)
    if kind is None:
        return unknown
    src = SourceFile(path, text, kind, bom)
    fixed = 0
    note = None
    if do_fix and "\ufffd" in text and encode(text, data, bom) != data:
        # the text holds U+FFFD where the file has bytes that do not decode: writing it
        # back would replace those bytes, so such a file is checked but never rewritten
        do_fix = False
        note = f"{path}: not fixed, the file is not valid {'UTF-16' if utf16_encoding(data) else 'UTF-8'}"
    output = None
    diff = ""
    if do_fix:
        new_text, fixed, result = engine.fix_text(src, config, unsafe=unsafe)
        if do_fix == "diff":  # --diff: show, never write
            from . import redact
            from .output.diff import unified

            diff = unified(path, text, new_text, redact.for_file(result.parsed).text)
        elif stdin:
            output = encode(new_text, data, bom) if fixed and new_text != text else data
        elif fixed and new_text != text:
            try:
                write_atomic(path, encode(new_text, data, bom))  # the file's own encoding (UTF-8/16, BOM)
            except OSError as exc:
                return FileResult(path, [], error=f"{path}: cannot write fixes, the file is unchanged: "
                                                  f"{exc.strerror or exc}")
        src = SourceFile(path, new_text, kind, bom)
    else:
        result = engine.check(src, config)
    items = [finding_dict(path, src, f) for f in result.findings]
    shown = []
    if len(args) > 9 and args[9]:  # --show-suppressed
        shown = [dict(finding_dict(path, src, x.finding), suppressed={"reason": x.reason, "line": x.line + 1})
                 for x in result.suppressed]
    from .output.baseline import line_key

    keys = tuple(line_key(src.lines.line_text(d["line"] - 1)) for d in items)
    limits = ()
    if result.parsed is not None and result.parsed.notes:
        lines = src.lines
        limits = tuple(f"{path}:{lines.line_of(n.span.start) + 1}: note: {n.message}" for n in result.parsed.notes)
    verbose = len(args) > 8 and args[8]
    unread = result.parsed.context.get("unread") if result.parsed is not None and verbose else None
    if unread:
        # regions goenv-ls's reader could not follow: skipped, never findings (--verbose only)
        lines = src.lines
        limits += tuple(f"{path}:{lines.line_of(sp.start) + 1}: note: goenv-ls could not read lines "
                        f"{lines.line_of(sp.start) + 1}-{lines.line_of(max(sp.start, sp.end - 1)) + 1} "
                        f"(its shell reader's limit, not an error in the file): not checked"
                        for sp in unread)
    return FileResult(path, items, fixed=fixed, internal=result.errors, note=note, limits=limits, output=output,
                      diff=diff, line_keys=keys, suppressed=shown)


def write_atomic(path: str, data: bytes) -> None:
    """Replace the file's content all at once: a temporary file beside it, then a rename.

    A failed write (disk full, a file size limit) leaves the original as it was. A symlink
    is written through to its target (the link stays a link); the mode is kept."""
    import stat
    import tempfile

    target = os.path.realpath(path)
    st = os.stat(target)
    folder, name = os.path.split(target)
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".goenv-ls", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, stat.S_IMODE(st.st_mode))
        if hasattr(os, "chown") and (st.st_uid, st.st_gid) != (os.getuid(), os.getgid()):
            try:
                os.chown(tmp, st.st_uid, st.st_gid)
            except OSError:
                pass  # not ours to give away; the content and mode still are
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def one_line(s: str) -> str:
    """A note for stderr: secrets masked, one line."""
    from .output import one_line as esc
    from .redact import scrub

    return esc(scrub(s))


def _render(fmt: str, results: list[FileResult]) -> str:
    from .output import render

    return render(fmt, [f for r in results for f in r.findings], __version__,
                  prints=[fp for r in results for fp in r.fingerprints],
                  paths=[r.path for r in results if not r.error and not r.skipped])


def _render_with_suppressed(fmt: str, results: list[FileResult]) -> str:
    """Findings and the findings suppressions silenced, in file and line order (text, json)."""
    from .output import render

    items = [f for r in results
             for f in sorted(r.findings + r.suppressed, key=lambda d: (d["line"], d["column"], d["code"]))]
    return render(fmt, items, __version__)


def run_check(ns: argparse.Namespace) -> int:
    from .config import config_lookups_remembered

    with config_lookups_remembered():  # one run, one state of the disk: one config lookup per folder
        return _run_check(ns)


def _run_check(ns: argparse.Namespace) -> int:
    overrides: dict = {}
    if ns.select:
        overrides["select"] = [s.strip() for s in ns.select.split(",") if s.strip()]
    if ns.ignore:
        overrides["ignore"] = [s.strip() for s in ns.ignore.split(",") if s.strip()]
    from .config import ConfigError, Config

    try:
        for key in ("select", "ignore"):
            if getattr(ns, key) is not None and not overrides.get(key):
                raise UsageError(f"--{key} needs at least one rule code, prefix or name")
        if overrides:
            Config().merged(overrides)  # validate selectors early
        if ns.config:
            _load_config(ns.config, ns.config, {})
        if ns.kind is not None:
            from .formats import kind_named

            if kind_named(ns.kind) is None:
                from .formats import KINDS

                raise UsageError(f"--kind: unknown kind {ns.kind!r} (one of {', '.join(k.name for k in KINDS)})")
        if ns.no_inline_ignores:
            overrides["inline-ignores"] = False
        if ns.show_suppressed and ns.format not in ("text", "json"):
            raise UsageError(f"--show-suppressed prints text or json, not {ns.format}")
        if ns.statistics and ns.format not in ("text", "json"):
            raise UsageError(f"--statistics prints text or json, not {ns.format}")
        if "-" in ns.paths and len(ns.paths) > 1:
            raise UsageError("`-` (standard input) must be the only PATH")
        if ns.stdin_filename is not None and ns.paths != ["-"]:
            raise UsageError("--stdin-filename goes with `-` (standard input) as the PATH")
        walk = _walk_overrides(ns)
        if walk:
            Config().merged(walk)  # validate the patterns early
        if ns.show_settings:
            return run_show_settings(ns, {**overrides, **walk})
        if ns.paths == ["-"]:
            return run_stdin(ns, overrides)
        files = list(iter_files(ns.paths, ns.config, walk, force_exclude=ns.force_exclude))
        from .project import set_checked_trees

        trees = tuple(p for p in ns.paths if os.path.isdir(p))
        set_checked_trees(trees)  # a named tree that its repository ignores is a project of its own
        if ns.show_files:
            return run_show_files(ns, files)
    except (UsageError, ConfigError) as exc:
        print(f"goenv-ls: {one_line(str(exc))}", file=sys.stderr)
        return 2
    # a broken config file is reported once (not once per file) and nothing is checked
    broken = False
    for cf in dict.fromkeys(_config_file_for(p, ns.config) for p, _explicit in files):
        try:
            _load_config_file(cf)
        except ConfigError as exc:
            print(f"goenv-ls: config: {one_line(str(exc))}", file=sys.stderr)
            broken = True
    if broken:
        return 2
    jobs = [(p, explicit, ns.config, overrides, _fix_mode(ns), ns.unsafe_fixes, ns.format, ns.kind, ns.verbose,
            ns.show_suppressed)
            for p, explicit in files]
    workers = min(ns.jobs or _cores(), len(jobs) // PARALLEL_MIN_FILES_PER_WORKER or 1)
    if workers > 1:
        import multiprocessing as mp

        # one process per core; pool.map returns the results in the order of the walk, so the
        # output does not depend on which worker finished first
        ctx = mp.get_context("fork") if hasattr(os, "fork") else mp.get_context()
        if ctx.get_start_method() == "fork":
            _warm_for_workers([p for p, _explicit in files], ns.kind)
        import gc

        # what the workers inherit (modules, rules, grammar, the file list) stays alive for
        # the run: out of the collector's reach, a worker's collections do not write to (and
        # so copy) those pages; about 5% less CPU in a 300-file run
        gc.freeze()
        try:
            with ctx.Pool(workers, initializer=set_checked_trees, initargs=(trees,)) as pool:
                results = pool.map(check_one, jobs, chunksize=max(1, min(64, len(jobs) // (workers * 8))))
        finally:
            gc.unfreeze()
    else:
        results = [check_one(j) for j in jobs]
    return _report(ns, results)


def _warm_for_workers(paths: list[str], forced: Optional[str]) -> None:
    """Import what checking takes (the engine, the rule modules, the adapters of the kinds the
    file names promise, the shell grammar) once, before forking: each worker would otherwise
    import it all again (~0.15-0.2 s of CPU per worker)."""
    from . import engine, formats  # noqa: F401 - imported for the workers to inherit
    from .output import finding_dict  # noqa: F401
    from .rule import all_rules

    all_rules()
    kinds = {forced} if forced else {formats.detect(p) for p in paths[:4096]}
    for kind in kinds - {None}:
        try:
            formats.adapter(kind)
        except Exception:  # a kind without its adapter: the worker reports it as before
            continue
    if kinds & {"dockerfile", "shell"}:
        from .formats import shell

        shell._parser()


def _fix_mode(ns: argparse.Namespace):
    """What a worker does with fixes: False, True (write them) or "diff" (compute, never write)."""
    return "diff" if ns.diff else ns.fix


# a worker process costs a fork and a pickle round trip per file: below this many files per
# worker one process is as fast (a check of a typical file takes about a millisecond)
PARALLEL_MIN_FILES_PER_WORKER = 32


def _cores() -> int:
    """The cores this process may run on (its affinity mask where the OS has one)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))  # type: ignore[attr-defined]
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _report(ns: argparse.Namespace, results: list[FileResult], report_to=None) -> int:
    from .output.baseline import settle

    status = 0
    message, stop = settle(results, None if ns.diff else ns.write_baseline, None if ns.diff else ns.baseline)
    if message is not None and stop is None:
        print(f"goenv-ls: {one_line(message)}", file=sys.stderr)
        return 2
    for r in results:
        if r.error:
            print(f"goenv-ls: {one_line(r.error)}", file=sys.stderr)
            if not r.skipped:
                status = 2
        if r.note:
            print(f"goenv-ls: {one_line(r.note)}", file=sys.stderr)
        for n in r.limits:
            print(f"goenv-ls: {one_line(n)}", file=sys.stderr)
        for e in r.internal:
            from .redact import scrub

            print(f"goenv-ls: internal error: {scrub(e)}", file=sys.stderr)
    for r in results:
        if r.output is not None:
            sys.stdout.flush()
            sys.stdout.buffer.write(r.output)
            sys.stdout.buffer.flush()
    from .output.report import render_statistics, write_report

    if stop is not None:  # --write-baseline
        print(f"goenv-ls: {one_line(message)}", file=sys.stderr)
        return status or stop

    if ns.diff:
        failed = write_report("".join(r.diff for r in results), sys.stdout, ns.output_file)
        if failed:
            print(f"goenv-ls: {one_line(failed)}", file=sys.stderr)
        return 2 if status or failed else 1 if any(r.diff for r in results) and not ns.exit_zero else 0

    items = [f for r in results for f in r.findings]
    if ns.statistics:
        report = render_statistics(ns.format, items)
    elif ns.show_suppressed:
        report = _render_with_suppressed(ns.format, results)
    else:
        report = _render(ns.format, results)
    failed = write_report(report, report_to or sys.stdout, ns.output_file)
    if failed:
        print(f"goenv-ls: {one_line(failed)}", file=sys.stderr)
        status = 2
    n = sum(len(r.findings) for r in results)
    fixed = sum(r.fixed for r in results)
    if ns.format == "text":
        fixable = sum(1 for r in results for f in r.findings if f["fix"] and f["fix"]["applicability"] == "safe")
        parts = [f"{n} finding{'s' if n != 1 else ''} in {len(results)} file{'s' if len(results) != 1 else ''}"]
        if fixed:
            parts.append(f"{fixed} fixed")
        baselined = sum(r.baselined for r in results)
        if baselined:
            parts.append(f"{baselined} more in the baseline")
        shown = sum(len(r.suppressed) for r in results)
        if shown:
            parts.append(f"{shown} suppressed")
        if fixable and not ns.fix:
            parts.append(f"{fixable} fixable with --fix")
        line = "goenv-ls: " + ", ".join(parts)
        if n:  # the rule docs: no web link unless [project.urls] names a host (docs.rule_url)
            line += f"; `goenv-ls --explain {items[0]['code'] if items else 'CODE'}` explains a rule"
        print(line, file=sys.stderr)
    if status:
        return status
    if ns.exit_zero:
        return 0
    return 1 if failing(results, ns.fail_on) else 0


def _walk_overrides(ns: argparse.Namespace) -> dict:
    """--exclude, --extend-exclude and --no-respect-gitignore as settings."""
    out: dict = {}
    for flag, key in (("exclude", "exclude"), ("extend_exclude", "extend-exclude")):
        values = getattr(ns, flag)
        if values is not None:
            items = [v.strip() for raw in values for v in raw.split(",") if v.strip()]
            if not items:
                raise UsageError(f"--{key} needs at least one pattern")
            out[key] = items
    if ns.no_respect_gitignore:
        out["respect-gitignore"] = False
    return out


def run_show_files(ns: argparse.Namespace, files: list) -> int:
    """Each file --check would read, with the kind it would be read as (tab-separated)."""
    from .config import NOT_READ

    for path, explicit in files:
        if explicit:
            try:
                config = _load_config(path, ns.config, {})
            except Exception:  # a broken config: the check itself reports it
                config = None
            kind = ns.kind or (config.kind_for(path) if config is not None else None)
            if kind == NOT_READ:
                kind = None
            kind = kind or walk_kind(path, ns.config, lambda: True, None)
        else:
            kind = walk_kind(path, ns.config, lambda: True)
        sys.stdout.write(f"{path}\t{kind or '(not a kind goenv-ls reads)'}\n")
    return 0


def run_show_settings(ns: argparse.Namespace, overrides: dict) -> int:
    """The config file that applies to the first PATH, and the settings resolved for it (TOML)."""
    from .config import ConfigError

    path = ns.stdin_filename if ns.paths == ["-"] and ns.stdin_filename else ns.paths[0]
    where = os.path.abspath(path)
    if os.path.isdir(where):
        where = os.path.join(where, "x")  # the settings of the files in it
    cf = _config_file_for(where, ns.config)
    try:
        config = _load_config(where, ns.config, overrides)
    except ConfigError as exc:
        print(f"goenv-ls: config: {one_line(str(exc))}", file=sys.stderr)
        return 2
    sys.stdout.write(f"# settings for {path}\n# config file: {cf or '(none found; defaults)'}\n")
    sys.stdout.write(config.to_toml())
    return 0


def run_stdin(ns: argparse.Namespace, overrides: dict) -> int:
    """``goenv-ls --check - [--stdin-filename NAME]``: the text comes from standard input; NAME
    (relative to the current folder) picks its kind and its config file. With --fix the fixed
    text goes to stdout and the report of what is left to stderr."""
    if ns.stdin_filename is None and ns.kind is None:
        print("goenv-ls: stdin: name its kind with --kind KIND (or --stdin-filename NAME)", file=sys.stderr)
        return 2
    name = ns.stdin_filename or "-"
    where = os.path.abspath(name if ns.stdin_filename else "stdin")
    data = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        print(f"goenv-ls: stdin: more than {MAX_FILE_BYTES} bytes", file=sys.stderr)
        return 2
    try:
        _load_config_file(_config_file_for(where, ns.config))
    except Exception as exc:  # ConfigError
        print(f"goenv-ls: config: {one_line(str(exc))}", file=sys.stderr)
        return 2
    args = (where, True, ns.config, overrides, _fix_mode(ns), ns.unsafe_fixes, ns.format, ns.kind, ns.verbose,
            ns.show_suppressed)
    r = check_data(where, data, args, stdin=True)
    # findings name the file as the user did
    r.findings = [dict(f, path=name) for f in r.findings]
    r.suppressed = [dict(f, path=name) for f in r.suppressed]
    for attr in ("error", "note"):
        v = getattr(r, attr)
        if v:
            setattr(r, attr, v.replace(where, name))
    r.limits = tuple(n.replace(where, name) for n in r.limits)
    if r.diff:  # the header names the file as the user did
        from .output.diff import rename

        r.diff = rename(r.diff, name)
    r.path = name
    if ns.fix and r.output is None:
        r.output = data  # nothing it could fix (binary, not a kind it reads): a pipe gets its text back
    return _report(ns, [r], report_to=sys.stderr if ns.fix else sys.stdout)


_RANK = {"hint": 0, "info": 1, "warning": 2, "error": 3}


def failing(results: list[FileResult], fail_on: str) -> bool:
    """Whether any finding left (after fixes) is at or above the ``--fail-on`` severity."""
    bar = _RANK[fail_on]
    return any(_RANK.get(f["severity"], 3) >= bar for r in results for f in r.findings)


def run_explain(what: str) -> int:
    """Docs of a rule, a Go variable or a file kind. Only static text is printed (a file
    named here is never read); the argument itself is echoed masked."""
    from .docs import rule_markdown, variable_markdown
    from .rule import find_rule

    r = find_rule(what)
    if r is not None:
        sys.stdout.write(rule_markdown(r))
        return 0
    doc = variable_markdown(what.strip())
    if doc is None:
        doc = variable_markdown(what.strip().upper())
    if doc is not None:
        sys.stdout.write(doc)
        return 0
    # a file (or file kind): who reads it and what it expands (facts/platforms.py)
    from . import formats
    from .docs import file_kind_markdown

    kind = (formats.detect_file(what) if os.path.isfile(what) else formats.detect(what)) \
        or (what if formats.kind_named(what) else None)
    if kind is not None:
        role = None
        if kind == "shell":
            from .formats.shell_files import file_role

            role = str(file_role(what)["role"])
        doc = file_kind_markdown(kind, role)
        if doc is not None:
            sys.stdout.write(doc)
            return 0
    print(f"goenv-ls: no rule or Go variable named {one_line(repr(what))} (see --list-rules)", file=sys.stderr)
    return 2


def run_list_rules(fmt: str) -> int:
    from .rule import all_rules

    rules = all_rules()
    if fmt == "json":
        sys.stdout.write(json.dumps([{"code": r.code, "name": r.name, "severity": r.severity,
                                      "severity_note": r.severity_note or None, "summary": r.summary}
                                     for r in rules], indent=2) + "\n")
    else:
        # the default severity, then when the rule reports a finding at another one
        for r in rules:
            note = f" (severity {r.severity_text()})" if r.severity_note else ""
            sys.stdout.write(f"{r.code}  {r.name:<36} {r.severity:<8} {r.summary}{note}\n")
    return 0


def run_list_kinds(fmt: str) -> int:
    from .formats.editors import kinds_table

    table = kinds_table()
    if fmt == "json":
        sys.stdout.write(json.dumps(table, indent=2) + "\n")
    else:
        for k in table:
            names = ", ".join(k["patterns"] + k["path_patterns"]) or "(by content)"
            sys.stdout.write(f"{k['name']:<15} {names}\n")
    return 0


def main(argv: Optional[list[str]] = None) -> int:
    parser = _build_parser()
    argv = sys.argv[1:] if argv is None else argv
    try:
        ns = parser.parse_intermixed_args(argv)
    except SystemExit as exc:
        return 2 if exc.code not in (0, None) else 0
    if ns.explain:
        return run_explain(ns.explain)
    if ns.list_rules:
        return run_list_rules(ns.format)
    if ns.list_kinds:
        return run_list_kinds(ns.format)
    if ns.show_files or ns.show_settings:  # `goenv-ls --show-files` asks about a check of "."
        ns.check = True
        ns.paths = ns.paths or ["."]
    if ns.check:
        if not ns.paths:
            print("goenv-ls: --check needs at least one PATH (a file, a folder, or `-` for standard input)",
                  file=sys.stderr)
            return 2
        return run_check(ns)
    if ns.paths:
        print(f"goenv-ls: {one_line(ns.paths[0])}: paths go with --check (goenv-ls --check PATH...); "
              "without --check goenv-ls is a language server on stdio", file=sys.stderr)
        return 2
    # an option of the checker without --check would otherwise start the language server and
    # wait for an editor: say so instead
    given = [max(a.option_strings, key=len) for a in parser._actions
             if a.option_strings and a.dest not in _NOT_CHECK_ONLY and getattr(ns, a.dest, a.default) != a.default]
    if given:
        print(f"goenv-ls: {', '.join(given)} go{'es' if len(given) == 1 else ''} with --check PATH...",
              file=sys.stderr)
        return 2
    if _is_tty(sys.stdin):
        # a person typed `goenv-ls`; an editor never runs it on a terminal. Say what it is,
        # then serve as asked (it ends at end of input, Ctrl-D, or Ctrl-C)
        print("goenv-ls: a language server on stdio, waiting for an editor (Ctrl-C quits); "
              "to check files run `goenv-ls --check PATH...`", file=sys.stderr, flush=True)
    from .lsp import serve

    return serve()


# options that mean something without --check (the rest belong to the checker)
_NOT_CHECK_ONLY = {"help", "version", "check", "paths", "explain", "list_rules", "list_kinds", "format", "stdio",
                   "config"}


def _is_tty(stream) -> bool:
    try:
        return stream is not None and stream.isatty()
    except (AttributeError, ValueError, OSError):
        return False


def entry() -> None:
    # a console whose encoding cannot show a path or value (CJK on latin-1, cp1252) must
    # not turn the report into a traceback; JSON/SARIF stay valid with \uXXXX escapes
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
        except (AttributeError, ValueError):
            pass
    try:
        code = main()
    except KeyboardInterrupt:
        code = 130
    except BrokenPipeError:
        code = 0
    sys.exit(code)
