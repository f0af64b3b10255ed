"""Kubernetes manifests through the real server: diagnostics, hover (effective value, who
sees it, the recommended `resourceFieldRef` form) and completion of `env` entries."""

from __future__ import annotations

from lsprotocol import types as t
from pytest_lsp import client_capabilities

from .conftest import _start, diagnostics_for, encoding_of, open_doc
from .test_completion import complete, labels, replaced

URI = "file:///tmp/goenv-ls-test/k8s/deploy/api.yaml"
TEXT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      containers:
        - name: api
          image: example/api:1.4
          env:
            - name: GOMEMLIMIT
              value: 1GiB
            - name: GOMAXPROCS
              valueFrom:
                resourceFieldRef:
                  resource: limits.cpu
                  divisor: 1m
          resources:
            limits:
              memory: 1Gi
              cpu: 1500m
"""


async def test_diagnostics_and_hover(bare):
    client = bare
    await _start(client, client_capabilities("visual-studio-code"), {"select": ["GE612", "GE613"]})
    open_doc(client, URI, TEXT, "yaml")  # the editor calls it YAML; the text says Kubernetes
    diags = await diagnostics_for(client, URI, 1)
    got = sorted((d.code, d.range.start.line, d.range.start.character, d.range.end.character) for d in diags)
    assert got == [("GE612", 12, 21, 25), ("GE613", 17, 27, 29)]
    ge612 = next(d for d in diags if d.code == "GE612")
    assert ge612.related_information and ge612.related_information[0].location.range.start.line == 20

    async def hover(line, col):
        h = await client.text_document_hover_async(t.HoverParams(t.TextDocumentIdentifier(URI), t.Position(line, col)))
        assert h is not None
        return h.contents.value

    md = await hover(11, 22)  # GOMEMLIMIT
    first, who = md.split("\n\n")[0].split("  \n")
    assert first == "`GOMEMLIMIT=1GiB`, set by the container's `env:` in container `api` of Deployment `api`, line 12"
    assert who.startswith("Seen by this container's processes") and "`envFrom`" in who
    assert "resourceFieldRef: {resource: limits.memory}" in md and "no `divisor`" in md
    md = await hover(13, 22)  # GOMAXPROCS from limits.cpu / 1m: the number the kubelet writes
    assert md.startswith("`GOMAXPROCS=1500` (`GOMAXPROCS` from `resourceFieldRef` `limits.cpu`: `1500m` / `1m`)")
    assert "Go 1.25" in md
    await client.shutdown_session()


async def test_completion_of_env_entries(client):
    head = TEXT.split("            - name: GOMAXPROCS")[0]
    items, enc = await complete(client, "k8s-name.yaml", head + "            - name: GOTRA", "yaml")
    assert labels(items) == ["GOTRACEBACK"]
    text = head + "            - name: GOTRACEBACK\n              value: cr"
    items, enc = await complete(client, "k8s-value.yaml", text, "yaml")
    assert "crash" in labels(items)
    item = next(i for i in items if i.label == "crash")
    assert replaced(text, item, enc).endswith("value: crash")
    # `- name:` of a container is not an env entry
    items, _ = await complete(client, "k8s-container.yaml", TEXT.split("        - name: api")[0] + "        - name: GO",
                              "yaml")
    assert items == []
    assert encoding_of(client)
