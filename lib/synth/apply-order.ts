import type { ManifestDocument } from '../check/manifest-document';
import { isRecord } from '../kubernetes/json';
import { compareStrings } from '../kubernetes/order';
import { WAVE_LABEL } from '../kubernetes/rollout-order';

/** How long each printed `kubectl wait` and `kubectl rollout status` waits. */
const TIMEOUT = '10m';

/**
 * The commands that apply an output in the order its tiers declare (`runsBefore`), with plain
 * kubectl: for each file whose objects carry the `cdk8s-tiers.io/wave` label, apply the objects up
 * to a wave (`-l 'cdk8s-tiers.io/wave notin (<later waves>)'`: objects without the label go with
 * the first), wait for that wave's workloads (a Job: `kubectl wait --for=condition=complete`; a
 * Deployment, StatefulSet or DaemonSet: `kubectl rollout status`), and so on, the last apply
 * without a selector. Empty when no object has a wave. Deterministic: files and objects sorted.
 *
 * @param fileLabel how to show a file (`dist/app.k8s.yaml`)
 */
export function applyOrderCommands(docs: readonly ManifestDocument[], fileLabel: (file: string) => string = (f) => f): string[] {
  const byFile = new Map<string, Array<{ wave: number; kind: string; name: string; namespace?: string }>>();
  for (const d of docs) {
    const m = d.doc;
    if (!isRecord(m) || !isRecord(m.metadata) || !isRecord(m.metadata.labels)) continue;
    const wave = Number(m.metadata.labels[WAVE_LABEL]);
    if (!Number.isInteger(wave) || wave < 0) continue;
    const namespace = typeof m.metadata.namespace === 'string' ? m.metadata.namespace : undefined;
    byFile.set(d.file, [...(byFile.get(d.file) ?? []), { wave, kind: String(m.kind), name: String(m.metadata.name), namespace }]);
  }
  const lines: string[] = [];
  for (const file of [...byFile.keys()].sort(compareStrings)) {
    const objects = byFile.get(file)!;
    const waves = [...new Set(objects.map((o) => o.wave))].sort((a, b) => a - b);
    const f = fileLabel(file);
    waves.forEach((wave, i) => {
      const later = waves.slice(i + 1);
      if (later.length === 0) {
        lines.push(`kubectl apply -f ${f}`);
        return;
      }
      lines.push(`kubectl apply -f ${f} -l '${WAVE_LABEL} notin (${later.join(',')})'`);
      const inWave = objects.filter((o) => o.wave === wave).sort((a, b) => compareStrings(`${a.kind}/${a.name}`, `${b.kind}/${b.name}`));
      for (const o of inWave) {
        const ns = o.namespace ? ` -n ${o.namespace}` : '';
        if (o.kind === 'Job') lines.push(`kubectl wait --for=condition=complete job/${o.name}${ns} --timeout=${TIMEOUT}`);
        else if (['Deployment', 'StatefulSet', 'DaemonSet'].includes(o.kind)) lines.push(`kubectl rollout status ${o.kind.toLowerCase()}/${o.name}${ns} --timeout=${TIMEOUT}`);
      }
    });
  }
  return lines;
}
