import { formatCheckProblem, showValue } from '../check/check-problem';
import { ManifestDiff } from './diff-manifests';
import { FieldChange } from './field-changes';
import { deleteBeforeApply, toProblem } from './immutable-guard';
import { OutputObject } from './object-identity';

/** Options of {@link formatDiff}. */
export interface FormatDiffOptions {
  /**
   * The title's names of the two outputs (`dist-main/ -> dist/`).
   * @default - no title line
   */
  readonly title?: {
    /** The name of the old output (`dist-main/`). */
    readonly old: string;
    /** The name of the new output (`dist/`). */
    readonly new: string;
  };
  /** How to show a file of the new output in a problem line (default: as it is). */
  readonly fileLabel?: (file: string) => string;
  /** The most changed fields listed per object; the rest are counted. @default 12 */
  readonly maxFields?: number;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function shortValue(value: unknown): string {
  const s = showValue(value);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

function fieldLine(f: FieldChange): string {
  return `${f.field}: ${shortValue(f.old)} -> ${shortValue(f.new)}`;
}

function where(o: OutputObject): string {
  return `${o.ref} (${o.obj.apiVersion}, ${o.file})`;
}

/**
 * The diff as lines of plain text that read as Markdown in a pull-request comment: a section per
 * kind of change (refused changes first, then replacements acknowledged, routing, added, removed,
 * changed), each a list, then a summary line. The same diff gives the same lines.
 */
export function formatDiff(diff: ManifestDiff, options: FormatDiffOptions = {}): string[] {
  const lines: string[] = [];
  const maxFields = options.maxFields ?? 12;
  const section = (heading: string, items: string[]) => {
    if (items.length === 0) return;
    if (lines.length) lines.push('');
    lines.push(`## ${heading}`, '', ...items);
  };
  if (options.title) lines.push(`# cdk8s-tiers diff: ${options.title.old} -> ${options.title.new}`);

  section(`Refused changes (${diff.refused.length}): a live API server would refuse these`,
    diff.refused.map((c) => `- ${formatCheckProblem(toProblem(c, options.fileLabel))}`));
  const acknowledged = diff.immutableChanges.filter((c) => c.acknowledged);
  section(`Replaced on purpose (${acknowledged.length}, --allow-replace): delete each before applying`,
    acknowledged.map((c) => `- ${c.object.ref}: ${c.field}: ${deleteBeforeApply(c)}`));
  section(`Routing (${diff.routing.length})`, diff.routing.map((r) => `- ${r.summary}`));
  section(`Added (${diff.added.length})`, diff.added.map((o) => `- ${where(o)}`));
  section(`Removed (${diff.removed.length})`, diff.removed.map((o) => `- ${where(o)}`));
  section(`Changed (${diff.changed.length})`, diff.changed.flatMap((c) => {
    const shown = c.fields.slice(0, maxFields).map((f) => `  - ${fieldLine(f)}`);
    if (c.fields.length > maxFields) shown.push(`  - and ${plural(c.fields.length - maxFields, 'more field')}`);
    return [`- ${c.object.ref}`, ...shown];
  }));
  if (diff.unusedAllowances.length) {
    section('Notes', diff.unusedAllowances.map((ref) => `- --allow-replace ${ref}: no refused change of that object (is the name right?)`));
  }
  if (diff.added.length + diff.removed.length + diff.changed.length === 0) {
    if (lines.length) lines.push('');
    lines.push('No change.');
  }
  lines.push('', summaryLine(diff));
  return lines;
}

/** `diff: 2 added, 1 removed, 3 changed, 1 routing change, 1 refused change (1 acknowledged)`. */
export function summaryLine(diff: ManifestDiff): string {
  const acknowledged = diff.immutableChanges.length - diff.refused.length;
  return `diff: ${diff.added.length} added, ${diff.removed.length} removed, ${diff.changed.length} changed, ` +
    `${plural(diff.routing.length, 'routing change')}, ${plural(diff.refused.length, 'refused change')}` +
    (acknowledged ? ` (${acknowledged} acknowledged with --allow-replace)` : '');
}
