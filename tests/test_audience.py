"""Every way of setting a variable says who sees it (hover's second line)."""

from __future__ import annotations

from goenv_ls.audience import AUDIENCE, BY_KIND, BY_ROLE, who_sees
from goenv_ls.formats import KINDS
from goenv_ls.formats.shell_files import _STARTUP
from goenv_ls.model import Mechanism


def test_every_mechanism_has_an_audience_line():
    missing = [m.name for m in Mechanism if not AUDIENCE.get(m)]
    assert not missing, f"add a line to goenv_ls.audience.AUDIENCE for {missing}"


def test_lines_are_one_sentence_group_without_newlines():
    for line in [*AUDIENCE.values(), *BY_KIND.values(), *BY_ROLE.values()]:
        assert "\n" not in line and line.startswith(("Seen", "Prepended")), line


def test_kind_and_role_refinements_name_real_kinds_and_roles():
    kinds = {k.name for k in KINDS}
    assert {kind for _m, kind in BY_KIND} <= kinds
    roles = {role for _shells, role in _STARTUP.values()} | {"script", "sourced"}
    assert set(BY_ROLE) <= roles | {"logout"}, set(BY_ROLE) - roles


def test_refinement_order():
    assert who_sees(Mechanism.EXPORT, "shell", "login").startswith("Seen by login shells")
    assert who_sees(Mechanism.EXPORT, "dockerfile") == BY_KIND[(Mechanism.EXPORT, "dockerfile")]
    # a kind without a refinement gets the mechanism's line
    assert who_sees(Mechanism.EXPORT, "powershell") == AUDIENCE[Mechanism.EXPORT]
    assert who_sees(None) is None
