"""Make variables a makefile's recipes see when the file includes another makefile, or sets
target-specific values (formats/makefile.py): an `include` of a file beside the makefile
leaves unknown only the names that file sets, and a target's own `T: NAME = v` reaches only
the recipes of its prerequisites (make passes target-specific values down, never sideways)."""

from __future__ import annotations

from goenv_ls.formats import adapter
from goenv_ls.model import SourceFile

MAKEFILE = ("TARGETS = darwin/amd64 linux/amd64\nGOFLAGS :=\n\ninclude versioning.mk\n\n"
            "build-cross:\n\tgox -osarch='$(TARGETS)' $(GOFLAGS) ./cmd/app\n")


def words(tmp_path, text: str, program: str = "gox") -> tuple:
    path = tmp_path / "Makefile"
    path.write_text(text)
    pf = adapter("makefile")(SourceFile(str(path), text, "makefile"))
    c = next(c for c in pf.commands if c.program == program)
    # a word goenv-ls cannot know stands as "?"
    return tuple("?" if i in (c.facts.get("unknown_words") or ()) else w for i, w in enumerate(c.words))


def test_an_include_leaves_unknown_only_the_names_it_sets(tmp_path):
    (tmp_path / "versioning.mk").write_text("VERSION ?= canary\nifdef VERSION\n\tDOCKER_VERSION = $(VERSION)\nendif\n"
                                            "LDFLAGS += -X main.v=$(VERSION)\n")
    assert "-osarch=darwin/amd64 linux/amd64" in words(tmp_path, MAKEFILE)
    # the included file sets TARGETS: its value is the included file's, not known here
    (tmp_path / "versioning.mk").write_text("TARGETS := linux/arm64\n")
    assert not any(w.startswith("-osarch=") for w in words(tmp_path, MAKEFILE))


def test_an_include_that_cannot_be_read_may_set_anything(tmp_path):
    assert not any(w.startswith("-osarch=") for w in words(tmp_path, MAKEFILE))  # no such file
    for text in ("$(eval X := 1)\n", "include other.mk\n", "$(NAME)_FLAGS = -v\n", "define T\nx\nendef\n"):
        (tmp_path / "versioning.mk").write_text(text)
        assert not any(w.startswith("-osarch=") for w in words(tmp_path, MAKEFILE)), text


def test_a_target_specific_value_reaches_only_its_prerequisites(tmp_path):
    (tmp_path / "versioning.mk").write_text("VERSION ?= canary\n")
    other = "\ndocker-binary: GOFLAGS += -a -installsuffix cgo\ndocker-binary:\n\tgo build ./cmd/app\n"
    # build-cross is no prerequisite of docker-binary: its GOFLAGS is the global (empty) one
    got = words(tmp_path, MAKEFILE + other)
    assert "-osarch=darwin/amd64 linux/amd64" in got and "?" not in got
    # once docker-binary needs build-cross, build-cross may run with docker-binary's GOFLAGS
    chained = other.replace("docker-binary:\n", "docker-binary: build-cross\n")
    assert "?" in words(tmp_path, MAKEFILE + chained)
