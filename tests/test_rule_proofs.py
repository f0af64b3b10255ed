"""Every rule's claim about Go is proven against the real toolchain, or says what proves it instead."""

import re
from pathlib import Path

from goenv_ls.rule import all_rules

ORACLE = Path(__file__).parent / "oracle"

# Rules whose claims are not about what the go command or a Go program does, with what proves them.
NOT_GO_CLAIMS = {
    "GE001": "BuildKit/python-dotenv/YAML syntax: tests/test_buildkit_conformance.py, test_ci_yaml.py",
    "GE002": "goenv-ls's own suppression comments, no claim about Go: tests/test_suppressions.py",
    "GE105": "Alpine packaging advice; the libc facts behind it are proven for GE101",
    "GE108": "where a variable reaches (start-up files, go env files); -race needs cgo is proven for GE104, "
             "the go-sqlite3 stub for GE106",
    "GE110": "the race runtime of Go before 1.15 linking only against glibc: golang/go#14481 (fixed for Go 1.15) and "
             "the link errors quoted there, cited; Go 1.14 and a musl system cannot run here; -race needing cgo is "
             "proven for GE104, the missing C compiler for GE103",
    "GE201": "every RUN is a new shell: tests/test_shell_files.py runs bash (export in a child shell)",
    "GE204": "CI step shells: cited from the CI docs; bash behaviour run in tests/test_ci_yaml.py",
    "GE205": "same Go precedence as GE202 (proven there); the CI part is cited from the CI docs",
    "GE206": "GitHub Actions step env scoping, cited from the GitHub docs",
    "GE207": "PowerShell syntax (PowerShell cannot be installed here), cited from its docs",
    "GE208": "GOOS/GOARCH validity: the same facts/ports.py table GE401 proves against go1.27.3",
    "GE209": "GoReleaser cross builds; the cgo-without-compiler failure is proven for GE103",
    "GE210": "GitHub PATH persistence, cited from the setup-go and GitHub docs",
    "GE211": "YAML number parsing: tests/test_ci_yaml.py",
    "GE220": "GitHub's runner refusing ::set-env/::add-path, cited from actions/runner; the fix's output is "
             "run in bash in tests/test_ci_workflow_commands.py",
    "GE404": "BuildKit's platform arguments (a FROM without --platform is the target platform, the target defaults "
             "to the build platform), cited from the Dockerfile reference and buildkit's dockerfile2llb/platform.go; "
             "GOARCH selecting the binary's architecture is proven for GE401/GE402",
    "GE510": "derived from Go's source (parseGOVCS, cmd/go/internal/vcs/vcs.go): Go only parses GOVCS on a "
             "direct VCS fetch, which needs a version control server this sandbox cannot offer",
    "GE230": "BuildKit consumes a build argument only through an ARG: cited from the Dockerfile reference "
             "(Docker is not installed here); the Compose/devcontainer/Bake reading is tested in tests/test_compose.py",
    "GE221": "which contexts GitHub Actions provides at each workflow/job key (strategy, runs-on, env ...), cited "
             "from GitHub's context availability table; GitHub's runner cannot run here; end to end in "
             "tests/test_ci_context_rules.py",
    "GE232": "a docker build gets only the build arguments its command line passes (`--build-arg NAME` takes the "
             "client's value), cited from Docker's `docker buildx build` reference (no daemon here); end to end in "
             "tests/test_ci_context_rules.py",
    "GE231": "what reaches a container: `docker run --help` (Docker 28.2.2 client here, no daemon) lists `-e, --env` "
             "and `--env-file` as the ways to set its environment; the cgo-on glibc link that a lost CGO_ENABLED=0 "
             "causes is proven for GE101/GE109",
    "GE253": "same Go precedence as GE202 (proven there); shell start-up files run in tests/test_shell_files.py",
    "GE254": "which start-up files a shell reads: real bash/zsh runs in tests/test_shell_files.py",
    "GE256": "Windows persistence (setx, registry), cited from Microsoft's docs",
    "GE257": "executed vs sourced scripts: real bash runs in tests/test_shell_files.py",
    "GE258": "PATH lookup order: real shells in tests/test_shell_files.py",
    "GE614": "the Kubernetes API's EnvVar.value is a string (k8s.io/api core/v1 types.go), cited; no cluster here",
    "GE261": "which words of a command are assignments (only literal NAME=value words before the command word, "
             "decided before expansion): bash, dash and zsh run in tests/test_shell_files.py",
    "GE265": "NSSM stores the whole AppEnvironment[Extra] block on each `nssm set` (NSSM's README: `+KEY` adds a pair "
             "since 2.25), cited; NSSM cannot run here",
    "GE811": "what actions/setup-go does without a version (uses the Go on PATH) and that v6 exports "
             "GOTOOLCHAIN=local: read from its source (main.ts resolveVersionInput, setGoToolchain); GOTOOLCHAIN=local "
             "refusing a newer go.mod is proven for GE808",
    "GE615": "GODEBUG defaults follow the main module's go line (doc/godebug.md); each setting's Changed release "
             "and old value come from Go's table.go (facts/godebug.py, its names checked on the toolchains for GE601)",
    "GE815": "what actions/setup-go does with a `go-version` range and check-latest off (the tool cache first: "
             "src/installer.ts getGo, tc.find before any download) and that v6 exports GOTOOLCHAIN=local: read from "
             "its source; GOTOOLCHAIN=local refusing a newer go.mod patch is proven for GE808",
    "GE813": "a go.mod `go` line newer than the Go that runs: refused under GOTOOLCHAIN=local, proven for GE808; "
             "asdf/mise putting the pinned `go` first on PATH is theirs (asdf-golang bin/exec-env), cited",
    "GE814": "asdf-golang downloads exactly go${version}.<os>-<arch>.tar.gz and fails on a 404 (its bin/download), "
             "and Go names the first release of a line 1.N.0 since Go 1.21, cited; no network here",
    "GE263": "a loop variable named os/goos is not GOOS: the go command takes the target OS from GOOS only and "
             "defaults to the host's (go-env-facts: GOOS is the target OS, GOHOSTOS the default), cited; the loop "
             "and array reading: tests/test_goos_loop.py",
    "GE266": "Start-Process -Environment overrides the inherited environment key by key, $null unsets "
             "(Microsoft's Start-Process reference), cited; PowerShell cannot be installed here",
    "GE259": "launchctl's subcommands (setenv key value), cited from `man launchctl`; macOS is not available here",
    "GE270": "what GNU make exports to recipe commands: make 4.3 run in tests/test_makefile.py",
    "GE271": "one shell per recipe line (and .ONESHELL): make 4.3 run in tests/test_makefile.py",
    "GE272": "what the Go extension expands in go.testEnvVars, read from vscode-go's source (testUtils.ts "
             "getTestEnvVars vs goEnv.ts newEnvironment): tests/test_vscode_settings.py",
}


# Facts about the world outside Go that a rule states and no test here can reach, with the
# operator's statement that proves each; the rule's own docs must cite the same source.
CITED_FACTS = {
    "GE515": ("jfrog.com/blog/into-the-sunset-bintray-jcenter-gocenter-and-chartcenter/",
              "JFrog ended GoCenter (gocenter.io) on 2021-05-01 with Bintray and JCenter (the announcement, quoted by "
              "InfoQ 2021-02: 'we will be sunsetting Bintray (including JCenter), GoCenter, and ChartCenter services "
              "on May 1st, 2021'); Go's fallback past a dead entry is proven in "
              "tests/oracle/test_goproxy_fallback_oracle.py"),
}


def test_cited_facts_are_cited_in_the_rule_docs():
    docs = {r.code: r.doc for r in all_rules()}
    for code, (source, _why) in CITED_FACTS.items():
        assert code in docs, f"{code} names no rule"
        assert source in docs[code], f"{code}'s docs do not cite {source}"


def _proven() -> set[str]:
    codes: set[str] = set()
    for f in ORACLE.glob("*.py"):
        for m in re.finditer(r"@proves\(([^)]*)\)", f.read_text(encoding="utf-8")):
            codes |= set(re.findall(r"GE\d{3}", m.group(1)))
    return codes


def test_every_rule_is_proven_or_explained():
    proven = _proven()
    missing = [r.code for r in all_rules() if r.code not in proven and r.code not in NOT_GO_CLAIMS]
    assert not missing, f"rules with no oracle proof and no stated reason: {missing}"


def test_no_stale_exemptions():
    codes = {r.code for r in all_rules()}
    assert set(NOT_GO_CLAIMS) <= codes
    assert not (set(NOT_GO_CLAIMS) & _proven()), "an exempted rule now has an oracle test: drop the exemption"
