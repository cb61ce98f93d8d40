import type { Tier } from '../tier/tier';
import { findTargetContainerPort } from '../tier/tier-port';
import { formatProblem, Problem } from './problem';
import { DNS1035_LABEL, IANA_SVC_NAME, isPortNumber, labelKeyError, labelValueError, MAX_NAME_LENGTH, PROTOCOLS } from './rules';

/**
 * Checks one tier against what the API server accepts and what makes a working Service.
 * Runs at synth (through `node.addValidation`), when every `add*` call has been made.
 */
export function validateTier(tier: Tier): string[] {
  return tierProblems(tier).map(formatProblem);
}

/** The problems of one tier, unformatted. */
export function tierProblems(tier: Tier): Problem[] {
  const problems: Problem[] = [];
  const add = (field: string, value: unknown, rule: string, fix: string) => problems.push({ field, value, rule, fix });

  if (tier.name.length > MAX_NAME_LENGTH || !DNS1035_LABEL.test(tier.name)) {
    add('metadata.name', tier.name,
      'a tier name is its Service name, a DNS-1035 label: at most 63 lowercase letters, digits or "-", starting with a letter and ending with a letter or digit',
      'rename the tier, for example "back-end"');
  }

  for (const [key, value] of Object.entries(tier.labels.metadata)) {
    const keyError = labelKeyError(key);
    if (keyError) add(`metadata.labels[${JSON.stringify(key)}]`, key, keyError, 'use a key such as "team" or "example.com/team"');
    const valueError = labelValueError(value);
    if (valueError) add(`metadata.labels[${JSON.stringify(key)}]`, value, valueError, 'use a value such as "payments" or "1.2.3"');
  }

  const ports = tier.servicePorts;
  if (ports.length === 0 && !tier.props.headless) {
    add('spec.ports', [], 'a ClusterIP Service needs at least one port', 'give the tier a port: { port: 80 } or ports: [...]');
  }
  ports.forEach((p, i) => {
    if (!isPortNumber(p.port)) {
      add(`spec.ports[${i}].port`, p.port, 'a port number must be an integer between 1 and 65535', 'use the port clients call, such as 80');
    }
    if (!PROTOCOLS.includes(p.protocol)) {
      add(`spec.ports[${i}].protocol`, p.protocol, 'the protocol must be TCP, UDP or SCTP (case-sensitive)', 'use "TCP"');
    }
    if (p.name !== undefined && !IANA_SVC_NAME.test(p.name)) {
      add(`spec.ports[${i}].name`, p.name,
        'a port name must be an IANA service name: 1-15 lowercase letters, digits or single "-", with at least one letter',
        'use a name such as "http" or "grpc"');
    }
    if (ports.length > 1 && p.name === undefined) {
      add(`spec.ports[${i}].name`, undefined, 'every port of a Service with more than one port needs a name', 'name each port, such as "http" and "metrics"');
    }
    if (typeof p.targetPort === 'number' && !isPortNumber(p.targetPort)) {
      add(`spec.ports[${i}].targetPort`, p.targetPort, 'a port number must be an integer between 1 and 65535', 'use the port the container listens on');
    } else if (!findTargetContainerPort(p, tier.containerPorts)) {
      add(`spec.ports[${i}].targetPort`, p.targetPort,
        `no ${p.protocol} container port provides this targetPort, so the Service would route nowhere`,
        `declare it with containerPorts: [{ name: ${JSON.stringify(p.targetPort)}, containerPort: <number> }] or use a numeric targetPort`);
    }
  });

  if (!Number.isInteger(tier.replicas) || tier.replicas < 0) {
    add('spec.replicas', tier.replicas, 'replicas must be a whole number of 0 or more', 'use replicas: 1 or more');
  }
  return problems;
}
