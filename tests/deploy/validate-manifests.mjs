#!/usr/bin/env node
// Validates Kubernetes manifests offline against the API schemas bundled in the npm package
// `kubernetes-models`. Usage: node validate-manifests.mjs FILE.yaml... (multi-document YAML;
// "-" reads stdin). Prints one line per object and exits 1 if any object is invalid.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

// apiVersion "apps/v1" -> module "kubernetes-models/apps/v1"; core "v1" -> "kubernetes-models/v1".
async function modelClass(apiVersion, kind) {
  if (typeof apiVersion !== "string" || typeof kind !== "string") {
    throw new Error("apiVersion and kind must be strings");
  }
  let mod;
  try {
    mod = await import(`kubernetes-models/${apiVersion}`);
  } catch {
    throw new Error(`unknown apiVersion ${apiVersion}`);
  }
  const cls = mod[kind];
  if (typeof cls !== "function") throw new Error(`unknown kind ${kind} in ${apiVersion}`);
  return cls;
}

function describeError(err) {
  const details = (err.errors || err.details || [])
    .map((e) => `${e.instancePath || e.dataPath || ""} ${e.message}`.trim())
    .join("; ");
  return details ? `${err.message}: ${details}` : err.message;
}

async function validateDoc(doc) {
  const cls = await modelClass(doc.apiVersion, doc.kind);
  new cls(doc).validate();
}

async function main(files) {
  let passed = 0;
  let failed = 0;
  for (const file of files) {
    const text = readFileSync(file === "-" ? 0 : file, "utf8");
    for (const parsed of parseAllDocuments(text)) {
      if (parsed.errors.length) {
        console.log(`FAIL ${file}: YAML: ${parsed.errors[0].message}`);
        failed++;
        continue;
      }
      const doc = parsed.toJS();
      if (doc === null || doc === undefined) continue;  // empty document
      const name = `${doc.kind ?? "?"}/${doc.metadata?.name ?? "?"}`;
      try {
        await validateDoc(doc);
        console.log(`ok   ${file}: ${name}`);
        passed++;
      } catch (err) {
        console.log(`FAIL ${file}: ${name}: ${describeError(err)}`);
        failed++;
      }
    }
  }
  console.log(`schema: ${passed} passed, ${failed} failed`);
  return failed === 0 && passed > 0 ? 0 : 1;
}

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: validate-manifests.mjs FILE.yaml...");
  process.exit(2);
}
process.exit(await main(files));
