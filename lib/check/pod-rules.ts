import { parseExemptions, POD_SECURITY_EXEMPTIONS_ANNOTATION, restrictedProfileProblems } from '../kubernetes/pod-security-standards';
import { podSpecFieldProblems } from '../kubernetes/pod-spec-field-rules';
import { dns1123LabelError, isPortNumber, portNameError } from '../kubernetes/rules';
import { showValue } from './check-problem';
import { KubeObject } from './manifest-document';
import { checkLabels } from './metadata-rules';
import { containerPortsOf, containersOf, podSpecPath, podTemplateOf } from './pod-templates';
import { Report } from './rule';

/**
 * Checks the Pods a workload runs: template labels, container names, port numbers and names, no
 * host ports or host network (a host port pins a Pod to the nodes where that port is free), and
 * what every container sets against the Pod Security Standards "restricted" profile (the same
 * rule as synth validation, explicit settings only), less the exemptions the workload's
 * annotation names.
 */
export function checkPodTemplate(obj: KubeObject, reportTo: Report): void {
  const reported = new Set<string>();
  const report: Report = (field, message) => {
    reported.add(field);
    reportTo(field, message);
  };
  const t = podTemplateOf(obj);
  if (!t) return;
  if (t.path) checkLabels(t.labels, `${t.path}.metadata.labels`, report);
  if (t.spec.hostNetwork === true) {
    report(`${podSpecPath(t)}.hostNetwork`, 'true: host networking is forbidden (the Pod would share the node\'s network and ports); remove it');
  }

  const annotations: any = (obj as any).metadata?.annotations;
  const exemptions = parseExemptions(annotations?.[POD_SECURITY_EXEMPTIONS_ANNOTATION]);
  // What a manifest sets against "restricted" (a patched privileged: true); synth validation also
  // reports what our own Pods leave unset.

  const containerNames = new Set<string>();
  for (const { field, container } of containersOf(t)) {
    const name = container?.name;
    if (typeof name !== 'string') continue;
    if (dns1123LabelError(name)) {
      report(`${field}.name`, `${showValue(name)} is not a valid container name: at most 63 lowercase letters, digits or "-", starting and ending with a letter or digit`);
    } else if (containerNames.has(name)) {
      report(`${field}.name`, `${showValue(name)} is used by another container of the Pod; container names must be unique`);
    }
    containerNames.add(name);
  }

  const portNames = new Set<string>();
  const portKeys = new Set<string>();
  for (const p of containerPortsOf(t)) {
    if (p.containerPort !== undefined && !isPortNumber(p.containerPort)) {
      report(`${p.field}.containerPort`, `${showValue(p.containerPort)} is not a port number (1-65535)`);
    }
    if (p.hostPort !== undefined && p.hostPort !== 0) {
      report(`${p.field}.hostPort`, `${showValue(p.hostPort)}: host ports are forbidden (they pin the Pod to nodes where the port is free and bypass the Service); remove it`);
    }
    if (typeof p.name === 'string') {
      // The same function as synth validation's (an IANA service name, as the API server requires).
      const nameError = portNameError(p.name);
      if (nameError) {
        report(`${p.field}.name`, `${showValue(p.name)}: ${nameError}; rename the port, for example "http"`);
      } else if (portNames.has(p.name)) {
        report(`${p.field}.name`, `${showValue(p.name)} names another port of the Pod; a named targetPort would be ambiguous`);
      }
      portNames.add(p.name);
    }
    const key = `${String(p.containerPort)}/${String(p.protocol)}`;
    if (typeof p.containerPort === 'number' && portKeys.has(key)) report(`${p.field}.containerPort`, `${key} is declared twice in the Pod`);
    portKeys.add(key);
  }
  // What a manifest sets against "restricted" (a patched privileged: true); synth validation also
  // reports what our own Pods leave unset. A field reported above (a hostPort) is not repeated.
  for (const p of [...podSpecFieldProblems(podSpecPath(t), t.spec), ...restrictedProfileProblems(podSpecPath(t), t.spec, exemptions, { explicitOnly: true, podAnnotations: t.annotations })]) {
    if (!reported.has(p.field)) report(p.field, `${showValue(p.value)}: ${p.rule}; ${p.fix}`);
  }
}
