"""Shell files: the tree-sitter-bash corpus as robustness input, and real shells as the proof.

The first half feeds every case of ../shared/peer-suites/tree-sitter-bash through the
shell-file adapter: no crash, and every assignment's name span covers exactly its
name. The second half runs bash, dash and zsh (each test skips when that shell is not
installed) to prove the claims the GE25x rules and facts/platforms.py make, and checks
that goenv-ls agrees with what the shell did.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from goenv_ls import engine, formats
from goenv_ls.model import Mechanism, SourceFile

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "peer-suites" / "tree-sitter-bash"
_HEADER = re.compile(r"^={3,}\n(?P<name>.*?)\n={3,}\n", re.M | re.S)


def corpus_cases() -> list[tuple[str, str, str]]:
    """(id, source, expected tree) for every case of every corpus file."""
    out = []
    if not CORPUS.is_dir():
        return out
    for f in sorted(CORPUS.glob("*.txt")):
        text = f.read_text(encoding="utf-8").replace("\r\n", "\n") if f.name != "crlf.txt" else \
            f.read_bytes().decode("utf-8")
        heads = list(_HEADER.finditer(text))
        for i, h in enumerate(heads):
            end = heads[i + 1].start() if i + 1 < len(heads) else len(text)
            body = text[h.end():end]
            parts = re.split(r"\n-{3,}\n", body, maxsplit=1)
            src = parts[0].strip("\n") + "\n"
            tree = parts[1] if len(parts) > 1 else ""
            name = " ".join(h.group("name").split())
            out.append((f"{f.stem}:{name}", src, tree))
    return out


CASES = corpus_cases()


def check_text(path: str, text: str):
    kind = formats.detect(path)
    src = SourceFile(path, text, kind)
    res = engine.check(src)
    assert res.errors == (), res.errors
    return res


def test_corpus_is_there():
    if not CORPUS.is_dir():
        pytest.skip("shared/peer-suites/tree-sitter-bash is not beside the repository")
    assert len(CASES) >= 100


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_corpus_case(case):
    _id, text, tree = case
    for path in ("script.sh", ".zshrc", ".envrc"):
        res = check_text(path, text)
        pf = res.parsed
        for a in pf.assignments:
            got = text[a.name_span.start:a.name_span.end]
            if a.mechanism == Mechanism.GO_ENV_W:
                assert got == a.name, (a, got)
                continue
            assert got == a.name, f"name span {a.name_span} covers {got!r}, not {a.name!r}"
            assert a.span.start <= a.name_span.start <= a.name_span.end <= a.span.end
            assert 0 <= a.value_span.start <= a.value_span.end <= len(text)
        for f in res.findings:
            assert 0 <= f.span.start <= f.span.end <= len(text)
    # a case whose tree has top-level assignments yields assignments (not an error case)
    if "(variable_assignment" in tree and "ERROR" not in tree and "(command_substitution" not in tree:
        assert check_text("script.sh", text).parsed.assignments, "assignments in the tree, none found"


def test_corpus_fixes_keep_files_parseable():
    """Applying every fix to each corpus case adds no parse issue."""
    for _id, text, _tree in CASES:
        src = SourceFile(".bashrc", text, "shell")
        before = len(engine.parse(src).issues)
        out, _n, _res = engine.fix_text(src, unsafe=True)
        assert len(engine.parse(SourceFile(".bashrc", out, "shell")).issues) <= before, _id


def test_zsh_syntax_degrades_to_a_finding():
    text = "typeset -U path\npath=(~/go/bin $path)\nexport GOPATH=$HOME/go\nfor f (*.zsh) source $f\n" \
           "print -l ${(s.:.)PATH}\nexport GOFLAGS=\"-mod=mod\"\n"
    res = check_text(".zshrc", text)
    names = [a.name for a in res.parsed.assignments]
    assert "GOPATH" in names and "GOFLAGS" in names
    assert all(i.severity == "info" for i in res.parsed.issues)


def test_file_roles():
    from goenv_ls.formats.shell_files import file_role

    assert file_role("/home/u/.zshrc")["role"] == "interactive"
    assert file_role("/home/u/.zshenv")["role"] == "always"
    assert file_role("/etc/profile")["role"] == "login"
    assert file_role("/etc/profile.d/go.sh")["role"] == "login"
    assert file_role("/etc/zsh/zshrc")["role"] == "interactive"
    assert file_role("proj/.envrc")["role"] == "envrc"
    assert file_role("tools/build.sh", "#!/usr/bin/env bash\n")["shells"] == ("bash",)
    assert formats.detect("/etc/environment") == "pam-env"
    assert formats.detect("/etc/systemd/system/x.service.d/override.conf") == "systemd-unit"
    assert formats.detect("/home/u/.config/environment.d/go.conf") == "environment-d"
    assert formats.detect("C:/Users/u/Documents/PowerShell/Microsoft.PowerShell_profile.ps1") == "powershell"


# --------------------------------------------------------------------------- real shells

def shell(name: str) -> str:
    exe = shutil.which(name)
    if exe is None:
        pytest.skip(f"{name} is not installed")
    return exe


def run(argv: list[str], home: Path, extra: dict | None = None, cwd: Path | None = None) -> str:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "TERM": "dumb"}
    env.update(extra or {})
    p = subprocess.run(argv, env=env, cwd=str(cwd or home), capture_output=True, text=True, timeout=30,
                       stdin=subprocess.DEVNULL)
    return p.stdout


SHELLS = ["bash", "dash", "zsh"]


@pytest.mark.parametrize("sh", SHELLS)
def test_quoted_tilde_stays_literal(sh, tmp_path):
    """`GOPATH="~/go"` keeps the `~`; unquoted `~` (also after `:`) expands -- in every shell."""
    exe = shell(sh)
    script = ('export GOPATH="~/go"; export GOBIN=~/go/bin; export GOMODCACHE=/x:~/m; '
              'printf "%s|%s|%s" "$GOPATH" "$GOBIN" "$GOMODCACHE"')
    out = run([exe, "-c", script], tmp_path)
    assert out == f"~/go|{tmp_path}/go/bin|/x:{tmp_path}/m"
    res = check_text(".profile", script.replace("; ", "\n") + "\n")
    assert [f.code for f in res.findings if f.code == "GE250"] == ["GE250"]  # the quoted one only


@pytest.mark.parametrize("sh", SHELLS)
def test_single_quoted_variable_stays_literal(sh, tmp_path):
    exe = shell(sh)
    out = run([exe, "-c", "export GOMODCACHE='$HOME/mod'; printf %s \"$GOMODCACHE\""], tmp_path)
    assert out == "$HOME/mod"
    res = check_text(".profile", "export GOMODCACHE='$HOME/mod'\n")
    assert any(f.code == "GE250" for f in res.findings)


def test_tilde_in_path_is_a_bash_only_lookup(tmp_path):
    """bash expands a literal `~` in PATH when it looks a command up; dash, zsh and `env` do not."""
    bindir = tmp_path / "bin"
    bindir.mkdir()
    tool = bindir / "goenvtool"
    tool.write_text("#!/bin/sh\necho found\n")
    tool.chmod(0o755)
    assert run([shell("bash"), "-c", 'PATH="~/bin:$PATH"; goenvtool'], tmp_path) == "found\n"
    assert run([shell("bash"), "-c", 'PATH="~/bin:$PATH"; env goenvtool'], tmp_path) == ""
    for other in ("dash", "zsh"):
        if shutil.which(other):
            assert run([shutil.which(other), "-c", 'PATH="~/bin:$PATH"; goenvtool'], tmp_path) == ""


@pytest.mark.parametrize("sh", SHELLS)
def test_plain_assignment_is_not_exported(sh, tmp_path):
    """`GOFLAGS=x` without export: the shell sees it, its children do not; `export NAME` before the
    assignment and `set -a` export it."""
    exe = shell(sh)
    child = 'printf "%s," "${GOFLAGS-unset}"'
    script = (f"GOFLAGS=-mod=mod; printf '%s,' \"$GOFLAGS\"; sh -c '{child}'; "
              f"export GOPROXY; GOPROXY=off; sh -c 'printf %s, \"${{GOPROXY-unset}}\"'; "
              f"set -a; GOWORK=off; set +a; sh -c 'printf %s \"${{GOWORK-unset}}\"'")
    out = run([exe, "-c", script], tmp_path)
    assert out == "-mod=mod,unset,off,off"
    res = check_text(".bashrc", script.replace("; ", "\n") + "\n")
    flagged = {f.variable for f in res.findings if f.code == "GE252"}
    assert flagged == {"GOFLAGS"}


@pytest.mark.parametrize("sh", SHELLS)
def test_export_in_executed_script_does_not_reach_the_parent(sh, tmp_path):
    exe = shell(sh)
    s = tmp_path / "goenv.sh"
    s.write_text("#!/bin/sh\nexport GOFLAGS=-trimpath\n")
    s.chmod(0o755)
    out = run([exe, "-c", './goenv.sh; printf "%s," "${GOFLAGS-unset}"; . ./goenv.sh; printf %s "$GOFLAGS"'],
              tmp_path)
    assert out == "unset,-trimpath"
    res = check_text(str(s), s.read_text())
    assert [f.code for f in res.findings] == ["GE257"]


def test_export_only_script_is_a_fragment_without_evidence_that_it_runs(tmp_path):
    """GE257 needs evidence that the script runs as a program: without an execute bit and with
    nothing in the repository running it, or when another script of the repository sources it,
    the exports reach the sourcing shell (checked in bash) and there is no finding."""
    bash = shell("bash")
    (tmp_path / ".git").mkdir()
    hack = tmp_path / "hack"
    hack.mkdir()
    frag = hack / "setup-go.sh"
    frag.write_text("#!/bin/bash\nexport GO111MODULE=on\n")
    frag.chmod(0o644)
    assert [f.code for f in check_text(str(frag), frag.read_text()).findings] == []
    frag.chmod(0o755)
    assert [f.code for f in check_text(str(frag), frag.read_text()).findings] == ["GE257"]
    user = hack / "test.sh"
    user.write_text("#!/bin/bash\nsource hack/setup-go.sh\nprintf %s \"$GO111MODULE\"\n")
    assert run([bash, str(user)], tmp_path) == "on"
    from goenv_ls.project import clear_scans

    clear_scans()
    assert [f.code for f in check_text(str(frag), frag.read_text()).findings] == []
    # a script of the same name in another folder is not the one `source hack/setup-go.sh` reads
    other = tmp_path / "tools" / "setup-go.sh"
    other.parent.mkdir()
    other.write_text(frag.read_text())
    other.chmod(0o755)
    assert [f.code for f in check_text(str(other), other.read_text()).findings] == ["GE257"]
    # run as a program by a CI step: evidence even without an execute bit
    user.unlink()
    frag.chmod(0o644)
    wf = tmp_path / ".github" / "workflows"
    wf.mkdir(parents=True)
    (wf / "ci.yml").write_text("on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n"
                               "      - run: bash hack/setup-go.sh\n      - run: go test ./...\n")
    clear_scans()
    assert [f.code for f in check_text(str(frag), frag.read_text()).findings] == ["GE257"]


def test_bash_login_reads_only_the_first_profile(tmp_path):
    """bash -l reads the first of .bash_profile, .bash_login, .profile; bash -c reads none, -i reads .bashrc."""
    bash = shell("bash")
    for f in (".bash_profile", ".bash_login", ".profile", ".bashrc"):
        (tmp_path / f).write_text(f"export GOENVLS_SEEN=\"${{GOENVLS_SEEN}}{f} \"\n")
    probe = 'printf %s "$GOENVLS_SEEN"'
    assert run([bash, "-l", "-c", probe], tmp_path).strip() == ".bash_profile"
    (tmp_path / ".bash_profile").unlink()
    assert run([bash, "-l", "-c", probe], tmp_path).strip() == ".bash_login"
    (tmp_path / ".bash_login").unlink()
    assert run([bash, "-l", "-c", probe], tmp_path).strip() == ".profile"
    assert run([bash, "-c", probe], tmp_path).strip() == ""
    assert run([bash, "-i", "-c", probe], tmp_path).strip() == ".bashrc"


def test_zshrc_is_for_interactive_shells_only(tmp_path):
    """zsh reads .zshenv always, .zprofile for login shells and .zshrc only for interactive ones:
    a GOPATH set in .zshrc is invisible to `zsh script` and `zsh -c`."""
    zsh = shell("zsh")
    for f in (".zshenv", ".zprofile", ".zshrc"):
        (tmp_path / f).write_text(f"export GOENVLS_SEEN=\"${{GOENVLS_SEEN}}{f} \"\n")
    probe = 'printf %s "$GOENVLS_SEEN"'
    env = {"ZDOTDIR": str(tmp_path)}
    assert run([zsh, "-c", probe], tmp_path, env).split() == [".zshenv"]
    (tmp_path / "s.zsh").write_text(probe + "\n")
    assert run([zsh, str(tmp_path / "s.zsh")], tmp_path, env).split() == [".zshenv"]
    assert run([zsh, "-l", "-c", probe], tmp_path, env).split() == [".zshenv", ".zprofile"]
    assert run([zsh, "-i", "-c", probe], tmp_path, env).split() == [".zshenv", ".zshrc"]
    # true, but not a finding: the interactive rc is where terminals get it, and nothing in the
    # file shows a consumer that misses it (issue 11: interactive rc files of real dotfiles)
    res = check_text(".zshrc", "export GOPATH=$HOME/go\n")
    assert [f.code for f in res.findings] == []
    assert check_text(".zshenv", "export GOPATH=$HOME/go\n").findings == ()


def test_adapter_values_match_bash(tmp_path):
    """The values goenv-ls computes for exported variables are the ones bash exports."""
    bash = shell("bash")
    text = ("export GOPATH=/srv/go\nexport GOBIN=\"$GOPATH/bin\"\nGOFLAGS='-mod=mod -trimpath'\nexport GOFLAGS\n"
            "export GOPROXY=${GOPROXY:-https://proxy.golang.org,direct}\nexport GOPRIVATE=a.com\\,b.com\n")
    out = run([bash, "-c", text + "env | grep -E '^GO' | sort"], tmp_path)
    real = dict(line.split("=", 1) for line in out.splitlines())
    pf = check_text(".profile", text).parsed
    ours = {}
    for a in pf.assignments:
        ours[a.name] = a.value
    assert {k: ours[k] for k in real} == real


def test_explain_a_file(capsys):
    from goenv_ls.cli import main

    assert main(["--explain", "/home/u/.zshrc"]) == 0
    out = capsys.readouterr().out
    assert "interactive shells only" in out and ".zshenv" in out
    assert main(["--explain", "/etc/environment"]) == 0
    assert "user_readenv" in capsys.readouterr().out
    assert main(["--explain", "systemd-unit"]) == 0
    assert "%h" in capsys.readouterr().out


# --------------------------------------------------------------------------- robustness of the OS adapters

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_OS_PIECES = [
    "GOPATH", "GOFLAGS", "PATH", "export ", "=", "\"", "'", "~", "~/go", "$HOME", "${HOME}", "@{HOME}", "%USERPROFILE%",
    "%h", "%%", "$(", ")", "`", "#", ";", ":", " ", "\t", "\\", "\n", "\r\n", "\r", "[Service]", "[Unit]",
    "Environment=", "EnvironmentFile=", "PassEnvironment=", " DEFAULT=", " OVERRIDE=", "$env:", "${env:GOPATH}",
    " = ", "+=", "[Environment]::SetEnvironmentVariable(", ", 'User')", "\"Machine\"", "set ", "setx ", " /M",
    "@echo off", "REM ", "::", "[HKEY_CURRENT_USER\\Environment]", "\"GOPATH\"=", "hex(2):25,00,41,00,25,00,00,00",
    "hex(2):", ",\\", "<#", "#>", "Set-Item Env:GOPATH ", "go env -w GOPROXY=x", "set -a", "for f (*.zsh)", "${(s.:.)",
    "\x00", "\ufeff", "\u2028", "中文", "\U0001F600", "a", "1",
]
_OS_TEXT = st.one_of(st.lists(st.sampled_from(_OS_PIECES), max_size=50).map("".join), st.text(max_size=200))
_OS_PATHS = {"shell": ".zshrc", "pam-env": "etc/environment", "systemd-unit": "go.service",
             "environment-d": "environment.d/go.conf", "powershell": "profile.ps1", "batch": "setup.bat",
             "reg": "env.reg"}


@pytest.mark.parametrize("kind", sorted(_OS_PATHS))
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(text=_OS_TEXT)
def test_os_adapters_never_crash(kind, text):
    for path in (_OS_PATHS[kind], "home/.pam_environment") if kind == "pam-env" else (_OS_PATHS[kind],):
        src = SourceFile(path, text, kind)
        pf = engine.parse(src)
        assert not any("could not read" in i.message for i in pf.issues), pf.issues
        res = engine.check(src, parsed=pf)
        assert res.errors == ()
        for a in pf.assignments:
            assert 0 <= a.name_span.start <= a.name_span.end <= len(text)
            assert 0 <= a.value_span.start <= a.value_span.end <= len(text)
            assert text[a.name_span.start:a.name_span.end] == a.name or kind in ("reg", "systemd-unit")
        for f in res.findings:
            assert 0 <= f.span.start <= f.span.end <= len(text)
        out, _n, _r = engine.fix_text(src, unsafe=True)
        assert isinstance(out, str)


def test_shadowed_login_profile(tmp_path):
    """bash -l reads .bash_profile and skips .bash_login/.profile (proven above with real bash); goenv-ls
    says so when the sibling exists on disk."""
    (tmp_path / ".bash_profile").write_text("export GOPATH=$HOME/go\n")
    login = tmp_path / ".bash_login"
    login.write_text("export GOFLAGS=-mod=mod\n")
    profile = tmp_path / ".profile"
    profile.write_text("export GOFLAGS=-mod=mod\n")
    for p, extra in ((login, ""), (profile, "display managers")):
        res = check_text(str(p), p.read_text())
        msgs = [f.message for f in res.findings if f.code == "GE254"]
        assert len(msgs) == 1 and "skip" in msgs[0] and extra in msgs[0], msgs
    (tmp_path / ".bash_profile").unlink()
    assert [f.code for f in check_text(str(login), login.read_text()).findings] == []
    res = check_text(str(profile), profile.read_text())
    assert [f.code for f in res.findings] == ["GE254"]  # .bash_login still shadows .profile


def test_fish_export_semantics(tmp_path):
    """fish: `set -g` is not exported, a quoted `~` stays literal, lists of *PATH variables are joined
    with `:`, other lists with spaces, and `set -x NAME` without a value empties NAME."""
    fish = shell("fish")
    script = ('set -g GOFLAGS -mod=mod; set -gx GOPATH "~/go"; set -gx GOMODCACHE /a /b; set -gx GOPRIVATE a b; '
              'set -g GOPROXY off; set -x GOPROXY; '
              'sh -c \'printf "%s|%s|%s|%s|%s" "${GOFLAGS-unset}" "$GOPATH" "$GOMODCACHE" "$GOPRIVATE" '
              '"${GOPROXY-unset}"\'')
    assert run([fish, "-c", script], tmp_path) == "unset|~/go|/a /b|a b|"
    text = script.split("; sh -c")[0].replace("; ", "\n") + "\n"
    res = check_text("config.fish", text)
    codes = sorted((f.code, f.variable) for f in res.findings if f.code in ("GE250", "GE252"))
    assert codes == [("GE250", "GOPATH"), ("GE252", "GOFLAGS")]
    vals = {a.name: a.value for a in res.parsed.assignments}
    assert vals["GOPRIVATE"] == "a b" and vals["GOPROXY"] == ""
    fixed, _n, _r = engine.fix_text(SourceFile("config.fish", text, "shell"), unsafe=True)
    assert "set -x -g GOFLAGS -mod=mod" in fixed and 'set -gx GOPATH "$HOME/go"' in fixed
    out = run([fish, "-c", fixed.replace("\n", "; ") + 'sh -c \'printf "%s|%s" "$GOFLAGS" "$GOPATH"\''],
              tmp_path)
    assert out == f"-mod=mod|{tmp_path}/go"


def test_go_bin_added_through_a_path_array_or_fish_add_path(tmp_path):
    """zsh's `path` array is PATH, and fish's `fish_add_path` / `fish_user_paths` put a directory in
    front of PATH (proven with real zsh and fish): GE258 must not say GOPATH/bin is never added."""
    gobin = tmp_path / "go" / "bin"
    gobin.mkdir(parents=True)
    zsh, fish = shell("zsh"), shell("fish")
    zshrc = 'export GOPATH=$HOME/go\nexport PATH=/usr/local/bin:$PATH\npath+=($GOPATH/bin)\n'
    assert str(gobin) in run([zsh, "-c", zshrc + 'printf %s "$PATH"'], tmp_path).split(":")
    assert [f.code for f in check_text(str(tmp_path / ".zshrc"), zshrc).findings] == []
    env_fish = "set -gx GOPATH $HOME/go\nset -gx PATH /usr/local/bin $PATH\nfish_add_path -g $GOPATH/bin\n"
    out = run([fish, "-c", env_fish + 'printf "%s\\n" $PATH'], tmp_path)
    assert str(gobin) in out.split()
    assert [f.code for f in check_text(str(tmp_path / "conf.d" / "env.fish"), env_fish).findings] == []
    users = "set -gx GOPATH $HOME/go\nset -gx PATH /usr/local/bin $PATH\nset -g fish_user_paths $GOPATH/bin\n"
    out = run([fish, "-c", users + 'printf "%s\\n" $PATH'], tmp_path)
    assert str(gobin) in out.split()
    assert [f.code for f in check_text(str(tmp_path / "conf.d" / "env.fish"), users).findings] == []
    # a fish_add_path of another directory does not add GOPATH/bin
    other = "set -gx GOPATH $HOME/go\nset -gx PATH /usr/local/bin $PATH\nfish_add_path -g ~/.cargo/bin\n"
    assert [f.code for f in check_text(str(tmp_path / "conf.d" / "env.fish"), other).findings] == ["GE258"]
    # the directory spelled out: `set -x GOPATH ~/Developer/Go` then `fish_add_path -p ~/Developer/Go/bin`
    spelled = "set -x GOPATH ~/Developer/Go\nfish_add_path -p ~/Developer/Go/bin\nfish_add_path -p ~/.cargo/bin/\n"
    assert [f.code for f in check_text(str(tmp_path / "fish" / "config.fish"), spelled).findings] == []
    # the same in zsh with $HOME for ~
    zspelled = 'export GOPATH="$HOME/code/go"\nexport PATH="/usr/local/bin:$PATH"\npath=(~/code/go/bin $path)\n'
    assert [f.code for f in check_text(str(tmp_path / ".zshrc"), zspelled).findings] == []


def test_export_only_script_in_a_repository_past_the_scan_bounds_is_not_judged(tmp_path, monkeypatch):
    """Past the project scan's bounds a file that sources the script may be among those not
    read: no evidence either way, so GE257 stays silent."""
    from goenv_ls import project

    (tmp_path / ".git").mkdir()
    for i in range(5):
        (tmp_path / f"lib{i}.sh").write_text("#!/bin/sh\necho hi\n")
    s = tmp_path / "setup-go.sh"
    s.write_text("#!/bin/sh\nexport GOFLAGS=-mod=mod\n")
    s.chmod(0o755)
    project.clear_scans()
    assert [f.code for f in check_text(str(s), s.read_text()).findings] == ["GE257"]
    monkeypatch.setattr(project, "MAX_SCAN_FILES", 3)
    project.clear_scans()
    assert project.script_use(str(s)) == "unknown"
    assert [f.code for f in check_text(str(s), s.read_text()).findings] == []
    project.clear_scans()


def test_setx_quoted_name_span_is_the_name():
    """`setx "GOPATH" value`: cmd takes the name inside the quotes; the name's span is that name
    (a fix or a finding on it must not cover the quotes), and quotes inside a name are no name."""
    text = 'setx "GOPATH" C:\\go\nsetx G"OPATH" x\n'
    pf = engine.parse(SourceFile("build.bat", text, "batch"))
    assert [(a.name, text[a.name_span.start:a.name_span.end], a.value) for a in pf.assignments] == [
        ("GOPATH", "GOPATH", "C:\\go")]


@pytest.mark.parametrize("sh", SHELLS)
def test_unexported_variable_echoed_to_the_terminal_is_still_not_exported(sh, tmp_path):
    """`GOOS=$1; echo "GOOS=$GOOS"; go build`: the echo only shows the value, the go command
    still does not get it (GE252); an echo into a file, a pipe or `$(...)` hands the value on
    (`>> "$GITHUB_ENV"`), so the variable is the script's own there (no GE252)."""
    exe = shell(sh)
    bindir = tmp_path / "bin"
    bindir.mkdir()
    fake_go = bindir / "go"
    fake_go.write_text('#!/bin/sh\nprintf "go sees %s" "${GOOS-unset}"\n')
    fake_go.chmod(0o755)
    script = '#!/bin/sh\nGOOS=$1\necho "GOOS=$GOOS"\ngo build .\n'
    s = tmp_path / "build.sh"
    s.write_text(script)
    out = run([exe, str(s), "windows"], tmp_path, {"PATH": f"{bindir}:/usr/bin:/bin"})
    assert out == "GOOS=windows\ngo sees unset"
    res = check_text(str(s), script)
    assert [(f.code, f.variable, script[f.span.start:f.span.end]) for f in res.findings] == [("GE252", "GOOS", "GOOS")]
    assert script[:res.findings[0].span.start].count("\n") == 1  # line 2, the assignment
    for handed_on in ('echo "GOOS=$GOOS" >> "$GITHUB_ENV"', 'echo "GOOS=$GOOS" | tee goos.txt',
                      'printf "%s\\n" "$GOOS" > goos.txt'):
        text = script.replace('echo "GOOS=$GOOS"', handed_on)
        assert [f.code for f in check_text(str(s), text).findings if f.code == "GE252"] == [], handed_on


# tree-sitter-bash (0.25.1) reads the first words of a line as arguments of the previous line's last
# command after a pipeline of three stages when the new line has a redirect, or after two stages when
# it goes on with `&&` (upstream issues #347, #316). The adapter reads such lines again, split.
MERGED_LINES = [
    "a 1 | b 2 | c 3\nd 4 >out\n",
    "a 1 | b 2 | c 3 # note\nd 4 2>/dev/null\n",
    "a 1 | b 2 | c 3\n\n# a comment\nd 4 <in\n",
    "a 1 | b 2\nd 4 && c 3\n",
    "if true; then\n  a 1 | b 2 | c 3 \\\n    5\n  d 4 >out\nfi\n",
    "(a 1 | b 2 | c 3\nd 4 >out)\n",
    "a 1 | b 2 | c 3\r\nd 4 >out\r\n",
]


@pytest.mark.parametrize("script", MERGED_LINES)
def test_commands_split_as_bash_runs_them(script, tmp_path):
    """Each command the adapter reads is one bash runs, with the same words (stub programs log
    their argv; pipeline stages run at once, so the logs are compared as sorted lists)."""
    bash = shell("bash")
    bindir = tmp_path / "bin"
    bindir.mkdir()
    log = tmp_path / "log"
    for name in "abcd":
        stub = bindir / name
        stub.write_text(f'#!/bin/sh\nprintf "%s\\n" "{name} $*" >>"{log}"\n')
        stub.chmod(0o755)
    (tmp_path / "in").write_text("")
    s = tmp_path / "s.sh"
    s.write_bytes(("#!/bin/bash\n" + script).encode())
    run([bash, str(s)], tmp_path, {"PATH": f"{bindir}:/usr/bin:/bin"})
    real = sorted(log.read_text().splitlines())
    assert len(real) == 4, real
    res = check_text(str(s), s.read_text())
    ours = sorted(" ".join(w or "?" for w in c.words) for c in res.parsed.commands if c.words and c.words[0] in tuple("abcd"))
    assert ours == real


def test_merged_line_finding_end_to_end(tmp_path):
    """`CGO_ENABLED=false go build` on the line after a three-stage pipeline is still a command
    (GE102), not arguments of `tr`."""
    import sys
    s = tmp_path / "build.sh"
    s.write_text('#!/bin/sh\ngit describe --tags | sed "s/^v//" | tr -d "\\n"\n'
                 'CGO_ENABLED=false go build -o bin/app . >build.log\n')
    p = subprocess.run([sys.executable, "-m", "goenv_ls", "--check", "--format", "json", str(s)],
                       capture_output=True, text=True, timeout=120)
    import json
    got = [(f["code"], f["line"], f["column"]) for f in json.loads(p.stdout)]
    assert got == [("GE102", 3, 13)]


@pytest.mark.parametrize("sh", SHELLS)
def test_gopath_read_in_a_heredoc_written_to_a_file(sh, tmp_path):
    """`cat <<EOF > f` expands `$GOPATH` in the body: with Go's default GOPATH never exported the
    file gets `/bin` (GE260 at the expansion); a quoted delimiter keeps `$GOPATH` literal, and a
    heredoc shown on the terminal is a message (neither is reported)."""
    exe = shell(sh)
    script = '#!/bin/sh\ncat <<EOF > out.cfg\ndir = "$GOPATH/bin"\nEOF\n'
    s = tmp_path / "cfg.sh"
    s.write_text(script)
    run([exe, str(s)], tmp_path)
    assert (tmp_path / "out.cfg").read_text() == 'dir = "/bin"\n'
    res = check_text(str(s), script)
    assert [(f.code, script[f.span.start:f.span.end]) for f in res.findings] == [("GE260", "$GOPATH")]
    for other in (script.replace("<<EOF", "<<'EOF'"), script.replace(" > out.cfg", "")):
        assert [f.code for f in check_text(str(s), other).findings if f.code == "GE260"] == [], other


@pytest.mark.parametrize("sh", SHELLS)
def test_setting_held_by_a_variable_is_not_an_assignment(sh, tmp_path):
    """`$FLAG GOOS=linux go build` with FLAG="GOAMD64=v1" runs a program called `GOAMD64=v1`, and
    with FLAG="" one called `GOOS=linux`: neither reaches go (GE261 on the expansion); literal
    `GOAMD64=$LEVEL GOOS=linux go ...` and `env $FLAG ...` do."""
    exe = shell(sh)
    bindir = tmp_path / "bin"
    bindir.mkdir()
    fake_go = bindir / "go"
    fake_go.write_text('#!/bin/sh\nprintf "go sees %s/%s" "${GOAMD64-unset}" "${GOOS-unset}"\n')
    fake_go.chmod(0o755)
    path = {"PATH": f"{bindir}:/usr/bin:/bin"}
    for flag in ('"GOAMD64=v1"', '""'):
        script = f'#!/bin/sh\nFLAG={flag}\n$FLAG GOOS=linux go build .\n'
        s = tmp_path / "b.sh"
        s.write_text(script)
        p = subprocess.run([exe, str(s)], env={**path, "HOME": str(tmp_path)}, cwd=str(tmp_path),
                           capture_output=True, text=True, timeout=30)
        assert "go sees" not in p.stdout and p.returncode != 0, (flag, p)
        res = check_text(str(s), script)
        assert [(f.code, script[f.span.start:f.span.end]) for f in res.findings] == [("GE261", "$FLAG")], flag
    good = '#!/bin/sh\nLEVEL=v1\nFLAG="GOAMD64=v1"\nGOAMD64=$LEVEL GOOS=linux go build .\nenv $FLAG GOOS=linux go build .\n'
    s.write_text(good)
    assert run([exe, str(s)], tmp_path, path) == "go sees v1/linuxgo sees v1/linux"
    assert [f.code for f in check_text(str(s), good).findings if f.code == "GE261"] == []
    sudo = '#!/bin/sh\nSUDO=sudo\n$SUDO GOOS=linux go build .\n'  # a variable holding a command: silent
    assert [f.code for f in check_text(str(s), sudo).findings if f.code == "GE261"] == []


def test_fish_set_continued_over_lines():
    # `set -gx PATH \` with one directory per line is one statement: its value spans the lines
    text = ("set -gx PATH \\\n  /opt/homebrew/bin \\\n  ~/bin \\\n  ~/go/bin \\\n  /usr/bin\n"
            "set -gx GOPATH ~/go /data/src  # go install writes to the first entry's bin\n"
            "set -gx EDITOR nvim\n")
    res = check_text(".config/fish/config.fish", text)
    (path,) = [a for a in res.parsed.assignments if a.name == "PATH"]
    assert text[path.value_span.start:path.value_span.end].endswith("/usr/bin")
    assert "~/go/bin" in path.raw and "\\" not in path.raw.replace("\\\n", "")
    assert [a.name for a in res.parsed.assignments] == ["PATH", "GOPATH", "EDITOR"]
    assert [f.code for f in res.findings if f.code == "GE258"] == []
    # without the Go directory among the lines, GOPATH's bin is missing from PATH
    res = check_text(".config/fish/config.fish", text.replace("  ~/go/bin \\\n", ""))
    assert [f.code for f in res.findings if f.code == "GE258"] == ["GE258"]
