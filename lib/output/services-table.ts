import { formatPort, TopologyModel } from '../topology/model';

/**
 * A table of the Services of some applications, like `kubectl get services`: name, type, ports,
 * the workload (tier) the selector matches and its Pod count.
 *
 * @example
 * // NAME       TYPE       PORT(S)       SELECTS    PODS
 * // back-end   ClusterIP  80->8080/TCP  back-end   2
 */
export function formatServicesTable(models: readonly TopologyModel[]): string {
  const rows = [['NAME', 'TYPE', 'PORT(S)', 'SELECTS', 'PODS']];
  const namespaced = models.some((m) => m.services.some((s) => s.namespace));
  if (namespaced) rows[0].unshift('NAMESPACE');
  for (const s of models.flatMap((m) => m.services)) {
    const row = [
      s.name,
      s.headless ? `${s.type}(None)` : s.type,
      s.ports.map(formatPort).join(',') || '<none>',
      s.selects.join(',') || '<nothing>',
      String(s.pods),
    ];
    if (namespaced) row.unshift(s.namespace ?? '<default>');
    rows.push(row);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ')).join('\n') + '\n';
}
