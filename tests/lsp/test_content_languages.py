"""Kinds found by their text in other languages' files: editors send every `yaml`/`xml`
document (``content_language_ids`` of ``--list-kinds``) and the server reads one only when
its text is that kind."""

from __future__ import annotations

from goenv_ls.formats.editors import kinds_table

from .conftest import _start, diagnostics_for, open_doc, vscode_with_pull

K8S = """\
apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: api
      image: example/api:1.4
      env:
        - name: GOMEMLIMIT
          value: 1GB
"""
# YAML that is no kind goenv-ls reads, with the same mistake in it: not a claim about anything
OTHER = "name: api\nsettings:\n  env:\n    - name: GOMEMLIMIT\n      value: 1GB\n"


def test_content_kinds_name_the_languages_they_hide_in():
    table = {k["name"]: k for k in kinds_table()}
    assert table["kubernetes"]["content_language_ids"] == ["yaml"]
    assert table["winsw"]["content_language_ids"] == ["xml"]
    # a kind with its own names needs none
    assert table["dockerfile"]["content_language_ids"] == []


async def test_yaml_documents_are_read_only_when_their_text_is_a_kind(bare):
    client = bare
    # pulled, so a document the server does not read answers too (with nothing)
    await _start(client, vscode_with_pull(), {"select": ["GE606"]})
    k8s = "file:///tmp/goenv-ls-test/deploy/pod.yaml"
    open_doc(client, k8s, K8S, "yaml")
    diags = await diagnostics_for(client, k8s, 1)
    assert [(d.code, d.range.start.line) for d in diags] == [("GE606", 10)]
    other = "file:///tmp/goenv-ls-test/config/app.yaml"
    open_doc(client, other, OTHER, "yaml")
    assert await diagnostics_for(client, other, 1) == []
    await client.shutdown_session()
