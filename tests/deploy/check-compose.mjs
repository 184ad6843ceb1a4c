#!/usr/bin/env node
// Structural checks of the compose stack (there is no Docker engine to `up` it here):
// two finchat replicas on separate data volumes behind nginx, PostgreSQL and Redis; every
// long-running service has a healthcheck and waits for its dependencies to be healthy;
// secrets come only from the env file, whose example holds placeholders for all of them;
// nginx's upstream names exactly the replica services.
// Usage: node check-compose.mjs COMPOSE.yaml [ENV_EXAMPLE] [NGINX_CONF]. Exits 1 on a problem.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parseDocument } from "yaml";

const file = process.argv[2];
if (!file) {
  console.error("usage: check-compose.mjs COMPOSE.yaml [ENV_EXAMPLE] [NGINX_CONF]");
  process.exit(2);
}
const envExample = process.argv[3] ?? join(dirname(file), "finchat.env.example");
const nginxConf = process.argv[4] ?? join(dirname(file), "nginx/nginx.conf");

const SECRET = /(PASSWORD|SECRET|TOKEN|_KEY|_URL)$/;
const problems = [];
const need = (cond, msg) => { if (!cond) problems.push(msg); };

const doc = parseDocument(readFileSync(file, "utf8"), { merge: true });
if (doc.errors.length) {
  for (const e of doc.errors) console.error(`${file}: ${e.message}`);
  process.exit(1);
}
const compose = doc.toJS({ maxAliasCount: 100 });
const services = compose.services ?? {};

const isFinchat = (s) => s.image?.startsWith("finchat") || s.build?.dockerfile?.includes("Dockerfile");
const isMigrate = (s) => (s.command ?? []).includes("migrate");
const replicas = Object.entries(services).filter(([, s]) => isFinchat(s) && !isMigrate(s));
need(replicas.length === 2, `want 2 finchat replicas, found ${replicas.length}`);
for (const name of ["postgres", "redis", "nginx"]) need(services[name], `service ${name} missing`);

const envEntries = (s) =>
  Array.isArray(s.environment)
    ? s.environment.map((e) => String(e).split("=", 2))
    : Object.entries(s.environment ?? {});
const envFiles = (s) => [].concat(s.env_file ?? []).map((f) => (typeof f === "string" ? f : f.path));
const healthy = (s) => s.healthcheck && !s.healthcheck.disable && s.healthcheck.test;
const dependsHealthy = (s, dep) => {
  const d = s.depends_on;
  return d && !Array.isArray(d) && d[dep]?.condition === "service_healthy";
};

// Secrets: never a literal in the file, always from the env file.
for (const [name, s] of Object.entries(services)) {
  for (const [k, v] of envEntries(s)) {
    if (SECRET.test(k)) need(v === undefined || v === null, `${name}: ${k} is a literal; use the env file`);
  }
}
const dataVolumes = new Set();
for (const [name, s] of replicas) {
  need(envFiles(s).length > 0, `${name}: needs env_file for its secrets`);
  need(healthy(s), `${name}: healthcheck required`);
  need(dependsHealthy(s, "redis"), `${name}: must wait for a healthy redis`);
  need(s.read_only === true, `${name}: read_only root filesystem`);
  need((s.cap_drop ?? []).includes("ALL"), `${name}: cap_drop ALL`);
  need([].concat(s.tmpfs ?? []).includes("/tmp"), `${name}: tmpfs /tmp`);
  need(s.environment?.FINCHAT_SECURITY_RATE_LIMIT_BACKEND === "redis",
       `${name}: rate limits must be shared through redis`);
  const data = (s.volumes ?? []).map(String).find((v) => v.endsWith(":/var/lib/finchat"));
  need(data, `${name}: a data volume on /var/lib/finchat`);
  if (data) {
    need(!dataVolumes.has(data), `${name}: shares its data volume ${data} with another replica`);
    dataVolumes.add(data);
  }
}
for (const name of ["postgres", "redis", "nginx"]) {
  if (services[name]) need(healthy(services[name]), `${name}: healthcheck required`);
}
if (services.nginx) {
  for (const [name] of replicas) {
    need(dependsHealthy(services.nginx, name), `nginx: must wait for a healthy ${name}`);
  }
}
for (const name of ["postgres", "redis"]) {
  if (services[name]) need(envFiles(services[name]).length > 0, `${name}: password from env_file`);
}
if (services.redis) {
  need(JSON.stringify(services.redis.command ?? "").includes("requirepass"),
       "redis: must require a password");
}

// The env example names every secret with a placeholder value.
let example = "";
try { example = readFileSync(envExample, "utf8"); } catch { problems.push(`${envExample} missing`); }
const exampleVars = new Map(
  example.split("\n").filter((l) => /^[A-Z0-9_]+=/.test(l)).map((l) => l.split("=", 2)));
for (const v of ["FINCHAT_DB_URL", "FINCHAT_REDIS_URL", "FINCHAT_SECURITY_DATA_KEY",
                 "POSTGRES_PASSWORD", "REDIS_PASSWORD"]) {
  need(exampleVars.has(v), `${envExample}: ${v} missing`);
  if (exampleVars.has(v)) need(/CHANGE_ME/.test(exampleVars.get(v)), `${envExample}: ${v} is not a placeholder`);
}

// nginx balances over exactly the replica services.
let conf = "";
try { conf = readFileSync(nginxConf, "utf8"); } catch { problems.push(`${nginxConf} missing`); }
const upstream = [...conf.matchAll(/^\s*server\s+([\w.-]+):8080/gm)].map((m) => m[1]).sort();
need(JSON.stringify(upstream) === JSON.stringify(replicas.map(([n]) => n).sort()),
     `nginx upstream ${upstream.join(",")} != replicas ${replicas.map(([n]) => n).join(",")}`);

for (const p of problems) console.log(`${file}: ${p}`);
if (problems.length) process.exit(1);
console.log(`${file}: ${replicas.length} replicas, postgres, redis, nginx; healthchecks and env secrets ok`);
