/**
 * The bad-input table of synth validation (test/validation.test.ts), shared with the parity test
 * (test/rule-parity.test.ts), which checks that check finds the same rule set problems in the
 * manifests these cases render.
 */
import { ApiObject, App, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Application, ApplicationProps, LabelScheme, Tier, TierProbe, TierProps } from '../lib';

/** A tier that passes every rule; each case below breaks one thing about it. */
export const GOOD: TierProps = { image: 'nginx:1.25', port: 80, targetPort: 8080 };

export interface ValidationCase {
  /** What is wrong, in words (the test name). */
  readonly bad: string;
  /** Builds the bad input inside `myapp`. */
  readonly build: (myapp: Application, app: App) => void;
  /** Options of the `myapp` Application. */
  readonly appProps?: ApplicationProps;
  /** The construct path, manifest field and words of the rule the message must name. */
  readonly path: string;
  readonly field: string;
  readonly rule: RegExp;
}

const tier = (props: Partial<TierProps>, id = 'web') => (myapp: Application) => new Tier(myapp, id, { ...GOOD, ...props } as TierProps);
const patched = (...patches: JsonPatch[]) => (myapp: Application) => ApiObject.of(new Tier(myapp, 'web', GOOD).deployment).addJsonPatch(...patches);
const patchedService = (...patches: JsonPatch[]) => (myapp: Application) => new Tier(myapp, 'web', GOOD).service.addJsonPatch(...patches);
export const CONTAINER = 'spec.template.spec.containers[0]';
/** A reference to key `key` of the Secret named `name`. */
export const secretValue = (scope: Application, name: string, key: string) =>
  kplus.EnvValue.fromSecretValue({ secret: kplus.Secret.fromSecretName(scope, `secret-${name}-${key}`, name), key });

export const VALIDATION_CASES: ValidationCase[] = [
  // names
  { bad: 'a tier name starting with a digit', build: tier({}, '1redis'), path: 'myapp/1redis', field: 'metadata.name', rule: /DNS-1035 label.*starting with a letter/ },
  { bad: 'a tier name in upper case', build: tier({ name: 'BackEnd' }), path: 'myapp/web', field: 'metadata.name', rule: /tier name is its Service name.*lowercase/ },
  { bad: 'a tier name with an underscore', build: tier({ name: 'back_end' }), path: 'myapp/web', field: 'metadata.name', rule: /DNS-1035/ },
  { bad: 'a tier name of 64 characters', build: tier({ name: 'a'.repeat(64) }), path: 'myapp/web', field: 'metadata.name', rule: /at most 63/ },
  { bad: 'a tier name ending with "-"', build: tier({ name: 'web-' }), path: 'myapp/web', field: 'metadata.name', rule: /ending with a letter or digit/ },
  { bad: 'a namespace with an underscore', appProps: { namespace: 'my_ns' }, build: tier({}), path: 'myapp', field: 'metadata.namespace', rule: /namespace name: it must be a DNS-1123 label/ },
  { bad: 'a namespace with a dot', appProps: { namespace: 'shop.prod' }, build: tier({}), path: 'myapp', field: 'metadata.namespace', rule: /DNS-1123 label/ },
  { bad: 'a Service name patched to start with a digit', build: patchedService(JsonPatch.replace('/metadata/name', '9web')), path: 'myapp/web', field: 'metadata.name', rule: /Service name is a DNS-1035 label/ },
  // the application and its label scheme
  { bad: 'an application name with a space', appProps: { name: 'my app' }, build: tier({}), path: 'myapp', field: 'spec.selector["app"]', rule: /application name is a label value in every selector/ },
  { bad: 'an empty application name', appProps: { name: '' }, build: tier({}), path: 'myapp', field: 'spec.selector["app"]', rule: /application name is empty/ },
  { bad: 'an application name that looks like a version', appProps: { name: '1.2.3' }, build: tier({}), path: 'myapp', field: 'spec.selector["app"]', rule: /looks like a version.*immutable/ },
  { bad: 'an application label key with a space', appProps: { labels: { 'cost center': 'x' } }, build: tier({}), path: 'myapp', field: 'labels["cost center"]', rule: /invalid label key/ },
  { bad: 'an application label value with "+"', appProps: { labels: { build: '1.2+3' } }, build: tier({}), path: 'myapp', field: 'labels["build"]', rule: /invalid label value/ },
  { bad: 'a label scheme key with a space', appProps: { labelScheme: new LabelScheme({ appKey: 'my app' }) }, build: tier({}), path: 'myapp', field: 'labelScheme.appKey', rule: /invalid label key/ },
  { bad: 'a label scheme with one key for application and tier', appProps: { labelScheme: new LabelScheme({ appKey: 'app', tierKey: 'app' }) }, build: tier({}), path: 'myapp', field: 'labelScheme.tierKey', rule: /application key and the tier key are the same/ },
  { bad: 'a label scheme that selects on the version', appProps: { labelScheme: new LabelScheme({ tierKey: 'app.kubernetes.io/version' }) }, build: tier({}), path: 'myapp', field: 'labelScheme.tierKey', rule: /version label changes with every release/ },
  // tier labels
  { bad: 'a label key starting with "_"', build: tier({ labels: { _team: 'a' } }), path: 'myapp/web', field: 'metadata.labels["_team"]', rule: /invalid label key.*starting and ending with a letter or digit/ },
  { bad: 'a label key with an upper-case prefix', build: tier({ labels: { 'Example.com/team': 'a' } }), path: 'myapp/web', field: 'metadata.labels["Example.com/team"]', rule: /prefix must be a lowercase DNS subdomain/ },
  { bad: 'a label key with two "/"', build: tier({ labels: { 'a/b/c': 'x' } }), path: 'myapp/web', field: 'metadata.labels["a/b/c"]', rule: /at most one "\/"/ },
  { bad: 'a label value of 64 characters', build: tier({ labels: { note: 'x'.repeat(64) } }), path: 'myapp/web', field: 'metadata.labels["note"]', rule: /invalid label value: .*at most 63/ },
  { bad: 'a label value with "/"', build: tier({ labels: { release: 'v1/2' } }), path: 'myapp/web', field: 'metadata.labels["release"]', rule: /invalid label value/ },
  { bad: 'a label with a space added to the Service through the escape hatch', build: (myapp) => new Tier(myapp, 'web', GOOD).service.metadata.addLabel('team', 'bad value'), path: 'myapp/web', field: 'metadata.labels["team"]', rule: /invalid label value/ },
  // ports
  { bad: 'port 0', build: tier({ port: 0, targetPort: 8080 }), path: 'myapp/web', field: 'spec.ports[0].port', rule: /between 1 and 65535/ },
  { bad: 'port 70000', build: tier({ port: 70000, targetPort: 8080 }), path: 'myapp/web', field: 'spec.ports[0].port', rule: /between 1 and 65535/ },
  { bad: 'a fractional port', build: tier({ port: 80.5, targetPort: 8080 }), path: 'myapp/web', field: 'spec.ports[0].port', rule: /an integer/ },
  { bad: 'targetPort 0', build: tier({ targetPort: 0 }), path: 'myapp/web', field: 'spec.ports[0].targetPort', rule: /between 1 and 65535/ },
  { bad: 'a named targetPort in upper case', build: tier({ targetPort: 'HTTP' }), path: 'myapp/web', field: 'spec.ports[0].targetPort', rule: /named targetPort is a container port name: .*IANA service name/ },
  { bad: 'a named targetPort no container port provides', build: tier({ targetPort: 'web' }), path: 'myapp/web', field: 'spec.ports[0].targetPort', rule: /no TCP container port .* provides this targetPort, so the Service would route nowhere/ },
  { bad: 'a targetPort patched to a port the container does not declare', build: patchedService(JsonPatch.replace('/spec/ports/0/targetPort', 9999)), path: 'myapp/web', field: 'spec.ports[0].targetPort', rule: /route nowhere/ },
  { bad: 'a named targetPort declared for another protocol', build: tier({ targetPort: 'dns', containerPorts: [{ name: 'dns', containerPort: 53, protocol: 'UDP' }] }), path: 'myapp/web', field: 'spec.ports[0].targetPort', rule: /no TCP container port/ },
  { bad: 'a protocol in lower case', build: tier({ protocol: 'tcp' as any }), path: 'myapp/web', field: 'spec.ports[0].protocol', rule: /TCP, UDP or SCTP/ },
  { bad: 'a port name of 16 characters', build: tier({ port: undefined, targetPort: undefined, ports: [{ name: 'a-very-long-name', port: 80 }] }), path: 'myapp/web', field: `${CONTAINER}.ports[0].name`, rule: /1-15 lowercase/ },
  { bad: 'a port name with "--"', build: tier({ port: undefined, targetPort: undefined, ports: [{ name: 'my--port', port: 80 }] }), path: 'myapp/web', field: `${CONTAINER}.ports[0].name`, rule: /single "-"/ },
  { bad: 'a port name of digits only', build: tier({ port: undefined, targetPort: undefined, ports: [{ name: '8080', port: 80 }] }), path: 'myapp/web', field: `${CONTAINER}.ports[0].name`, rule: /at least one letter/ },
  // a Service port name is a DNS-1123 label; the IANA rule is the container port's, which the tier's port also names
  { bad: 'a Service port name in upper case', build: tier({ port: undefined, targetPort: undefined, ports: [{ name: 'Http', port: 80, targetPort: 'http' }], containerPorts: [{ name: 'http', containerPort: 8080 }] }), path: 'myapp/web', field: 'spec.ports[0].name', rule: /Service port name must be a DNS-1123 label/ },
  { bad: 'two ports without names', build: tier({ port: undefined, targetPort: undefined, ports: [{ port: 80 }, { port: 443 }] }), path: 'myapp/web', field: 'spec.ports[1].name', rule: /more than one port needs a name/ },
  { bad: 'the same port and protocol twice', build: tier({ port: undefined, targetPort: undefined, ports: [{ name: 'a', port: 80 }, { name: 'b', port: 80 }] }), path: 'myapp/web', field: 'spec.ports[1].port', rule: /already has port 80\/TCP/ },
  { bad: 'two Service ports with one name', build: tier({ port: undefined, targetPort: undefined, ports: [{ name: 'http', port: 80 }, { name: 'http', port: 81 }] }), path: 'myapp/web', field: 'spec.ports[1].name', rule: /port names are unique in a Service/ },
  { bad: 'no port at all', build: tier({ port: undefined, targetPort: undefined }), path: 'myapp/web', field: 'spec.ports', rule: /needs at least one port/ },
  // the same two mistakes made through the escape hatch (kplus refuses them in containerPorts)
  {
    bad: 'a container port name declared twice (by a patch)',
    build: (myapp) => ApiObject.of(new Tier(myapp, 'web', { ...GOOD, containerPorts: [{ name: 'admin', containerPort: 9000 }] }).deployment)
      .addJsonPatch(JsonPatch.add('/spec/template/spec/containers/0/ports/-', { name: 'admin', containerPort: 9001, protocol: 'TCP' })),
    path: 'myapp/web', field: `${CONTAINER}.ports[2].name`, rule: /names are unique in a Pod/,
  },
  { bad: 'a container port declared twice (by a patch)', build: patched(JsonPatch.add('/spec/template/spec/containers/0/ports/-', { containerPort: 8080, protocol: 'TCP' })), path: 'myapp/web', field: `${CONTAINER}.ports[1].containerPort`, rule: /container port 8080\/TCP is already declared/ },
  { bad: 'container port 0', build: tier({ containerPorts: [{ name: 'admin', containerPort: 0 }] }), path: 'myapp/web', field: `${CONTAINER}.ports[0].containerPort`, rule: /between 1 and 65535/ },
  { bad: 'a container port name with "_"', build: tier({ containerPorts: [{ name: 'ad_min', containerPort: 9000 }] }), path: 'myapp/web', field: `${CONTAINER}.ports[0].name`, rule: /IANA service name/ },
  // replicas
  { bad: 'negative replicas', build: tier({ replicas: -1 }), path: 'myapp/web', field: 'spec.replicas', rule: /whole number from 0/ },
  { bad: 'fractional replicas', build: tier({ replicas: 1.5 }), path: 'myapp/web', field: 'spec.replicas', rule: /whole number/ },
  // environment
  { bad: 'an env name starting with a digit', build: tier({ env: { '1VAR': 'x' } }), path: 'myapp/web', field: `${CONTAINER}.env[0].name`, rule: /not starting with a digit/ },
  { bad: 'an env name with "="', build: tier({ env: { 'A=B': 'x' } }), path: 'myapp/web', field: `${CONTAINER}.env[0].name`, rule: /environment variable name must be letters/ },
  { bad: 'the env name ".."', build: tier({ env: { '..': 'x' } }), path: 'myapp/web', field: `${CONTAINER}.env[0].name`, rule: /not "\.", "\.\." or starting with "\.\."/ },
  { bad: 'an env var set twice (by a patch)', build: (myapp) => ApiObject.of(new Tier(myapp, 'web', { ...GOOD, env: { MODE: 'a' } }).deployment).addJsonPatch(JsonPatch.add('/spec/template/spec/containers/0/env/-', { name: 'MODE', value: 'b' })), path: 'myapp/web', field: `${CONTAINER}.env[1].name`, rule: /already sets this variable/ },
  { bad: 'an env value that is a number', build: tier({ env: { PORT: 8080 as any } }), path: 'myapp/web', field: `${CONTAINER}.env[0].value`, rule: /value must be a string/ },
  { bad: 'a secret reference with an invalid name', build: (myapp) => new Tier(myapp, 'web', { ...GOOD, env: { PW: secretValue(myapp, 'Db_Creds', 'pw') } }), path: 'myapp/web', field: `${CONTAINER}.env[0].valueFrom.secretKeyRef.name`, rule: /DNS-1123 subdomain/ },
  { bad: 'a reference with two sources', build: (myapp) => ApiObject.of(new Tier(myapp, 'web', { ...GOOD, env: { PW: secretValue(myapp, 'db', 'pw') } }).deployment)
      .addJsonPatch(JsonPatch.add('/spec/template/spec/containers/0/env/0/valueFrom/configMapKeyRef', { name: 'cfg', key: 'pw' })), path: 'myapp/web', field: `${CONTAINER}.env[0].valueFrom`, rule: /exactly one of/ },
  { bad: 'a field reference the downward API does not offer', build: tier({ env: { NODE: kplus.EnvValue.fromFieldRef('spec.foo' as kplus.EnvFieldPaths) } }), path: 'myapp/web', field: `${CONTAINER}.env[0].valueFrom.fieldRef.fieldPath`, rule: /downward API offers only/ },
  // images
  { bad: 'an image without a tag', build: tier({ image: 'nginx' }), path: 'myapp/web', field: `${CONTAINER}.image`, rule: /without a tag means ":latest"/ },
  { bad: 'an image tagged latest', build: tier({ image: 'registry.example.com:5000/team/nginx:latest' }), path: 'myapp/web', field: `${CONTAINER}.image`, rule: /":latest" tag changes under a running Deployment/ },
  { bad: 'an image with an upper-case path', build: tier({ image: 'Nginx:1.25' }), path: 'myapp/web', field: `${CONTAINER}.image`, rule: /image reference is .*lowercase path/ },
  { bad: 'an image with a space', build: tier({ image: 'nginx: 1.25' }), path: 'myapp/web', field: `${CONTAINER}.image`, rule: /no spaces/ },
  { bad: 'an empty image', build: tier({ image: '' }), path: 'myapp/web', field: `${CONTAINER}.image`, rule: /image reference/ },
  // resources
  { bad: 'a CPU quantity that is not a quantity', build: tier({ resources: { cpu: { request: 'fast' } } }), path: 'myapp/web', field: `${CONTAINER}.resources.requests["cpu"]`, rule: /quantity is a number with an optional suffix/ },
  { bad: 'a memory quantity with a lower-case binary suffix', build: tier({ resources: { memory: { limit: '128mi' } } }), path: 'myapp/web', field: `${CONTAINER}.resources.limits["memory"]`, rule: /quantity/ },
  { bad: 'a negative quantity', build: tier({ resources: { cpu: { limit: '-1' } } }), path: 'myapp/web', field: `${CONTAINER}.resources.limits["cpu"]`, rule: /0 or more/ },
  { bad: 'a memory request above its limit', build: tier({ resources: { memory: { request: '2Gi', limit: '1Gi' } } }), path: 'myapp/web', field: `${CONTAINER}.resources.requests["memory"]`, rule: /memory request is above its limit/ },
  { bad: 'a CPU limit below the default request', build: tier({ resources: { cpu: { limit: '10m' } } }), path: 'myapp/web', field: `${CONTAINER}.resources.requests["cpu"]`, rule: /cpu request is above its limit \("10m"\).*the request is the default "50m"/ },
  // writable paths
  { bad: 'a relative writable path', build: tier({ writablePaths: ['tmp'] }), path: 'myapp/web', field: `${CONTAINER}.volumeMounts[0].mountPath`, rule: /absolute directory/ },
  { bad: 'the writable path "/"', build: tier({ writablePaths: ['/'] }), path: 'myapp/web', field: `${CONTAINER}.volumeMounts[0].mountPath`, rule: /other than "\/"/ },
  { bad: 'a writable path with ".."', build: tier({ writablePaths: ['/var/../etc'] }), path: 'myapp/web', field: `${CONTAINER}.volumeMounts[0].mountPath`, rule: /without "\.\."/ },
  { bad: 'one writable path twice', build: tier({ writablePaths: ['/tmp', '/tmp/'] }), path: 'myapp/web', field: `${CONTAINER}.volumeMounts[1].mountPath`, rule: /already mounts this directory/ },
  // probes
  { bad: 'a probe of an undeclared port', build: tier({ probe: TierProbe.fromTcpSocket({ port: 9999 }) }), path: 'myapp/web', field: `${CONTAINER}.readinessProbe.tcpSocket.port`, rule: /does not declare as a TCP container port/ },
  { bad: 'a probe of an unknown port name', build: tier({ probe: TierProbe.fromTcpSocket({ port: 'health' }) }), path: 'myapp/web', field: `${CONTAINER}.readinessProbe.tcpSocket.port`, rule: /no container port of this container has this name/ },
  { bad: 'an HTTP probe path without "/"', build: tier({ probe: TierProbe.fromHttpGet('healthz') }), path: 'myapp/web', field: `${CONTAINER}.readinessProbe.httpGet.path`, rule: /must start with "\/" \(the API server would accept it.*\[tier\/probe-path\]$/ },
  // what the API server refuses in a probe (validateProbe and friends), and a 0 it would replace with its default
  { bad: 'a liveness probe\'s successThreshold above 1 (by a patch)', build: patched(JsonPatch.add('/spec/template/spec/containers/0/livenessProbe/successThreshold', 2)), path: 'myapp/web', field: `${CONTAINER}.livenessProbe.successThreshold`, rule: /successThreshold must be 1.*\[pod\/probes\]$/ },
  { bad: 'terminationGracePeriodSeconds on a readiness probe (by a patch)', build: patched(JsonPatch.add('/spec/template/spec/containers/0/readinessProbe/terminationGracePeriodSeconds', 30)), path: 'myapp/web', field: `${CONTAINER}.readinessProbe.terminationGracePeriodSeconds`, rule: /must not be set on a readiness probe.*\[pod\/probes\]$/ },
  { bad: 'a lower-case HTTP probe scheme (by a patch)', build: patched(JsonPatch.add('/spec/template/spec/containers/0/livenessProbe', { httpGet: { path: '/healthz', port: 8080, scheme: 'https' } })), path: 'myapp/web', field: `${CONTAINER}.livenessProbe.httpGet.scheme`, rule: /"HTTP" or "HTTPS", in capitals.*\[pod\/probes\]$/ },
  { bad: 'a probe of a UDP port by name (by a patch)', build: patched(JsonPatch.add('/spec/template/spec/containers/0/ports/-', { containerPort: 53, protocol: 'UDP', name: 'dns' }),
    JsonPatch.replace('/spec/template/spec/containers/0/readinessProbe/tcpSocket/port', kplus.k8s.IntOrString.fromString('dns'))),
  path: 'myapp/web', field: `${CONTAINER}.readinessProbe.tcpSocket.port`, rule: /names a UDP or SCTP container port.*\[tier\/probe-ports\]$/ },
  { bad: 'a preStop hook on a port name the container lacks (by a patch)', build: patched(JsonPatch.add('/spec/template/spec/containers/0/lifecycle', { preStop: { httpGet: { path: '/drain', port: kplus.k8s.IntOrString.fromString('admin') } } })),
    path: 'myapp/web', field: `${CONTAINER}.lifecycle.preStop.httpGet.port`, rule: /no container port of this container has this name.*the hook would fail.*\[pod\/lifecycle\]$/ },
  { bad: 'a probe period of 0 (by a patch)', build: patched(JsonPatch.add('/spec/template/spec/containers/0/readinessProbe/periodSeconds', 0)), path: 'myapp/web', field: `${CONTAINER}.readinessProbe.periodSeconds`, rule: /replaces a periodSeconds of 0 with its default, 10.*\[tier\/probe-timings\]$/ },
  { bad: 'a probe with two handlers (by a patch)', build: patched(JsonPatch.add('/spec/template/spec/containers/0/readinessProbe/exec', { command: ['true'] })), path: 'myapp/web', field: `${CONTAINER}.readinessProbe`, rule: /exactly one handler/ },
  // volumes and mounts an escape hatch can break
  { bad: 'a volume name with "_" (by a patch)', build: patched(JsonPatch.add('/spec/template/spec/volumes/-', { name: 'my_cache', emptyDir: {} })), path: 'myapp/web', field: 'spec.template.spec.volumes[1].name', rule: /a volume name: .*DNS-1123/ },
  { bad: 'a volume declared twice (by a patch)', build: patched(JsonPatch.add('/spec/template/spec/volumes/-', { name: 'tmp', emptyDir: {} })), path: 'myapp/web', field: 'spec.template.spec.volumes[1].name', rule: /volume names are unique/ },
  { bad: 'a mount of a volume the Pod does not have (by a patch)', build: patched(JsonPatch.add('/spec/template/spec/containers/0/volumeMounts/-', { name: 'cache', mountPath: '/cache' })), path: 'myapp/web', field: `${CONTAINER}.volumeMounts[1].name`, rule: /names no volume of the Pod/ },
  // a tier sets only cpu, memory and ephemeral-storage; the API would take an extended resource
  { bad: 'an extended resource (by a patch)', build: patched(JsonPatch.add('/spec/template/spec/containers/0/resources/limits/nvidia.com~1gpu', kplus.k8s.Quantity.fromString('1'))), path: 'myapp/web', field: `${CONTAINER}.resources.limits["nvidia.com/gpu"]`, rule: /a tier sets only cpu, memory and ephemeral-storage/ },
  { bad: 'an extended resource requested without a limit (by a patch)', build: patched(JsonPatch.add('/spec/template/spec/containers/0/resources/requests/example.com~1gpu', kplus.k8s.Quantity.fromString('1'))), path: 'myapp/web', field: `${CONTAINER}.resources.limits["example.com/gpu"]`, rule: /cannot be overcommitted: the API server requires a limit equal to its request.*\[pod\/resources\]$/ },
  { bad: 'a resource name the API does not know (by a patch)', build: patched(JsonPatch.add('/spec/template/spec/containers/0/resources/limits/gpus', kplus.k8s.Quantity.fromString('1'))), path: 'myapp/web', field: `${CONTAINER}.resources.limits["gpus"]`, rule: /a container resource without a "\/" is cpu, memory.*\[pod\/resources\]$/ },
  { bad: 'an image given by digest alone', build: tier({ image: `sha256:${'a'.repeat(64)}` }), path: 'myapp/web', field: `${CONTAINER}.image`, rule: /names no repository/ },
  // what escape hatches can add
  { bad: 'a host port', build: patched(JsonPatch.add('/spec/template/spec/containers/0/ports/0/hostPort', 8080)), path: 'myapp/web', field: `${CONTAINER}.ports[0].hostPort`, rule: /host port binds the node's port/ },
  { bad: 'host networking', build: patched(JsonPatch.add('/spec/template/spec/hostNetwork', true)), path: 'myapp/web', field: 'spec.template.spec.hostNetwork', rule: /shares the node's namespace/ },
  { bad: 'a hostPath volume', build: patched(JsonPatch.add('/spec/template/spec/volumes/-', { name: 'host', hostPath: { path: '/etc' } })), path: 'myapp/web', field: 'spec.template.spec.volumes[1].hostPath', rule: /node's file system/ },
  { bad: 'a NodePort Service', build: patchedService(JsonPatch.replace('/spec/type', 'NodePort')), path: 'myapp/web', field: 'spec.type', rule: /ClusterIP, reachable only inside the cluster/ },
  { bad: 'a node port', build: patchedService(JsonPatch.add('/spec/ports/0/nodePort', 30080)), path: 'myapp/web', field: 'spec.ports[0].nodePort', rule: /node port may not be used when the Service type is ClusterIP.*exposeViaNodePort/ },
  { bad: 'a version label in the Deployment selector', build: patched(JsonPatch.add('/spec/selector/matchLabels/version', '1.25')), path: 'myapp/web', field: 'spec.selector.matchLabels["version"]', rule: /changes with every release.*immutable/ },
  { bad: 'a version-like value in the selector', build: patched(JsonPatch.add('/spec/selector/matchLabels/release', 'v2.0.1'), JsonPatch.add('/spec/template/metadata/labels/release', 'v2.0.1')), path: 'myapp/web', field: 'spec.selector.matchLabels["release"]', rule: /looks like a version/ },
  { bad: 'a Service selector patched away', build: patchedService(JsonPatch.remove('/spec/selector')), path: 'myapp/web', field: 'spec.selector', rule: /empty selector/ },
  { bad: 'a selector that does not match the Pod labels', build: patched(JsonPatch.replace('/spec/template/metadata/labels/tier', 'other')), path: 'myapp/web', field: 'spec.selector', rule: /does not match the Pod template labels/ },
  { bad: 'a label key "constructor", which cdk8s cannot render', build: tier({ labels: { constructor: 'x' } as Record<string, string> }), path: 'myapp/web', field: 'props.labels["constructor"]', rule: /cdk8s cannot render a map with a key named "constructor"/ },
  { bad: 'a label key "__proto__" from parsed JSON', build: tier({ labels: JSON.parse('{"__proto__": "x"}') }), path: 'myapp/web', field: 'metadata.labels["__proto__"]', rule: /invalid label key/ },
  { bad: 'a JSON patch that cannot apply', build: patched(JsonPatch.add('/spec/nothing/here', 1)), path: 'myapp/web', field: 'Deployment', rule: /could not be rendered/ },
  // across tiers and applications
  { bad: 'two tiers with one name', build: (myapp) => { new Tier(myapp, 'a', { ...GOOD, name: 'web' }); new Tier(myapp, 'b', { ...GOOD, name: 'web' }); }, path: 'myapp', field: 'tiers["web"]', rule: /two tiers are named "web"/ },
  {
    bad: 'two applications with a tier of one name in one namespace',
    build: (myapp, app) => { new Tier(myapp, 'web', GOOD); new Tier(new Application(app, 'other', { name: 'myapp' }), 'web', GOOD); },
    path: 'other', field: 'tiers["web"]', rule: /two tiers are named "web" in namespace \(default\) \(the other is myapp\/web\)/,
  },
  {
    bad: 'a tier whose labels put it under another tier\'s selector',
    build: (myapp, app) => {
      new Tier(myapp, 'web', GOOD);
      const other = new Application(app, 'other', { name: 'myapp', labelScheme: new LabelScheme({ tierKey: 'component' }) });
      new Tier(other, 'api', { ...GOOD, labels: { tier: 'web' } });
    },
    path: 'myapp', field: 'myapp/web.spec.selector', rule: /also matches the Pods of tier "api" \(other\/api\), so its Service would route to them/,
  },
  // the rules main gained in issues 18 and 21, in the one rule set: synth and check report them alike
  {
    bad: 'a route hostname in upper case (a JSON patch)',
    build: (myapp) => new Tier(myapp, 'web', GOOD).exposeViaGateway({ gateway: { name: 'public', namespace: 'gateway-system' } })
      .addJsonPatch(JsonPatch.add('/spec/hostnames', ['Shop.Example.com'])),
    path: 'myapp', field: 'objects["myapp/web/route-web"].spec.hostnames[0]', rule: /\[route\/spec\]$/,
  },
  {
    bad: 'a route backendRef to a Service port the output lacks (a JSON patch)',
    build: (myapp) => new Tier(myapp, 'web', GOOD).exposeViaGateway({ gateway: { name: 'public', namespace: 'gateway-system' } })
      .addJsonPatch(JsonPatch.replace('/spec/rules/0/backendRefs/0/port', 8080)),
    path: 'myapp', field: 'objects["myapp/web/route-web"].spec.rules[0].backendRefs[0].port', rule: /the Service web has no port 8080.*\[route\/backends\]$/,
  },
  // issue 17b's rules, in the one rule set: synth and check report them alike (test/rule-parity.test.ts)
  { bad: 'an unsafe sysctl (a JSON patch)', build: patched(JsonPatch.add('/spec/template/spec/securityContext/sysctls', [{ name: 'kernel.msgmax', value: '65536' }])), path: 'myapp/web', field: 'spec.template.spec.securityContext.sysctls[0].name', rule: /safe sysctls.*\[pod\/baseline\]$/ },
  { bad: 'an SELinux type (a JSON patch)', build: patched(JsonPatch.add('/spec/template/spec/securityContext/seLinuxOptions', { type: 'spc_t' })), path: 'myapp/web', field: 'spec.template.spec.securityContext.seLinuxOptions.type', rule: /SELinux type.*\[pod\/baseline\]$/ },
  { bad: 'a probe header name with a space', build: tier({ probe: TierProbe.fromHttpGet('/healthz', { headers: { 'X_Forwarded Host': 'shop' } }) }), path: 'myapp/web', field: `${CONTAINER}.readinessProbe.httpGet.httpHeaders[0].name`, rule: /HTTP header name.*\[pod\/http-header-name\]$/ },
  { bad: 'a nodeSelector key with a space', build: tier({ nodeSelector: { 'disk type': 'ssd' } }), path: 'myapp/web', field: 'spec.template.spec.nodeSelector["disk type"]', rule: /node label key.*\[pod\/node-selector\]$/ },
  { bad: 'a toleration key with a space', build: tier({ tolerations: [kplus.NodeTaintQuery.is('dedicated team', 'db')] }), path: 'myapp/web', field: 'spec.template.spec.tolerations[0].key', rule: /taint key.*\[pod\/tolerations\]$/ },
  {
    bad: 'a serviceAccountName with capitals',
    build: (myapp) => new Tier(myapp, 'web', { ...GOOD, serviceAccount: kplus.ServiceAccount.fromServiceAccountName(myapp, 'sa', 'Web_Runner') }),
    path: 'myapp/web', field: 'spec.template.spec.serviceAccountName', rule: /ServiceAccount name.*\[pod\/references\]$/,
  },
  {
    bad: 'an envFrom prefix starting with a digit',
    build: (myapp) => new Tier(myapp, 'web', { ...GOOD, envFrom: [kplus.Env.fromConfigMap(kplus.ConfigMap.fromConfigMapName(myapp, 'cm', 'web-config'), '1_')] }),
    path: 'myapp/web', field: `${CONTAINER}.envFrom[0].prefix`, rule: /prefix is an environment variable name.*\[pod\/env-sources\]$/,
  },
  { bad: 'a Pod annotation key with a space', build: tier({ podAnnotations: { 'prometheus io/scrape': 'true' } }), path: 'myapp/web', field: 'spec.template.metadata.annotations["prometheus io/scrape"]', rule: /annotation key.*\[object\/annotations-and-size\]$/ },
  {
    bad: 'a node port used by tiers of two applications',
    build: (myapp, app) => {
      new Tier(myapp, 'web', GOOD).exposeViaNodePort({ nodePort: 30080 });
      new Tier(new Application(app, 'other', { namespace: 'other' }), 'web', GOOD).exposeViaNodePort({ nodePort: 30080 });
    },
    path: 'other/web', field: 'spec.ports[0].nodePort', rule: /node ports are allocated once in the whole cluster.*\[cluster\/node-port\]$/,
  },
  {
    bad: 'two Ingress routes for one host and path',
    build: (myapp) => {
      new Tier(myapp, 'web', GOOD).exposeViaIngress({ host: 'shop.example.com', path: '/', controller: { namespace: 'traefik' } });
      new Tier(myapp, 'api', GOOD).exposeViaIngress({ host: 'shop.example.com', path: '/', controller: { namespace: 'traefik' } });
    },
    path: 'myapp', field: 'objects["myapp/api/ingress"].spec.rules[0].http.paths[0].path', rule: /already routes host.*\[cluster\/ingress-rule\]$/,
  },
  {
    bad: 'an application without a namespace and one in "default" writing Deployment web',
    build: (myapp, app) => { new Tier(myapp, 'web', GOOD); new Tier(new Application(app, 'other', { namespace: 'default' }), 'web', GOOD); },
    path: 'other/web', field: 'metadata.name', rule: /applied to "default".*\[cluster\/object-identity\]$/,
  },
  {
    // two tiers' objects in one namespace: synth finds the pair across the output, check by objects/duplicate; both name that rule
    bad: 'a track Deployment <tier>-<track> that another tier\'s Deployment also uses',
    build: (myapp) => { new Tier(myapp, 'web', GOOD).addTrack('canary'); new Tier(myapp, 'web-canary', GOOD); },
    path: 'myapp/web-canary', field: 'metadata.name', rule: /has the same kind and name in namespace "default"; one would overwrite the other.*\[objects\/duplicate\]$/,
  },
];
