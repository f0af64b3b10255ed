"""GE203 on an empty `ENV`/`export` that undoes the file's own earlier value of the same stage
(`ENV GO111MODULE=on` for one build, then `ENV GO111MODULE=`): a return to Go's default on
purpose, not an empty value meant as "off" (gobuffalo/buffalo Dockerfile.slim.build)."""

from __future__ import annotations

from goenv_ls import engine
from goenv_ls.model import SourceFile


def ge203(text: str, path: str = "Dockerfile", kind: str = "dockerfile") -> list[int]:
    res = engine.check(SourceFile(path, text, kind))
    return [text.count("\n", 0, f.span.start) + 1 for f in res.findings if f.code == "GE203"]


def test_env_emptied_after_the_stage_set_it_is_a_reset():
    text = ("FROM golang:1.22\nWORKDIR /src\nCOPY . .\nENV GO111MODULE=on\nRUN go build ./...\n"
            "ENV GO111MODULE=\nRUN go version\n")
    assert ge203(text) == []


def test_export_emptied_after_the_script_set_it_is_a_reset():
    text = "#!/bin/sh\nexport GOPROXY=https://goproxy.cn\ngo mod download\nexport GOPROXY=\ngo build ./...\n"
    assert ge203(text, "build.sh", "shell") == []


def test_empty_env_without_an_earlier_value_is_still_reported():
    text = "FROM golang:1.22\nENV GO111MODULE=\nRUN go build ./...\n"
    assert ge203(text) == [2]


def test_earlier_value_in_another_stage_does_not_count():
    text = ("FROM golang:1.22 AS a\nENV GOPROXY=direct\nRUN go build ./...\n"
            "FROM golang:1.22 AS b\nENV GOPROXY=\nRUN go build ./...\n")
    assert ge203(text) == [5]
