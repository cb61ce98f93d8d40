import { isPortNumber, portNameError, servicePortNameError } from '../kubernetes/rules';
import { showValue } from './check-problem';
import { KubeObject } from './manifest-document';
import { checkLabels } from './metadata-rules';
import { Report } from './rule';

/** Checks a Service on its own: selector labels, port numbers, names and targetPorts. */
export function checkService(obj: KubeObject, report: Report): void {
  if (obj.kind !== 'Service' || obj.apiVersion !== 'v1') return;
  const spec: any = obj.spec ?? {};
  checkLabels(spec.selector, 'spec.selector', report);
  const ports: any[] = Array.isArray(spec.ports) ? spec.ports : [];
  const type = spec.type ?? 'ClusterIP';
  const names = new Set<string>();
  const keys = new Set<string>();
  ports.forEach((p, i) => {
    const field = `spec.ports[${i}]`;
    if (p?.port !== undefined && !isPortNumber(p.port)) report(`${field}.port`, `${showValue(p.port)} is not a port number (1-65535)`);
    // The schema checks the protocol (TCP, UDP or SCTP).
    const protocol = p?.protocol ?? 'TCP';
    if (p?.name === undefined || p.name === '') {
      if (ports.length > 1) report(`${field}.name`, 'is required: every port of a Service with more than one port needs a name');
    } else if (typeof p.name === 'string') {
      // The API server's rule (a DNS-1123 label), from the same function synth validation can use.
      const nameError = servicePortNameError(p.name);
      if (nameError) {
        report(`${field}.name`, `${showValue(p.name)}: ${nameError}; rename the port, for example "http"`);
      } else if (names.has(p.name)) {
        report(`${field}.name`, `${showValue(p.name)} names another port of this Service; port names must be unique`);
      }
      names.add(p.name);
    }
    // A port that is not a number is reported above (or by the schema), not as a duplicate.
    const key = `${String(p?.port)}/${String(protocol)}`;
    if (typeof p?.port === 'number' && keys.has(key)) report(`${field}`, `port ${key} is declared twice; (port, protocol) must be unique`);
    keys.add(key);
    const target = p?.targetPort;
    if (typeof target === 'number' && !isPortNumber(target)) {
      report(`${field}.targetPort`, `${showValue(target)} is not a port number (1-65535)`);
    } else if (typeof target === 'string' && portNameError(target)) {
      report(`${field}.targetPort`, `${showValue(target)}: a named targetPort is a container port name: ${portNameError(target)}; use the name of a container port, or a number`);
    }
    if (type === 'ClusterIP' && p?.nodePort !== undefined && p.nodePort !== 0) {
      report(`${field}.nodePort`, `${showValue(p.nodePort)} may not be used when the Service type is ClusterIP`);
    }
  });
}
