import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import * as appsV1 from 'kubernetes-models/apps/v1';
import * as policyV1 from 'kubernetes-models/policy/v1';
import * as coreV1 from 'kubernetes-models/v1';
import YAML from 'yaml';
import { parseConfig } from '../../../src/config/load-config.js';
import { PROJECT_ROOT } from '../../helpers/paths.js';

/**
 * deploy/ is checked two ways (no kubeconform or cluster here). Against Kubernetes' own OpenAPI
 * schemas, as the npm package kubernetes-models compiles them (types, required fields, enums,
 * formats; unknown fields pass, as with kubectl's --validate=false). And against the gateway itself:
 * the config the manifests mount is valid once what they provide is set, every variable and secret
 * file it names is provided, and the objects point at each other (selectors, ports, probe paths).
 */
const DEPLOY = join(PROJECT_ROOT, 'deploy');
const CONFIG_PATH = '/etc/usergraph/usergraph.yaml';
const SECRETS_DIR = '/run/secrets/usergraph';

// Loose shapes: just the keys the checks read (strict index access wants them named).
type Key =
  | 'resources'
  | 'kind'
  | 'metadata'
  | 'name'
  | 'spec'
  | 'template'
  | 'containers'
  | 'env'
  | 'value'
  | 'volumeMounts'
  | 'volumes'
  | 'mountPath'
  | 'replicas'
  | 'strategy'
  | 'rollingUpdate'
  | 'maxUnavailable'
  | 'minAvailable'
  | 'labels'
  | 'selector'
  | 'matchLabels'
  | 'configMapGenerator'
  | 'configMap'
  | 'files'
  | 'secret'
  | 'secretName'
  | 'stringData'
  | 'ports'
  | 'port'
  | 'containerPort'
  | 'httpGet'
  | 'path'
  | 'securityContext'
  | 'runAsNonRoot'
  | 'runAsUser'
  | 'readOnlyRootFilesystem'
  | 'allowPrivilegeEscalation'
  | 'capabilities'
  | 'drop'
  | 'lifecycle'
  | 'preStop'
  | 'exec'
  | 'command'
  | 'terminationGracePeriodSeconds'
  | 'services'
  | 'healthcheck'
  | 'environment'
  | 'depends_on'
  | 'redis'
  | 'condition'
  | 'read_only'
  | 'targetPort';
type Obj = { [K in Key]?: unknown } & { [key: string]: unknown };
const obj = (v: unknown, what: string): Obj => {
  assert.ok(v !== null && typeof v === 'object' && !Array.isArray(v), `${what} is an object`);
  return v as Obj;
};
const arr = (v: unknown, what: string): unknown[] => {
  assert.ok(Array.isArray(v), `${what} is a list`);
  return v;
};

function documents(file: string): Obj[] {
  return YAML.parseAllDocuments(readFileSync(join(DEPLOY, file), 'utf8'), { merge: true }).map((d, i) => {
    assert.deepEqual(d.errors, [], `${file} document ${i} parses`);
    return obj(d.toJS(), `${file} document ${i}`);
  });
}

const configText = readFileSync(join(DEPLOY, 'usergraph.yaml'), 'utf8');
const variables = [...new Set([...configText.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g)].map((m) => m[1] ?? ''))];
const secretFiles = [...new Set([...configText.matchAll(/\$\{file:([^}]+)\}/g)].map((m) => (m[1] ?? '').trim()))];

/** Parses deploy/usergraph.yaml as the gateway would, with the secret files in a temporary directory. */
function parseDeployConfig(env: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'usergraph-deploy-'));
  try {
    for (const file of secretFiles) writeFileSync(join(dir, file.slice(SECRETS_DIR.length + 1)), `secret-${'x'.repeat(40)}\n`);
    return parseConfig(YAML.parse(configText.replaceAll(SECRETS_DIR, dir)), env, 'deploy/usergraph.yaml');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A value of the right shape for each variable the config names. */
function deployEnv(): Record<string, string> {
  const value = (v: string) => (v.endsWith('_HASH') ? `sha256:${'0'.repeat(64)}` : v === 'REDIS_URL' ? 'redis://redis:6379/0' : 'http://upstream.example');
  return Object.fromEntries(variables.map((v) => [v, value(v)]));
}

const kustomization = documents('kustomization.yaml')[0] ?? {};
const objects = arr(kustomization.resources, 'resources').flatMap((r) => documents(String(r)));
const find = (kind: string, name: string): Obj => {
  const found = objects.find((o) => o.kind === kind && obj(o.metadata, 'metadata').name === name);
  assert.ok(found, `${kind}/${name} is among the kustomization's resources`);
  return found;
};
const gateway = find('Deployment', 'usergraph');
const podSpec = obj(obj(obj(gateway.spec, 'spec').template, 'template').spec, 'pod spec');
const container = obj(arr(podSpec.containers, 'containers')[0], 'container');
const containerEnv = new Map(
  arr(container.env, 'env').map((e) => {
    const entry = obj(e, 'env entry');
    return [String(entry.name), String(entry.value)];
  }),
);
const mounts = arr(container.volumeMounts, 'volumeMounts').map((m) => obj(m, 'volumeMount'));
const volumes = arr(podSpec.volumes, 'volumes').map((v) => obj(v, 'volume'));
const volumeAt = (path: string): Obj => {
  const mount = mounts.find((m) => m.mountPath === path);
  assert.ok(mount, `something is mounted at ${path}`);
  const volume = volumes.find((v) => v.name === mount.name);
  assert.ok(volume, `volume ${String(mount.name)} exists`);
  return volume;
};
const labelsMatch = (selector: unknown, labels: unknown) => Object.entries(obj(selector, 'selector')).every(([k, v]) => obj(labels, 'labels')[k] === v);

/** kubernetes-models' class for an object's apiVersion and kind: its validate() runs the OpenAPI schema. */
const MODELS: Record<string, Record<string, unknown>> = { 'apps/v1': appsV1, 'policy/v1': policyV1, v1: coreV1 };
function validateAgainstKubernetes(o: Obj): void {
  const model = MODELS[String(o['apiVersion'])]?.[String(o.kind)] as (new (data: unknown) => { validate(): void }) | undefined;
  assert.ok(model, `a schema for ${String(o['apiVersion'])} ${String(o.kind)}`);
  new model(o).validate();
}

describe('deploy/kubernetes against the Kubernetes OpenAPI schemas', () => {
  it('every object the kustomization lists is valid', () => {
    assert.ok(objects.length >= 7);
    for (const o of objects) {
      assert.doesNotThrow(() => validateAgainstKubernetes(o), `${String(o.kind)}/${String(obj(o.metadata, 'metadata').name)}`);
    }
  });

  it('the check refuses what a cluster would', () => {
    // Mutants of the real Deployment: a probe without a port, replicas as a word, a bad pull policy.
    const broken: ((d: Obj) => void)[] = [
      (d) => {
        obj(obj(arr(obj(obj(obj(d.spec, 's').template, 't').spec, 'p').containers, 'c')[0], 'c')['livenessProbe'], 'l').httpGet = { path: '/healthz' };
      },
      (d) => {
        obj(d.spec, 's').replicas = 'two';
      },
      (d) => {
        obj(arr(obj(obj(obj(d.spec, 's').template, 't').spec, 'p').containers, 'c')[0], 'c')['imagePullPolicy'] = 'Sometimes';
      },
    ];
    for (const mutate of broken) {
      const copy = obj(structuredClone(gateway), 'copy');
      mutate(copy);
      assert.throws(() => validateAgainstKubernetes(copy));
    }
  });

  it('asks Prometheus to scrape /metrics on the port the gateway serves it', () => {
    const annotations = obj(obj(obj(obj(gateway.spec, 'spec').template, 'template').metadata, 'metadata')['annotations'], 'annotations');
    const config = parseDeployConfig(deployEnv());
    assert.equal(config.server.metrics.enabled, true);
    assert.equal(annotations['prometheus.io/scrape'], 'true');
    assert.equal(annotations['prometheus.io/path'], '/metrics');
    assert.equal(Number(annotations['prometheus.io/port']), config.server.metrics.port ?? config.server.port);
  });
});

describe('deploy/usergraph.yaml (the config compose and Kubernetes mount)', () => {
  it('is valid once the variables and secret files it names are there, and shares state through Redis', () => {
    const config = parseDeployConfig(deployEnv());
    assert.equal(config.state.store, 'redis');
    assert.equal(config.server.host, '0.0.0.0', 'listens beyond the container');
    assert.ok(config.auth.planSigningKey, 'plans verify on every replica');
    assert.equal(config.sources.length, 3);
  });

  it('holds no secret itself: every credential comes from a file', () => {
    assert.ok(secretFiles.length >= 4);
    for (const file of secretFiles) assert.ok(file.startsWith(`${SECRETS_DIR}/`), `${file} is under ${SECRETS_DIR}`);
    assert.doesNotMatch(configText, /secret: "(?!\$\{)/);
  });
});

describe('deploy/kustomization.yaml (Kubernetes)', () => {
  it('runs two replicas that never all go at once', () => {
    const spec = obj(gateway.spec, 'spec');
    assert.ok(Number(spec.replicas) >= 2);
    assert.equal(obj(obj(spec.strategy, 'strategy').rollingUpdate, 'rollingUpdate').maxUnavailable, 0);
    const pdb = find('PodDisruptionBudget', 'usergraph');
    assert.ok(Number(obj(pdb.spec, 'spec').minAvailable) >= 1);
    const podLabels = obj(obj(spec.template, 'template').metadata, 'metadata').labels;
    assert.ok(labelsMatch(obj(obj(pdb.spec, 'spec').selector, 'selector').matchLabels, podLabels), "the PDB selects the gateway's pods");
    assert.ok(labelsMatch(obj(spec.selector, 'selector').matchLabels, podLabels), 'the Deployment selects its own pods');
  });

  it('gives the container every variable and secret file the config names', () => {
    assert.equal(containerEnv.get('USERGRAPH_CONFIG'), CONFIG_PATH);
    for (const v of variables) assert.ok(containerEnv.has(v), `the container sets ${v}`);
    const generated = arr(kustomization.configMapGenerator, 'configMapGenerator').map((g) => obj(g, 'generator'));
    const configVolume = volumeAt(CONFIG_PATH.slice(0, CONFIG_PATH.lastIndexOf('/')));
    const configMapName = obj(configVolume.configMap, 'configMap volume').name;
    const generator = generated.find((g) => g.name === configMapName);
    assert.ok(generator, `the ConfigMap ${String(configMapName)} is generated`);
    assert.deepEqual(generator.files, ['usergraph.yaml=usergraph.yaml'], 'from deploy/usergraph.yaml, under the name USERGRAPH_CONFIG reads');

    const secretName = obj(volumeAt(SECRETS_DIR).secret, 'secret volume').secretName;
    const secret = find('Secret', String(secretName));
    const keys = Object.keys(obj(secret.stringData, 'stringData'));
    for (const file of secretFiles) assert.ok(keys.includes(file.slice(SECRETS_DIR.length + 1)), `the Secret has ${file}`);
  });

  it('points Redis at the Redis Service', () => {
    const url = new URL(String(containerEnv.get('REDIS_URL')));
    const service = find('Service', url.hostname);
    const port = obj(arr(obj(service.spec, 'spec').ports, 'ports')[0], 'port');
    assert.equal(String(port.port), url.port);
    const redis = find('Deployment', url.hostname);
    const redisPod = obj(obj(redis.spec, 'spec').template, 'template');
    assert.ok(labelsMatch(obj(service.spec, 'spec').selector, obj(redisPod.metadata, 'metadata').labels), 'the Service selects the Redis pod');
  });

  it("probes the gateway's own health endpoints on the port the config listens on", () => {
    const ports = arr(container.ports, 'ports').map((p) => obj(p, 'port'));
    const http = ports.find((p) => p.name === 'http');
    assert.equal(http?.containerPort, YAML.parse(configText).server.port);
    const probe = (name: string) => obj(obj(container[name], name).httpGet, `${name}.httpGet`);
    assert.equal(probe('livenessProbe').path, '/healthz');
    assert.equal(probe('startupProbe').path, '/healthz');
    assert.equal(probe('readinessProbe').path, '/readyz');
    for (const name of ['livenessProbe', 'readinessProbe', 'startupProbe']) assert.equal(probe(name).port, 'http');
    const service = find('Service', 'usergraph');
    assert.equal(obj(arr(obj(service.spec, 'spec').ports, 'ports')[0], 'port').targetPort, 'http');
    assert.ok(labelsMatch(obj(service.spec, 'spec').selector, obj(obj(obj(gateway.spec, 'spec').template, 'template').metadata, 'metadata').labels));
  });

  it("runs as the image's unprivileged user, read-only, and outlasts the drain", () => {
    const dockerfile = readFileSync(join(PROJECT_ROOT, 'Dockerfile'), 'utf8');
    assert.match(dockerfile, /^USER node$/m, 'the image runs as node (uid 1000 in node:20-slim)');
    const pod = obj(podSpec.securityContext, 'pod securityContext');
    assert.equal(pod.runAsNonRoot, true);
    assert.equal(pod.runAsUser, 1000);
    const own = obj(container.securityContext, 'container securityContext');
    assert.equal(own.readOnlyRootFilesystem, true);
    assert.equal(own.allowPrivilegeEscalation, false);
    assert.deepEqual(obj(own.capabilities, 'capabilities').drop, ['ALL']);
    // The gateway drains for max(requestTimeoutMs, source timeouts) + 1 s after SIGTERM.
    const config = parseDeployConfig(deployEnv());
    const drainSeconds = (Math.max(config.server.requestTimeoutMs, ...config.sources.map((s) => s.timeoutMs)) + 1_000) / 1000;
    const preStop = obj(obj(container.lifecycle, 'lifecycle').preStop, 'preStop');
    const pause = Number(arr(obj(preStop.exec, 'preStop.exec').command, 'command')[1]);
    assert.ok(
      Number(podSpec.terminationGracePeriodSeconds) > drainSeconds + pause,
      `${String(podSpec.terminationGracePeriodSeconds)} s > ${drainSeconds} s drain + ${pause} s preStop`,
    );
  });
});

describe('deploy/compose.yaml', () => {
  const compose = documents('compose.yaml')[0] ?? {};
  const services = obj(compose.services, 'services');
  const replicas = Object.entries(services).filter(([name]) => name.startsWith('usergraph'));

  it('runs two replicas on one Redis, each given what the config names', () => {
    assert.equal(replicas.length, 2);
    const redis = obj(services.redis, 'redis service');
    assert.ok(redis.healthcheck, 'Redis reports when it is up');
    const hostPorts = new Set<string>();
    for (const [name, service] of replicas) {
      const s = obj(service, name);
      const env = obj(s.environment, `${name}.environment`);
      assert.equal(env['USERGRAPH_CONFIG'], CONFIG_PATH);
      for (const v of variables) assert.ok(v in env, `${name} sets ${v}`);
      assert.equal(new URL(String(env['REDIS_URL'])).hostname, 'redis');
      const volumesOf = arr(s.volumes, `${name}.volumes`).map(String);
      assert.ok(volumesOf.includes(`./usergraph.yaml:${CONFIG_PATH}:ro`));
      assert.ok(volumesOf.some((v) => v.endsWith(`:${SECRETS_DIR}:ro`)));
      assert.deepEqual(obj(obj(s.depends_on, 'depends_on').redis, 'depends_on.redis').condition, 'service_healthy');
      assert.equal(s.read_only, true);
      for (const p of arr(s.ports, 'ports').map(String)) {
        assert.ok(p.endsWith(':4000'));
        hostPorts.add(p);
      }
    }
    assert.equal(hostPorts.size, 2, 'each replica on a port of its own');
  });
});
