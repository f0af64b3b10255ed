"""What a file's text says about its kind, where its name does not settle it.

Detection goes name first, then content (formats.detect): these are the content tests.
Each one is deliberately narrow - a file read as the wrong kind yields false findings,
a file left unread yields none - and runs on the head of the file only.
"""

from __future__ import annotations

import re
from typing import Optional

HEAD = 16384  # characters of the text the tests look at

# Template and generator suffixes after a name goenv-ls knows (`Dockerfile.erb`,
# `.bashrc.j2`, `config.env.tmpl`, `build.sh.in`): the file is the input of a template
# engine, not the file its name promises.
TEMPLATE_SUFFIXES = (".erb", ".j2", ".jinja", ".jinja2", ".tmpl", ".tpl", ".template", ".in", ".gotmpl",
                     ".mustache", ".hbs", ".liquid", ".njk", ".tt", ".ejs", ".eex", ".epp")

# template syntax: Jinja/Go/Mustache/Handlebars `{{ }}` and `{% %}`, ERB/EJS/EEx `<% %>`,
# autoconf/CMake `@NAME@` substitutions, C preprocessor lines (buildah runs cpp on
# `Containerfile.in`: `#include "Containerfile"`, `#if`)
_TEMPLATE_MARK = re.compile(r"\{\{|\{%|<%|@[A-Za-z_][A-Za-z0-9_]*@|"
                            r"^[ \t]*#[ \t]*(?:include|define|undef|ifdef|ifndef|if|elif|endif)\b", re.M)

# shells, and OpenRC's runner of sh init scripts
_SHELLS = ("sh", "bash", "zsh", "ksh", "mksh", "dash", "ash", "fish", "busybox", "openrc-run")
_SHEBANG = re.compile(r"#!\s*(?:\S*/)?(?:env\s+(?:-\S+\s+)*)?(?:\S*/)?(?P<prog>[A-Za-z0-9_.+-]+)")

# a line of shell that is not a plain KEY=value
_SHELL_ONLY = re.compile(
    r"^\s*(?:export\s+[A-Za-z_]|if\s|if\[|then\b|fi\b|elif\s|else\b|for\s+\w+\s+in\b|while\s|until\s|do\b|done\b|"
    r"case\s.+\sin\b|esac\b|function\s+[\w:.-]+|[\w:.-]+\s*\(\)\s*\{?|source\s+\S|\.\s+\S|alias\s+\S+=|unset\s+\w|"
    r"set\s+-[a-zA-Z]|\[\[?\s|local\s+\w|readonly\s+\w|declare\s|typeset\s|setopt\s|autoload\s|"
    r"eval\s|echo\s|printf\s|test\s|cd\s|mkdir\s|command\s|hash\s|ulimit\s|umask\s|shopt\s|bindkey\s|zstyle\s)"
)
# command substitution; not `${VAR:-default}`, which Docker Compose also expands in env files
_SHELL_ANYWHERE = re.compile(r"\$\(|`[^`]+`")
_ASSIGN = re.compile(r"^\s*[A-Za-z_][A-Za-z0-9_]*\+?=")

_DOCKER_INSTR = re.compile(
    r"^\s*(FROM|RUN|COPY|ADD|ENV|ARG|WORKDIR|CMD|ENTRYPOINT|EXPOSE|USER|LABEL|VOLUME|SHELL|HEALTHCHECK|"
    r"STOPSIGNAL|ONBUILD|MAINTAINER)\s", re.IGNORECASE)


def _lines(text: str) -> list[str]:
    return text[:HEAD].splitlines()


def _significant(text: str) -> list[str]:
    return [ln for ln in _lines(text) if ln.strip() and not ln.lstrip().startswith("#")]


def has_template_syntax(text: str) -> bool:
    return bool(_TEMPLATE_MARK.search(text[:HEAD]))


# a line that is nothing but a template engine's control tag (`{{- range $i, $m := .Mounts }}`,
# `{{ end -}}`, `{% if x %}`) or an envsubst placeholder for whole lines (`${LABELS}`): no env
# file or Dockerfile has such a line, the input of a template engine does
_TEMPLATE_CONTROL_LINE = re.compile(r"^[ \t]*(?:\{\{-?[ \t]*(?:range|if|else|end|with|define|block|template)\b[^\n]*\}\}"
                                    r"|\{%[^\n]*%\}|\$\{[A-Za-z_][A-Za-z0-9_]*\})[ \t]*\r?$", re.M)


def has_template_control_line(text: str) -> bool:
    return bool(_TEMPLATE_CONTROL_LINE.search(text[:HEAD]))


def template_base(base: str) -> Optional[str]:
    """``Dockerfile`` for ``Dockerfile.j2``; None when the name has no template suffix."""
    low = base.lower()
    for suf in TEMPLATE_SUFFIXES:
        if low.endswith(suf) and len(base) > len(suf):
            return base[: -len(suf)]
    return None


def shebang_shell(text: str) -> Optional[str]:
    """The shell a `#!` line names (`sh`, `bash`, `zsh`, ...), or None."""
    if not text.startswith("#!"):
        return None
    m = _SHEBANG.match(text.split("\n", 1)[0])
    if not m:
        return None
    prog = m.group("prog")
    prog = re.sub(r"[0-9.]+$", "", prog) or prog  # bash5, ksh93
    return prog if prog in _SHELLS else None


# lines of the formats a file named like a profile may really be: INI sections, YAML/TOML
# keys, JSON, XML; a plain command line (`zinit light x/y`) is no evidence either way
_NOT_SHELL = re.compile(r"^\s*(?:\[[^\]\s]+\]\s*$|[A-Za-z0-9_.-]+\s*:(?:\s|$)|[A-Za-z0-9_.-]+\s+=\s|[{<]\s*[\"A-Za-z!?]|\"[^\"]*\"\s*:|-\s+\S+:)")


def shell_score(text: str) -> tuple[int, int, int]:
    """(lines only a shell reads, plain `KEY=value` lines, lines of another format)."""
    shell = plain = other = 0
    for ln in _significant(text):
        if _SHELL_ONLY.match(ln) or _SHELL_ANYWHERE.search(ln):
            shell += 1
        elif _ASSIGN.match(ln):
            plain += 1
        elif _NOT_SHELL.match(ln):
            other += 1
    return shell, plain, other


def is_shell_env_file(text: str) -> bool:
    """A `*.env` file that a shell sources: it uses `export`, `$(...)`, `if`, functions.
    A plain list of KEY=value lines stays a dotenv file."""
    shell, _plain, other = shell_score(text)
    return shell > 0 and other <= shell


def looks_like_shell(text: str) -> bool:
    """Text that is a shell startup file or sourced script (a profile stored without its dot,
    `.exports`): mostly shell lines, at least one of them more than `KEY=value`."""
    if shebang_shell(text):
        return True
    if text.startswith("#!"):
        return False  # another interpreter
    shell, plain, other = shell_score(text)
    total = shell + plain + other
    return shell > 0 and total > 0 and (shell + plain) >= 0.8 * total


def starts_like_dockerfile(text: str) -> bool:
    """The first line that is not blank or a comment is a Dockerfile instruction (or there is none)."""
    sig = _significant(text)
    return not sig or _DOCKER_INSTR.match(sig[0]) is not None


def looks_like_dockerfile(text: str) -> bool:
    """A first instruction `FROM` (or `ARG`s and then a `FROM`), and at least one more
    Dockerfile instruction."""
    sig = _significant(text)
    if not sig:
        return False
    m0 = _DOCKER_INSTR.match(sig[0])
    if m0 is None or m0.group(1).upper() not in ("FROM", "ARG"):
        return False
    kinds = [m.group(1).upper() for m in (_DOCKER_INSTR.match(ln) for ln in sig) if m is not None]
    first_from = next((ln for ln in sig if (m := _DOCKER_INSTR.match(ln)) and m.group(1).upper() == "FROM"), None)
    return "FROM" in kinds and len(kinds) >= 2 and _from_shape(first_from)


def _from_shape(line: Optional[str]) -> bool:
    """`FROM [--flag=...] image [AS name]`: a Python `from x import y` has another shape."""
    if line is None:
        return False
    words = [w for w in line.split()[1:] if not w.startswith("--")]
    if not words or words[-1] == "\\":
        return True  # the rest is on the next line
    return len(words) == 1 or (len(words) == 3 and words[1].lower() == "as")


# keys of $GOROOT/go.env and the `go env -w` file
def has_go_keys(text: str) -> bool:
    """Whether a file named go.env is Go's: it sets a Go variable, or nothing at all (else it
    is an app's dotenv)."""
    from ..facts.variables import VARIABLES

    keys = 0
    for ln in _lines(text):
        s = ln.strip()
        if not s or s.startswith("#") or "=" not in s:
            continue
        key = s.split("=", 1)[0].strip()
        if key.startswith("export ") or key.startswith("export\t"):
            key = key[6:].strip()
        keys += 1
        up = key.upper()
        if up in VARIABLES or up.startswith(("GO", "CGO_")):
            return True
    return keys == 0  # only comments (a fresh $GOROOT/go.env): still Go's file


_LAUNCHD_LABEL = re.compile(r"<key>\s*Label\s*</key>")


def is_launchd_plist(text: str) -> bool:
    """launchd requires a `Label`; an app bundle's Info.plist or an editor's settings plist has none."""
    return bool(_LAUNCHD_LABEL.search(text)) or (text.startswith("bplist") and "Label" in text)


_SYSTEMD_SECTION = re.compile(r"^\[(?:Unit|Service|Socket|Install|Timer|Path|Mount)\][ \t]*$", re.M)
_SYSTEMD_KEY = re.compile(r"^(?:Environment|EnvironmentFile|ExecStart|ExecStartPre|Type|Description)=", re.M)


def is_systemd_unit(text: str) -> bool:
    """A systemd unit or drop-in under another name (`10-kubeadm.conf` outside `*.service.d/`):
    a systemd section header and a systemd key."""
    head = text[:HEAD]
    return bool(_SYSTEMD_SECTION.search(head) and _SYSTEMD_KEY.search(head))


_K8S_API = re.compile(r"^apiVersion:[ \t]*\S", re.M)
_K8S_WORKLOAD = r"(?:Pod|Deployment|StatefulSet|DaemonSet|ReplicaSet|ReplicationController|Job|CronJob|PodTemplate)"
_K8S_KIND = re.compile(r"^kind:[ \t]*[\"']?" + _K8S_WORKLOAD + r"[\"']?[ \t]*(?:#.*)?\r?$", re.M)
_K8S_LIST = re.compile(r"^kind:[ \t]*[\"']?[A-Za-z]*List[\"']?[ \t]*\r?$", re.M)
_K8S_ITEM_KIND = re.compile(r"^[ \t-]+kind:[ \t]*[\"']?" + _K8S_WORKLOAD + r"[\"']?[ \t]*\r?$", re.M)


# a Jinja/Nunjucks/Liquid tag (`{% raw %}`, `{% if x %}`, `{%- for ... %}`); Go templates (Helm)
# never write `{%`
_JINJA_TAG = re.compile(r"\{%-?[ \t]*(?:raw|endraw|if|elif|else|endif|for|endfor|set|include|import|from|macro|"
                        r"endmacro|block|endblock|extends|with|endwith|filter|endfilter|call|endcall|comment|"
                        r"endcomment|capture|endcapture|unless|endunless|case|when|endcase)\b")


def is_kubernetes(text: str) -> bool:
    """A Kubernetes manifest with a workload: `apiVersion:` and `kind: Deployment` (Pod,
    StatefulSet, ...) at the top level of a document, or a `List` of such items. Other YAML
    (CI pipelines, Compose, other tools' `apiVersion`/`kind` files) has no such pair. A manifest
    written as a Jinja or Liquid template (a docs snippet wrapped in `{% raw %}`, an Ansible
    template without its `.j2`) is not one: its YAML is known only after rendering (Helm's
    `{{ }}` actions are read by the adapter)."""
    head = text[:HEAD]
    if not _K8S_API.search(head) or _JINJA_TAG.search(head):
        return False
    return bool(_K8S_KIND.search(head) or (_K8S_LIST.search(head) and _K8S_ITEM_KIND.search(head)))


_MANAGER_SECTION = re.compile(r"^\[Manager\][ \t]*\r?$", re.M)
_MANAGER_ENV = re.compile(r"^[ \t]*(?:Default|Manager)Environment[ \t]*=", re.M)


def is_systemd_manager(text: str) -> bool:
    """systemd's manager configuration under another name (a system.conf.d drop-in kept in a
    repository's packaging folder): a `[Manager]` section that sets environment variables."""
    head = text[:HEAD]
    return bool(_MANAGER_SECTION.search(head) and _MANAGER_ENV.search(head))


# a comment's body stops at its first `-->` (XML forbids `--` inside one), so the repeated
# comment group has one way to match and stays linear
_XML_PROLOG = re.compile(r"\A\ufeff?\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--[^-]*(?:-(?!->)[^-]*)*-->\s*)*<service\s*>")


def is_winsw(text: str) -> bool:
    """WinSW's service configuration: the root element is `<service>` and it names an
    `<executable>` (other XML with a `<service>` root, such as a WCF config, has none)."""
    head = text[:HEAD]
    return bool(_XML_PROLOG.match(head)) and "<executable>" in head
