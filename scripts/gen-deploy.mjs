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
//   kubernetes.about     the Deployment's header, after "<bin> as a long-running ConductorOne connector
//                        (service mode): one replica, "
//   kubernetes.secret    { comment, values: { ENV_NAME: "<placeholder>" } }: the vendor's credentials
//                        and settings, which the CronJob reads one by one; ConductorOne's client id and
//                        secret are always in the Secret too
//   kubernetes.env       [{ name, value, comment?, optional? }]: plain settings of the container;
//                        an optional one is written commented out
//   kubernetes.resources { requests: { cpu, memory }, limits: { memory } } instead of the defaults
//
// BATON_PROVISIONING (in the Secret, as ConductorOne's manifests of some connectors have it, or in
// env) is for service mode only: a scheduled sync never changes the app, so the CronJob leaves it out.
//
// Each manifest is one function of the connector below, built from the same pieces (container(),
// podSpec()); a new kind is one more entry in `manifests`.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { connectors, root } from "./lib/packages.mjs";

const WIDTH = 100;
const NOTE = "\0";

// A manifest is built as an array of lines; a comment is one marked line, wrapped to WIDTH columns
// at the indentation it finally has, so pieces can be nested at any depth.
const note = (text) => (text ? [`${NOTE}${text}`] : []);
const indent = (lines, pad) => lines.map((l) => pad + l);
/** Lines as YAML comments (a commented-out piece), keeping their notes notes. */
const commentOut = (lines) => lines.map((l) => (l.includes(NOTE) ? l : `# ${l}`));

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
/** Settings only service mode uses. */
const SERVICE_ONLY = new Set(["BATON_PROVISIONING"]);
const PROVISIONING_NOTE =
  'Let ConductorOne grant and revoke access through this connector; "false" (or removing the key) syncs only.';
/** The one writable volume of every Pod, and the private temporary directories of service mode in it. */
const TMP_VOLUME = ["- name: tmp", "  emptyDir:", "    sizeLimit: 2Gi"];

/** The facts every manifest of one connector is written from. */
function model(c) {
  const baton = c.manifest.baton ?? {};
  const k8s = baton.kubernetes ?? {};
  const problems = [];
  const values = k8s.secret?.values ?? {};
  if (!Object.keys(values).some((k) => !SERVICE_ONLY.has(k)))
    problems.push('"baton.kubernetes.secret.values" names no credentials');
  for (const e of k8s.env ?? [])
    if (typeof e.name !== "string" || e.value === undefined)
      problems.push(`"baton.kubernetes.env" entry ${JSON.stringify(e)} needs a name and a value`);
  if (problems.length) throw new Error(`${c.name}: ${problems.join("; ")}`);
  const displayName = baton.displayName ?? c.bin.slice("baton-".length);
  return {
    bin: c.bin,
    name: c.name,
    version: c.version,
    app: c.bin.slice("baton-".length),
    displayName,
    about: k8s.about ?? "configured from the Secret in secret.yaml.",
    secretComment: k8s.secret.comment,
    vendorKeys: Object.fromEntries(Object.entries(values).filter(([k]) => !SERVICE_ONLY.has(k))),
    serviceKeys: Object.fromEntries(Object.entries(values).filter(([k]) => SERVICE_ONLY.has(k))),
    env: k8s.env ?? [],
    resources: k8s.resources ?? DEFAULT_RESOURCES,
    secretName: `${c.bin}-secrets`,
    image: `${c.bin}:${c.version}`,
  };
}

const generatedBy = (m) =>
  note(
    `Written by scripts/gen-deploy.mjs from the "baton" block of ${m.name}'s package.json: ` +
      "change that and run the script again, not this file.",
  );

/** The first lines of every object: its kind, its name and the connector's `app` label. */
const objectHeader = (m, apiVersion, kind, name) => [
  `apiVersion: ${apiVersion}`,
  `kind: ${kind}`,
  "metadata:",
  `  name: ${name}`,
  "  labels:",
  `    app: ${m.bin}`,
];

function secretYaml(m) {
  return render([
    ...note(
      `Credentials for ${m.bin}, read as environment variables by deployment.yaml (all of them) ` +
        `and cronjob.yaml (the ${m.displayName} keys). Fill in the values, then:`,
    ),
    "#   kubectl apply -f secret.yaml -f deployment.yaml    (service mode), or",
    "#   kubectl apply -f secret.yaml -f cronjob.yaml       (scheduled syncs to a volume, uploaded by hand)",
    ...generatedBy(m),
    ...objectHeader(m, "v1", "Secret", `${m.secretName}`),
    "type: Opaque",
    "stringData:",
    ...indent(
      [
        ...note(
          `ConductorOne connector credentials (ConductorOne: Connectors > Add connector > ${m.displayName}).`,
        ),
        "BATON_CLIENT_ID: <ConductorOne client ID>",
        "BATON_CLIENT_SECRET: <ConductorOne client secret>",
        ...note(m.secretComment),
        ...mapping(m.vendorKeys),
        ...(Object.keys(m.serviceKeys).length ? [...note(PROVISIONING_NOTE), ...mapping(m.serviceKeys)] : []),
      ],
      "  ",
    ),
  ]);
}

const envEntry = (e) => [`- name: ${e.name}`, `  value: ${scalar(e.value)}`];

/**
 * The container's `env`: `entries` of the package.json block (an optional one commented out), then
 * `secretKeys` of the connector's Secret, each read on its own.
 */
function envList(m, entries, secretKeys = []) {
  const refs = secretKeys.flatMap((key) => [
    `- name: ${key}`,
    "  valueFrom:",
    `    secretKeyRef: { name: ${m.secretName}, key: ${key} }`,
  ]);
  if (refs.length || entries.some((e) => !e.optional))
    return [
      "env:",
      ...indent(
        [
          ...entries.flatMap((e) => [
            ...note(e.comment),
            ...(e.optional ? commentOut(envEntry(e)) : envEntry(e)),
          ]),
          ...refs,
        ],
        "  ",
      ),
    ];
  // With only optional settings, the whole list is a comment (an empty `env:` would be null).
  if (!entries.length) return [];
  return [
    ...entries.flatMap((e) => note(e.comment)),
    "# env:",
    ...entries.flatMap((e) => commentOut(indent(envEntry(e), "  "))),
  ];
}

const securityContext = [
  "securityContext:",
  "  allowPrivilegeEscalation: false",
  "  readOnlyRootFilesystem: true",
  "  capabilities:",
  '    drop: ["ALL"]',
];

/**
 * The connector's container: image, the settings (`env` lines of envList(), `envFrom` the whole Secret), `args`,
 * hardening, resources and `mounts` (volume name → path); `extra` lines after the hardening.
 */
function container(m, { env, envFrom = false, args, mounts, extra = [] }) {
  return [
    `- name: ${m.bin}`,
    ...indent(
      [
        ...note(
          `The image built from docker/connector.Dockerfile for ${m.name}, pushed to a registry the cluster can pull from.`,
        ),
        `image: ${m.image}`,
        "imagePullPolicy: IfNotPresent",
        ...(args ? [`args: ${JSON.stringify(args).replace(/,/g, ", ")}`] : []),
        ...env,
        ...(envFrom ? ["envFrom:", "  - secretRef:", `      name: ${m.secretName}`] : []),
        ...securityContext,
        ...extra,
        "resources:",
        ...Object.entries(m.resources).flatMap(([k, v]) => [`  ${k}:`, ...indent(mapping(v), "    ")]),
        "volumeMounts:",
        ...Object.entries(mounts).flatMap(([name, path]) => [`  - name: ${name}`, `    mountPath: ${path}`]),
      ],
      "  ",
    ),
  ];
}

/**
 * The Pod spec around a container: no service-account token, a non-root user whose group owns the
 * volumes, the runtime's default seccomp profile; `first` lines before those, then `volumes`.
 */
function podSpec({ first = [], containers, volumes }) {
  return [
    ...first,
    "automountServiceAccountToken: false",
    "securityContext:",
    "  runAsNonRoot: true",
    "  runAsUser: 1000",
    "  runAsGroup: 1000",
    "  fsGroup: 1000",
    "  seccompProfile:",
    "    type: RuntimeDefault",
    "containers:",
    ...indent(containers, "  "),
    "volumes:",
    ...indent(volumes, "  "),
  ];
}

const podLabels = (m) => [`app: ${m.bin}`, 'baton: "true"', `baton-app: ${scalar(m.app)}`];

/** The opt-in probes of service mode's health checks, as a comment to uncomment. */
function probes(hasEnv) {
  return [
    ...note(
      `Optional liveness and readiness probes: add these two variables to ${hasEnv ? "the env above" : "an env list"}, ` +
        "then uncomment the probes. /live fails when the connector stops calling ConductorOne, " +
        "/ready until ConductorOne accepted the connector's Hello.",
    ),
    "#   - name: BATON_HEALTH_CHECK",
    '#     value: "true"',
    "#   - name: BATON_HEALTH_CHECK_BIND_ADDRESS",
    '#     value: "0.0.0.0"',
    "# livenessProbe:",
    "#   httpGet: { path: /live, port: 8081 }",
    "#   periodSeconds: 60",
    "# readinessProbe:",
    "#   httpGet: { path: /ready, port: 8081 }",
  ];
}

function deploymentYaml(m) {
  const env = envList(m, m.env);
  return render([
    ...note(
      `${m.bin} as a long-running ConductorOne connector (service mode): one replica, ${m.about} ` +
        "It connects to ConductorOne, runs the tasks it sends and uploads each sync; the sync's .c1z " +
        "lives in a private directory under /tmp only until it is uploaded. The root filesystem is " +
        "read-only; /tmp is the one writable volume.",
    ),
    ...generatedBy(m),
    ...objectHeader(m, "apps/v1", "Deployment", `${m.bin}`),
    "spec:",
    "  replicas: 1",
    ...indent(
      note(
        "A connector needs no second copy during an update: stop the old one (it exits within 10 s " +
          "of SIGTERM, after letting a running task finish), then start the new one.",
      ),
      "  ",
    ),
    "  strategy:",
    "    type: Recreate",
    "  selector:",
    "    matchLabels:",
    `      app: ${m.bin}`,
    "  template:",
    "    metadata:",
    "      labels:",
    ...indent(podLabels(m), "        "),
    "    spec:",
    ...indent(
      podSpec({
        first: ["terminationGracePeriodSeconds: 30"],
        containers: container(m, {
          env,
          envFrom: true,
          mounts: { tmp: "/tmp" },
          extra: probes(m.env.some((e) => !e.optional)),
        }),
        volumes: TMP_VOLUME,
      }),
      "      ",
    ),
  ]);
}

function cronJobYaml(m) {
  const claim = `${m.bin}-data`;
  // The vendor's settings only: ConductorOne's credentials would put the connector into service mode.
  const env = envList(
    m,
    m.env.filter((e) => !SERVICE_ONLY.has(e.name)),
    Object.keys(m.vendorKeys),
  );
  return render([
    ...note(
      `${m.bin} as a scheduled one-shot sync, for the file-upload flow instead of service mode: every ` +
        `six hours a Job syncs ${m.displayName} into sync.c1z on the PersistentVolumeClaim below, from ` +
        `where it is uploaded to ConductorOne (Connectors > ${m.displayName} > Upload) or read with ` +
        "`baton`. A sync interrupted by a restart resumes from its checkpoint in the same file. It " +
        `reads only the ${m.displayName} keys of the Secret in secret.yaml: with the ConductorOne ` +
        "credentials it would run in service mode instead.",
    ),
    "#   kubectl apply -f secret.yaml -f cronjob.yaml",
    ...generatedBy(m),
    ...objectHeader(m, "v1", "PersistentVolumeClaim", `${claim}`),
    "spec:",
    '  accessModes: ["ReadWriteOnce"]',
    "  resources:",
    "    requests:",
    "      storage: 1Gi",
    "---",
    ...objectHeader(m, "batch/v1", "CronJob", `${m.bin}-sync`),
    "spec:",
    '  schedule: "0 */6 * * *"',
    "  concurrencyPolicy: Forbid",
    "  successfulJobsHistoryLimit: 3",
    "  failedJobsHistoryLimit: 3",
    "  jobTemplate:",
    "    spec:",
    "      backoffLimit: 2",
    "      activeDeadlineSeconds: 21600",
    "      template:",
    "        metadata:",
    "          labels:",
    ...indent(podLabels(m), "            "),
    "        spec:",
    ...indent(
      podSpec({
        first: ["restartPolicy: Never"],
        containers: container(m, {
          env,
          args: ["--file", "/data/sync.c1z"],
          mounts: { data: "/data", tmp: "/tmp" },
        }),
        volumes: ["- name: data", "  persistentVolumeClaim:", `    claimName: ${claim}`, ...TMP_VOLUME],
      }),
      "          ",
    ),
  ]);
}

/** deploy/kubernetes/<file> of each connector, and the function that writes it. */
export const manifests = {
  "secret.yaml": secretYaml,
  "deployment.yaml": deploymentYaml,
  "cronjob.yaml": cronJobYaml,
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
