// Writes src/kinds.json from the server's kind registry (`goenv-ls --list-kinds --format json`,
// run from this repository's own server source) and derives package.json's activation events
// from it. Run by `npm run package`; tests/test_vscode_kinds.py fails when the committed files
// differ from the registry. Never edit src/kinds.json or the activation events by hand.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const client = path.resolve(here, "..");
const repo = path.resolve(client, "..");
const python = process.env.GOENV_LS_PYTHON || "python3";
const env = {
  ...process.env,
  PYTHONPATH: [path.join(repo, "server"), path.join(repo, "rules"), process.env.PYTHONPATH]
    .filter(Boolean).join(path.delimiter),
};
const out = execFileSync(python, ["-m", "goenv_ls", "--list-kinds", "--format", "json"], { env, encoding: "utf8" });
const kinds = JSON.parse(out);
writeFileSync(path.join(client, "src", "kinds.json"), JSON.stringify(kinds, null, 2) + "\n");

// one event per language id and per glob, in registry order
const events = [];
for (const k of kinds) {
  for (const id of k.language_ids) events.push(`onLanguage:${id}`);
}
// a workspace of Kubernetes manifests only: its `yaml` documents start the extension
for (const k of kinds) {
  for (const id of k.content_language_ids ?? []) events.push(`onLanguage:${id}`);
}
for (const k of kinds) {
  for (const g of k.globs) events.push(`workspaceContains:${g}`);
}
const pkgPath = path.join(client, "package.json");
const unique = [...new Set(events)];
// replace the one array in place: the rest of package.json keeps its hand-made layout
const text = readFileSync(pkgPath, "utf8");
const block = `"activationEvents": [\n${unique.map((e) => `    ${JSON.stringify(e)}`).join(",\n")}\n  ]`;
const updated = text.replace(/"activationEvents": \[[\s\S]*?\n  \]/, block);
if (updated === text && !text.includes(block)) {
  throw new Error("package.json: no activationEvents array found");
}
writeFileSync(pkgPath, updated);
console.log(`kinds.json: ${kinds.length} kinds, ${unique.length} activation events`);
