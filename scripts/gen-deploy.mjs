#!/usr/bin/env node
// Writes every connector's Kubernetes manifests, deploy/kubernetes/*.yaml, from the "baton" block of
// its package.json:
//
//   node scripts/gen-deploy.mjs           write them (`pnpm release:version` runs it after changeset version)
//   node scripts/gen-deploy.mjs --check   list the files that differ from what would be written; exit 1
//   --root DIR                            another checkout's packages
//
// The block (all optional except kubernetes.secret):
//   displayName          the vendor's name in comments ("Zendesk")
//   kubernetes.about     the Deployment's header, after "<bin> as a long-running ConductorOne connector: one replica, "
//   kubernetes.secret    { comment, values: { ENV_NAME: "<placeholder>" } }: the vendor's credentials;
//                        ConductorOne's client id and secret are always in the Secret
//   kubernetes.env       [{ name, value, comment?, optional? }]: plain settings of the container;
//                        an optional one is written commented out
//   kubernetes.resources { requests: { cpu, memory }, limits: { memory } } instead of the defaults
//
// Each manifest is one function of the connector below: a new kind (a CronJob, service-mode settings)
// is one more entry in `manifests`, built from the same pieces.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { connectors, root } from "./lib/packages.mjs";

const WIDTH = 100;
const NOTE = "\0";

// A manifest is built as an array of lines; a comment is one marked line, wrapped to WIDTH columns
// at the indentation it finally has, so pieces can be nested at any depth.
const note = (text) => (text ? [`${NOTE}${text}`] : []);
const indent = (lines, pad) => lines.map((l) => pad + l);

function render(lines) {
  return lines
    .flatMap((line) => {
      const at = line.indexOf(NOTE);
      if (at < 0) return [line];
      const pad = line.slice(0, at);
      const out = [];
      let current = "";
      for (const word of line
        .slice(at + 1)
        .split(/\s+/)
        .filter(Boolean)) {
        if (current && pad.length + 2 + current.length + 1 + word.length > WIDTH) {
          out.push(current);
          current = word;
        } else current = current ? `${current} ${word}` : word;
      }
      if (current) out.push(current);
      return out.map((l) => `${pad}# ${l}`);
    })
    .map((l) => `${l}\n`)
    .join("");
}

/** A YAML scalar: plain where that reads back as the same string, else double-quoted. */
function scalar(value) {
  const s = String(value);
  const plain =
    /^[\w<][\w <>.,:/@()'+-]*$/.test(s) &&
    !/: |\s$/.test(s) &&
    !/^(true|false|yes|no|on|off|null|y|n|~)$/i.test(s) &&
    !/^[-+]?(\d[\d_]*(\.\d*)?([eE][-+]?\d+)?|0x[\da-f]+|0o[0-7]+|\.inf|\.nan)$/i.test(s);
  return plain ? s : JSON.stringify(s);
}

const mapping = (obj) => Object.entries(obj).map(([k, v]) => `${k}: ${scalar(v)}`);

const DEFAULT_RESOURCES = { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "512Mi" } };

/** The facts every manifest of one connector is written from. */
function model(c) {
  const baton = c.manifest.baton ?? {};
  const k8s = baton.kubernetes ?? {};
  const problems = [];
  if (!k8s.secret?.values || !Object.keys(k8s.secret.values).length)
    problems.push('"baton.kubernetes.secret.values" names no credentials');
  for (const e of k8s.env ?? [])
    if (typeof e.name !== "string" || e.value === undefined)
      problems.push(`"baton.kubernetes.env" entry ${JSON.stringify(e)} needs a name and a value`);
  if (problems.length) throw new Error(`${c.name}: ${problems.join("; ")}`);
  return {
    bin: c.bin,
    name: c.name,
    version: c.version,
    app: c.bin.slice("baton-".length),
    displayName: baton.displayName ?? c.bin.slice("baton-".length),
    about: k8s.about ?? "configured from the Secret in secret.yaml.",
    secret: k8s.secret,
    env: k8s.env ?? [],
    resources: k8s.resources ?? DEFAULT_RESOURCES,
    secretName: `${c.bin}-secrets`,
  };
}

const generatedBy = (m) =>
  note(
    `Written by scripts/gen-deploy.mjs from the "baton" block of ${m.name}'s package.json: ` +
      "change that and run the script again, not this file.",
  );

function secretYaml(m) {
  return render([
    ...note(`Credentials for ${m.bin}, read by deployment.yaml as environment variables.`),
    ...note("Fill in the values, then: kubectl apply -f secret.yaml -f deployment.yaml"),
    ...generatedBy(m),
    "apiVersion: v1",
    "kind: Secret",
    "metadata:",
    `  name: ${m.secretName}`,
    "  labels:",
    `    app: ${m.bin}`,
    "type: Opaque",
    "stringData:",
    ...indent(
      [
        ...note(
          `ConductorOne connector credentials (ConductorOne: Connectors > Add connector > ${m.displayName}).`,
        ),
        "BATON_CLIENT_ID: <ConductorOne client ID>",
        "BATON_CLIENT_SECRET: <ConductorOne client secret>",
        ...note(m.secret.comment),
        ...mapping(m.secret.values),
      ],
      "  ",
    ),
  ]);
}

/** The container of the connector's Pods: image, settings, Secret, hardening, volumes. */
function container(m) {
  const env = m.env.flatMap((e) => {
    const entry = [`- name: ${e.name}`, `  value: ${scalar(e.value)}`];
    return [...note(e.comment), ...(e.optional ? entry.map((l) => `# ${l}`) : entry)];
  });
  return [
    `- name: ${m.bin}`,
    ...indent(
      [
        ...note(
          `The image built from docker/connector.Dockerfile for ${m.name}, pushed to a registry the cluster can pull from.`,
        ),
        `image: ${m.bin}:${m.version}`,
        "imagePullPolicy: IfNotPresent",
        // With only optional settings, the whole list is a comment (an empty `env:` would be null).
        ...(!env.length
          ? []
          : m.env.some((e) => !e.optional)
            ? ["env:", ...indent(env, "  ")]
            : ["# env:", ...env]),
        "envFrom:",
        "  - secretRef:",
        `      name: ${m.secretName}`,
        "securityContext:",
        "  allowPrivilegeEscalation: false",
        "  readOnlyRootFilesystem: true",
        "  capabilities:",
        '    drop: ["ALL"]',
        "resources:",
        ...Object.entries(m.resources).flatMap(([k, v]) => [`  ${k}:`, ...indent(mapping(v), "    ")]),
        "volumeMounts:",
        "  - name: data",
        "    mountPath: /data",
        "  - name: tmp",
        "    mountPath: /tmp",
      ],
      "  ",
    ),
  ];
}

/** The Pod spec around the container: non-root, with /data and /tmp as emptyDir volumes. */
function podSpec(m) {
  return [
    "securityContext:",
    "  runAsNonRoot: true",
    "  runAsUser: 1000",
    "  runAsGroup: 1000",
    "containers:",
    ...indent(container(m), "  "),
    "volumes:",
    "  - name: data",
    "    emptyDir: {}",
    "  - name: tmp",
    "    emptyDir: {}",
  ];
}

const podLabels = (m) => [`app: ${m.bin}`, 'baton: "true"', `baton-app: ${scalar(m.app)}`];

function deploymentYaml(m) {
  return render([
    ...note(`${m.bin} as a long-running ConductorOne connector: one replica, ${m.about}`),
    ...generatedBy(m),
    "apiVersion: apps/v1",
    "kind: Deployment",
    "metadata:",
    `  name: ${m.bin}`,
    "  labels:",
    `    app: ${m.bin}`,
    "spec:",
    "  replicas: 1",
    "  selector:",
    "    matchLabels:",
    `      app: ${m.bin}`,
    "  template:",
    "    metadata:",
    "      labels:",
    ...indent(podLabels(m), "        "),
    "    spec:",
    ...indent(podSpec(m), "      "),
  ]);
}

/** deploy/kubernetes/<file> of each connector, and the function that writes it. */
export const manifests = {
  "secret.yaml": secretYaml,
  "deployment.yaml": deploymentYaml,
};

/** Every generated file: its path and the content it should have. */
export function generatedFiles(workspace = root) {
  return connectors(workspace).flatMap((c) => {
    const m = model(c);
    return Object.entries(manifests).map(([file, render]) => ({
      path: join(c.dir, "deploy", "kubernetes", file),
      content: render(m),
    }));
  });
}

/** The generated files whose content on disk differs (or that are missing), as repository paths. */
export function staleFiles(workspace = root) {
  return generatedFiles(workspace)
    .filter((f) => !existsSync(f.path) || readFileSync(f.path, "utf8") !== f.content)
    .map((f) => relative(workspace, f.path));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const workspace = args.includes("--root") ? args[args.indexOf("--root") + 1] : root;
  if (args.includes("--check")) {
    const stale = staleFiles(workspace);
    for (const f of stale) console.error(`${f} is not what scripts/gen-deploy.mjs writes`);
    if (stale.length) console.error("run `node scripts/gen-deploy.mjs` and commit the result");
    process.exit(stale.length ? 1 : 0);
  }
  for (const f of generatedFiles(workspace)) {
    mkdirSync(join(f.path, ".."), { recursive: true });
    writeFileSync(f.path, f.content);
    console.log(`wrote ${relative(workspace, f.path)}`);
  }
}
