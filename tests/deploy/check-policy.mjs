#!/usr/bin/env node
// Policy checks on rendered finchat manifests that a schema cannot express: pod hardening,
// probes, resources, graceful drain, secrets by reference only, HPA/PDB/NetworkPolicy present.
// Usage: node check-policy.mjs RENDERED.yaml. Prints each violation; exits 1 if any.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

const SECRET_ENV = /(_URL|_KEY|PASSWORD|TOKEN|SECRET)$/;
const problems = [];
const need = (cond, msg) => { if (!cond) problems.push(msg); };

function podTemplate(obj) {
  if (obj.kind === "CronJob") return obj.spec?.jobTemplate?.spec?.template;
  if (["Deployment", "StatefulSet", "DaemonSet", "Job"].includes(obj.kind)) return obj.spec?.template;
  return undefined;
}

function checkContainer(where, c) {
  const sc = c.securityContext ?? {};
  need(sc.allowPrivilegeEscalation === false, `${where}: allowPrivilegeEscalation must be false`);
  need(sc.readOnlyRootFilesystem === true, `${where}: readOnlyRootFilesystem must be true`);
  need((sc.capabilities?.drop ?? []).includes("ALL"), `${where}: capabilities must drop ALL`);
  need(c.resources?.requests?.cpu && c.resources?.requests?.memory,
       `${where}: cpu and memory requests required`);
  need(c.resources?.limits?.memory, `${where}: memory limit required`);
  for (const e of c.env ?? []) {
    if (SECRET_ENV.test(e.name)) {
      need(e.value === undefined && e.valueFrom?.secretKeyRef,
           `${where}: ${e.name} must come from a secretKeyRef, not a literal`);
    }
  }
  const mounts = (c.volumeMounts ?? []).map((m) => m.mountPath);
  need(mounts.includes("/tmp"), `${where}: /tmp must be a writable volume (read-only root)`);
}

function checkPod(where, tpl, configEnv) {
  const spec = tpl?.spec ?? {};
  const psc = spec.securityContext ?? {};
  need(psc.runAsNonRoot === true, `${where}: runAsNonRoot must be true`);
  need(psc.seccompProfile?.type === "RuntimeDefault", `${where}: seccompProfile RuntimeDefault`);
  need(spec.automountServiceAccountToken === false, `${where}: do not mount the SA token`);
  for (const c of spec.containers ?? []) checkContainer(`${where}/${c.name}`, c);
  return { spec, configEnv };
}

function checkServer(obj, configEnv) {
  const where = `${obj.kind}/${obj.metadata.name}`;
  const spec = obj.spec.template.spec;
  const c = spec.containers[0];
  need(c.readinessProbe?.httpGet?.path === "/readyz", `${where}: readinessProbe on /readyz`);
  need(c.livenessProbe?.httpGet?.path === "/healthz", `${where}: livenessProbe on /healthz`);
  need(c.startupProbe?.httpGet?.path === "/healthz", `${where}: startupProbe on /healthz`);
  const drainS = Number(configEnv.FINCHAT_HTTP_DRAIN_TIMEOUT_MS ?? 10000) / 1000;
  const cmd = c.lifecycle?.preStop?.exec?.command ?? [];
  const preStopS = cmd[0] === "sleep" ? Number(cmd[1]) : (c.lifecycle?.preStop?.sleep?.seconds ?? 0);
  const grace = spec.terminationGracePeriodSeconds ?? 30;
  need(grace >= drainS + preStopS,
       `${where}: terminationGracePeriodSeconds ${grace} < drain ${drainS}s + preStop ${preStopS}s`);
  need((spec.topologySpreadConstraints ?? []).length > 0, `${where}: topologySpreadConstraints`);
  const ann = obj.spec.template.metadata?.annotations ?? {};
  need(ann["prometheus.io/scrape"] === "true", `${where}: prometheus scrape annotation`);
}

function main(file) {
  const docs = parseAllDocuments(readFileSync(file, "utf8")).map((d) => d.toJS()).filter(Boolean);
  const kinds = new Set(docs.map((d) => d.kind));
  const configEnv = Object.assign({}, ...docs.filter((d) => d.kind === "ConfigMap").map((d) => d.data));
  for (const obj of docs) {
    const tpl = podTemplate(obj);
    if (tpl) checkPod(`${obj.kind}/${obj.metadata?.name}`, tpl, configEnv);
    if (obj.kind === "Deployment") checkServer(obj, configEnv);
    if (obj.kind === "HorizontalPodAutoscaler") {
      const names = (obj.spec.metrics ?? []).map((m) => m.pods?.metric?.name ?? m.resource?.name);
      need(names.includes("cpu") && names.includes("finchat_chat_in_flight"),
           "HPA must scale on cpu and finchat_chat_in_flight");
    }
    if (obj.kind === "NetworkPolicy") {
      need((obj.spec.policyTypes ?? []).includes("Egress"), "NetworkPolicy must restrict egress");
    }
  }
  if (kinds.has("Deployment")) {
    for (const k of ["Service", "HorizontalPodAutoscaler", "PodDisruptionBudget", "NetworkPolicy"]) {
      need(kinds.has(k), `missing ${k}`);
    }
  }
  for (const p of problems) console.log(`policy: ${p}`);
  console.log(`policy: ${problems.length} problem(s) in ${file}`);
  return problems.length === 0 ? 0 : 1;
}

if (process.argv.length !== 3) {
  console.error("usage: check-policy.mjs RENDERED.yaml");
  process.exit(2);
}
process.exit(main(process.argv[2]));
