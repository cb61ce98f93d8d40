import { ApiObject, App, JsonPatch } from 'cdk8s';
import { Application, collectValidationErrors, Tier, TierProps } from '../lib';
import { checkManifests } from '../lib/check';
import { synthManifests } from '../lib/testing';

/**
 * "restricted" is the whole Pod Security Standards profile, baseline controls included: each
 * control, set by a JSON patch on a valid tier, is refused by synth validation and by
 * `cdk8s-tiers check` on the same manifest.
 */
const GOOD: TierProps = { image: 'nginx:1.25', port: 80, targetPort: 8080 };
const POD = '/spec/template/spec';
const T = 'spec.template.spec';

interface Case {
  readonly control: string;
  readonly patches: JsonPatch[];
  /** The field both synth and check must name. */
  readonly field: string;
  readonly rule: RegExp;
  readonly props?: Partial<TierProps>;
  /** The patches of the synth case, when cdk8s's typed serialization reads another name (hostPid for hostPID). */
  readonly synthPatches?: JsonPatch[];
  /** At synth, a field cdk8s-plus-28 cannot write (not in the 1.28 API) is refused as a dropped patch. */
  readonly droppedAtSynth?: boolean;
}

const CASES: Case[] = [
  { control: 'an unsafe sysctl', patches: [JsonPatch.add(`${POD}/securityContext/sysctls`, [{ name: 'kernel.msgmax', value: '65536' }])], field: `${T}.securityContext.sysctls[0].name`, rule: /safe sysctls/ },
  { control: 'AppArmor unconfined by annotation', patches: [JsonPatch.add('/spec/template/metadata/annotations', { 'container.apparmor.security.beta.kubernetes.io/web': 'unconfined' })], field: 'spec.template.metadata.annotations["container.apparmor.security.beta.kubernetes.io/web"]', rule: /AppArmor profile may only be runtime\/default/ },
  { control: 'AppArmor Unconfined by field', patches: [JsonPatch.add(`${POD}/containers/0/securityContext/appArmorProfile`, { type: 'Unconfined' })], field: `${T}.containers[0].securityContext.appArmorProfile.type`, rule: /only RuntimeDefault or Localhost/, droppedAtSynth: true },
  { control: 'an SELinux type', patches: [JsonPatch.add(`${POD}/securityContext/seLinuxOptions`, { type: 'spc_t' })], field: `${T}.securityContext.seLinuxOptions.type`, rule: /SELinux type other than container_t/ },
  { control: 'an SELinux user', patches: [JsonPatch.add(`${POD}/containers/0/securityContext/seLinuxOptions`, { user: 'system_u' })], field: `${T}.containers[0].securityContext.seLinuxOptions.user`, rule: /SELinux user/ },
  { control: 'an SELinux role', patches: [JsonPatch.add(`${POD}/containers/0/securityContext/seLinuxOptions`, { role: 'sysadm_r' })], field: `${T}.containers[0].securityContext.seLinuxOptions.role`, rule: /SELinux role/ },
  { control: 'a Windows host process on the Pod', patches: [JsonPatch.add(`${POD}/securityContext/windowsOptions`, { hostProcess: true })], field: `${T}.securityContext.windowsOptions.hostProcess`, rule: /Windows host process/ },
  { control: 'a Windows host process on a container', patches: [JsonPatch.add(`${POD}/containers/0/securityContext/windowsOptions`, { hostProcess: true })], field: `${T}.containers[0].securityContext.windowsOptions.hostProcess`, rule: /Windows host process/ },
  { control: 'the host PID namespace', patches: [JsonPatch.add(`${POD}/hostPID`, true)], synthPatches: [JsonPatch.add(`${POD}/hostPid`, true)], field: `${T}.hostPID`, rule: /shares the node's namespace/ },
  { control: 'the host IPC namespace', patches: [JsonPatch.add(`${POD}/hostIPC`, true)], synthPatches: [JsonPatch.add(`${POD}/hostIpc`, true)], field: `${T}.hostIPC`, rule: /shares the node's namespace/ },
  { control: 'a hostPath volume', patches: [JsonPatch.add(`${POD}/volumes/-`, { name: 'host', hostPath: { path: '/etc' } })], field: `${T}.volumes[1].hostPath`, rule: /node's file system/ },
  { control: 'a host port on an init container', patches: [JsonPatch.add(`${POD}/initContainers`, [{ name: 'init', image: 'busybox:1.36', ports: [{ containerPort: 9000, hostPort: 9000 }], securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }])], field: `${T}.initContainers[0].ports[0].hostPort`, rule: /host port binds the node's port/ },
  { control: 'an unmasked /proc on an ephemeral container', patches: [JsonPatch.add(`${POD}/ephemeralContainers`, [{ name: 'debug', image: 'busybox:1.36', securityContext: { procMount: 'Unmasked', allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }])], field: `${T}.ephemeralContainers[0].securityContext.procMount`, rule: /Default \/proc mount/ },
  { control: 'a privileged ephemeral container', patches: [JsonPatch.add(`${POD}/ephemeralContainers`, [{ name: 'debug', image: 'busybox:1.36', securityContext: { privileged: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }])], field: `${T}.ephemeralContainers[0].securityContext.privileged`, rule: /privileged/ },
];

function patchedApp(c: Case): App {
  const app = new App();
  const myapp = new Application(app, 'myapp');
  ApiObject.of(new Tier(myapp, 'web', { ...GOOD, ...c.props }).deployment).addJsonPatch(...(c.synthPatches ?? c.patches));
  return app;
}

/** The same manifests with the patches applied, as `check` reads them from a file. */
function patchedManifests(c: Case): any[] {
  const app = new App();
  new Tier(new Application(app, 'myapp'), 'web', { ...GOOD, ...c.props });
  return synthManifests(app).map((m) => (m.kind === 'Deployment' ? JsonPatch.apply(m, ...c.patches) : m));
}

describe('the Pod Security Standards baseline controls, part of "restricted"', () => {
  test.each(CASES.map((c) => [c.control, c] as const))('%s is refused at synth', (_, c) => {
    const errors = collectValidationErrors(patchedApp(c));
    const matching = c.droppedAtSynth
      ? errors.filter((e) => e.startsWith('[myapp/web] JsonPatch.add(') && /drops this value/.test(e))
      : errors.filter((e) => e.startsWith(`[myapp/web] ${c.field} = `) && c.rule.test(e));
    if (matching.length !== 1) throw new Error(`expected one error on ${c.field} matching ${c.rule}; got:\n${errors.join('\n')}`);
    expect(matching[0]).toMatch(/\. Fix: .+$/);
  });

  test.each(CASES.map((c) => [c.control, c] as const))('%s is refused by check', (_, c) => {
    const problems = checkManifests(patchedManifests(c).map((doc, index) => ({ file: 'app.k8s.yaml', doc, index })));
    const matching = problems.filter((p) => p.field === c.field);
    if (matching.length !== 1) throw new Error(`expected one problem on ${c.field}; got:\n${problems.map((p) => `${p.field}: ${p.message}`).join('\n')}`);
  });

  test('the allowed values pass: safe sysctls, runtime/default and localhost AppArmor, container_t, NET_BIND_SERVICE', () => {
    const ok: Case = {
      control: 'allowed', field: '', rule: /./,
      patches: [
        JsonPatch.add(`${POD}/securityContext/sysctls`, [{ name: 'net.ipv4.ip_unprivileged_port_start', value: '0' }]),
        JsonPatch.add('/spec/template/metadata/annotations', { 'container.apparmor.security.beta.kubernetes.io/web': 'runtime/default', 'container.apparmor.security.beta.kubernetes.io/x': 'localhost/mine' }),
        JsonPatch.add(`${POD}/securityContext/seLinuxOptions`, { type: 'container_t', level: 's0:c123,c456' }),
        JsonPatch.add(`${POD}/containers/0/securityContext/capabilities/add`, ['NET_BIND_SERVICE']),
        JsonPatch.add(`${POD}/containers/0/securityContext/windowsOptions`, { hostProcess: false }),
      ],
    };
    expect(collectValidationErrors(patchedApp(ok))).toEqual([]);
    expect(checkManifests(patchedManifests(ok).map((doc, index) => ({ file: 'app.k8s.yaml', doc, index })))).toEqual([]);
  });
});
