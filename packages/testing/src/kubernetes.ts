// Checks a connector's deploy/kubernetes manifests against its declaration: the Secret + Deployment
// of ConductorOne's instructions (service mode) and the CronJob variant (scheduled syncs to a volume).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type AnyConnector, describeFields, standardConfig } from "@baton/sdk";
import { parseAllDocuments } from "yaml";

// biome-ignore lint/suspicious/noExplicitAny: Kubernetes objects, read loosely
type K8s = any;

export interface KubernetesManifests {
  secret: K8s;
  deployment: K8s;
  cronJob: K8s;
  claim: K8s;
}

/** secret.yaml, deployment.yaml and cronjob.yaml (with its PersistentVolumeClaim) of `dir`. */
export function readKubernetesManifests(dir: string): KubernetesManifests {
  const all = ["secret.yaml", "deployment.yaml", "cronjob.yaml"].flatMap((f) =>
    parseAllDocuments(readFileSync(join(dir, f), "utf8")).map((d) => d.toJS()),
  );
  const kind = (k: string) => all.find((o: K8s) => o?.kind === k);
  return {
    secret: kind("Secret"),
    deployment: kind("Deployment"),
    cronJob: kind("CronJob"),
    claim: kind("PersistentVolumeClaim"),
  };
}

/** The hardening every Pod of the manifests has: what a restricted Pod Security Standard asks, and more. */
function podProblems(where: string, pod: K8s): string[] {
  const problems: string[] = [];
  const c = pod?.containers?.[0];
  if (!pod?.securityContext?.runAsNonRoot) problems.push(`${where}: the pod must set runAsNonRoot`);
  if (pod?.securityContext?.seccompProfile?.type !== "RuntimeDefault")
    problems.push(`${where}: the pod must use the RuntimeDefault seccomp profile`);
  if (pod?.automountServiceAccountToken !== false)
    problems.push(
      `${where}: the pod must set automountServiceAccountToken: false (it never calls Kubernetes)`,
    );
  if (c?.securityContext?.readOnlyRootFilesystem !== true)
    problems.push(`${where}: the container must have a read-only root filesystem`);
  if (c?.securityContext?.allowPrivilegeEscalation !== false)
    problems.push(`${where}: the container must set allowPrivilegeEscalation: false`);
  if (JSON.stringify(c?.securityContext?.capabilities?.drop) !== JSON.stringify(["ALL"]))
    problems.push(`${where}: the container must drop all capabilities`);
  if (!c?.resources?.requests?.memory || !c?.resources?.limits?.memory)
    problems.push(`${where}: the container needs memory requests and limits`);
  const tmp = c?.volumeMounts?.find((m: K8s) => m.mountPath === "/tmp");
  const volume = pod?.volumes?.find((v: K8s) => v.name === tmp?.name);
  if (!volume?.emptyDir) problems.push(`${where}: /tmp must be a writable emptyDir volume`);
  return problems;
}

/**
 * What is wrong with the manifests; [] when they fit the connector. `image` is the image they must
 * run (e.g. `baton-zendesk:0.1.0`).
 */
export function kubernetesProblems(m: KubernetesManifests, connector: AnyConnector, image: string): string[] {
  const problems: string[] = [];
  const connectorEnv = describeFields(connector.config);
  const accepted = new Set([...connectorEnv, ...describeFields(standardConfig)].map((f) => f.env));
  const secretKeys = Object.keys(m.secret?.stringData ?? {});
  for (const k of ["BATON_CLIENT_ID", "BATON_CLIENT_SECRET"])
    if (!secretKeys.includes(k)) problems.push(`secret.yaml: no ${k}`);
  for (const f of connectorEnv.filter((f) => f.required))
    if (!secretKeys.includes(f.env)) problems.push(`secret.yaml: no ${f.env} (required)`);

  const pod = m.deployment?.spec?.template?.spec;
  const c = pod?.containers?.[0];
  if (c?.image !== image) problems.push(`deployment.yaml: image is ${c?.image}, not ${image}`);
  const envNames = [...secretKeys, ...(c?.env ?? []).map((e: K8s) => e.name)];
  for (const k of envNames)
    if (!accepted.has(k)) problems.push(`${k} is not a setting of baton-${connector.name}`);
  if (JSON.stringify(c?.envFrom) !== JSON.stringify([{ secretRef: { name: m.secret?.metadata?.name } }]))
    problems.push("deployment.yaml: the container must load the Secret with envFrom");
  if (m.deployment?.spec?.replicas !== 1)
    problems.push("deployment.yaml: one replica (ConductorOne sends each task to one)");
  if (m.deployment?.spec?.strategy?.type !== "Recreate")
    problems.push("deployment.yaml: the rollout must be Recreate, so two copies never run at once");
  const mounts = (c?.volumeMounts ?? []).map((v: K8s) => v.mountPath);
  if (JSON.stringify(mounts) !== JSON.stringify(["/tmp"]))
    problems.push(`deployment.yaml: /tmp must be the only writable volume, not ${mounts.join(", ")}`);
  problems.push(...podProblems("deployment.yaml", pod));

  const job = m.cronJob?.spec?.jobTemplate?.spec?.template?.spec;
  const jc = job?.containers?.[0];
  if (jc?.image !== image) problems.push(`cronjob.yaml: image is ${jc?.image}, not ${image}`);
  if (jc?.envFrom)
    problems.push("cronjob.yaml: envFrom would load the ConductorOne credentials (service mode)");
  for (const e of jc?.env ?? []) {
    const ref = e.valueFrom?.secretKeyRef;
    if (e.name === "BATON_CLIENT_ID" || e.name === "BATON_CLIENT_SECRET")
      problems.push(`cronjob.yaml: ${e.name} would make it run in service mode`);
    if (!accepted.has(e.name))
      problems.push(`cronjob.yaml: ${e.name} is not a setting of baton-${connector.name}`);
    if (ref && (ref.name !== m.secret?.metadata?.name || !secretKeys.includes(ref.key)))
      problems.push(
        `cronjob.yaml: ${e.name} refers to ${ref.name}/${ref.key}, which secret.yaml does not hold`,
      );
  }
  const jobEnv = new Set((jc?.env ?? []).map((e: K8s) => e.name));
  for (const f of connectorEnv.filter((f) => f.required))
    if (!jobEnv.has(f.env)) problems.push(`cronjob.yaml: no ${f.env} (required)`);
  const data = jc?.volumeMounts?.find((v: K8s) => v.mountPath === "/data");
  const claim = job?.volumes?.find((v: K8s) => v.name === data?.name)?.persistentVolumeClaim?.claimName;
  if (!claim || claim !== m.claim?.metadata?.name)
    problems.push("cronjob.yaml: /data must be the PersistentVolumeClaim of the same file");
  const args: string[] = jc?.args ?? [];
  if (!args[args.indexOf("--file") + 1]?.startsWith("/data/"))
    problems.push("cronjob.yaml: --file must be under /data");
  if (m.cronJob?.spec?.concurrencyPolicy !== "Forbid")
    problems.push("cronjob.yaml: concurrencyPolicy must be Forbid");
  problems.push(...podProblems("cronjob.yaml", job));
  return problems;
}
