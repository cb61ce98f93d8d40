import * as path from 'path';
import { CheckProblem, clip, formatCheckProblem, showValue } from './check-problem';
import { LoadedManifests, LoadOptions, loadManifests } from './load-manifests';
import { isKubeObject, KubeObject, ManifestDocument, objectRef } from './manifest-document';
import { validateSchema } from './schema-validation';
import { unknownFields } from './unknown-fields';
import { isRoute } from '../kubernetes/gateway-route-rules';
import { compareStrings } from '../kubernetes/order';
import { Problem } from '../kubernetes/problem';
import { objectProblems, setProblems } from '../kubernetes/rule-set';
import { propertyOf } from '../kubernetes/json';

/** Something worth knowing that is not a problem, such as a kind with no built-in schema. */
export interface CheckNote {
  /** The manifest file, relative to the checked folder. */
  readonly file: string;
  /** The object, as `Kind/namespace/name`, or `document N` for a skipped document. */
  readonly object: string;
  /** What was not checked, and why. */
  readonly message: string;
}

/** The outcome of checking a set of manifests. */
export interface CheckResult {
  /** How many Kubernetes objects were checked. */
  readonly objects: number;
  /** The problems, in file order, then document order. Empty when the manifests are fine. */
  readonly problems: readonly CheckProblem[];
  /** Objects whose schema could not be checked, and documents skipped as not Kubernetes objects. */
  readonly notes: readonly CheckNote[];
}

/** The outcome of checking a folder (or one file). */
export interface CheckReport extends CheckResult {
  /** The folder checked; for one file, its folder. The files of the report are relative to it. */
  readonly dir: string;
  /** How many manifest files were read. */
  readonly files: number;
}

const ROUTE_NOTE = 'Gateway API route: checked by the rules of the v1.2.1 CRDs (hostnames, matches, limits, backendRefs), not by a full schema (unknown fields are not reported)';

/** An object with where it was found. */
interface LocatedObject {
  readonly file: string;
  readonly obj: KubeObject;
  /** The document's position in its file. */
  readonly position: number;
}

/** A problem of the rule set as check shows it: the value (at most 200 characters), the rule, the fix. */
function messageOf(p: Problem): string {
  return `${showValue(p.value)}: ${p.rule}; ${p.fix}`;
}

/**
 * Checks parsed manifests: the Kubernetes API schema of each object, unknown fields, names, labels, ports, host
 * ports, selectors, and across objects duplicates, dangling Services and unresolved targetPorts.
 * Documents that are not Kubernetes objects (no `apiVersion` and `kind`, or a Kustomization) are skipped.
 *
 * @returns the problems, in a stable order (file, document, then field); empty when all is well
 */
export function checkManifests(docs: readonly ManifestDocument[]): CheckProblem[] {
  return [...checkDocuments(docs).problems];
}

/** Like {@link checkManifests}, with the object count and notes. */
export function checkDocuments(docs: readonly ManifestDocument[]): CheckResult {
  const notes: CheckNote[] = [];
  const objects: LocatedObject[] = [];
  docs.forEach((d, i) => {
    const position = d.index ?? i;
    // kubectl applies the items of a `kind: List` as objects of their own.
    const items = isKubeObject(d.doc) && d.doc.kind === 'List' && Array.isArray(d.doc.items) ? d.doc.items : [d.doc];
    for (const doc of items) {
      if (isKubeObject(doc)) objects.push({ file: d.file, obj: doc, position });
      else notes.push({ file: d.file, object: `document ${position + 1}`, message: 'not a Kubernetes object (no apiVersion and kind, or a Kustomization); skipped' });
    }
  });

  const found: Array<{ problem: CheckProblem; position: number }> = [];
  for (const o of objects) {
    const object = clip(objectRef(o.obj));
    const report = (field: string, message: string, code?: string) =>
      found.push({ problem: { file: o.file, object, field: clip(field), message, ...(code ? { code } : {}) }, position: o.position });
    // One odd object must not stop the check of the others: a rule that fails is a problem of its own.
    const guarded = (what: string, run: () => void) => {
      try {
        run();
      } catch (e) {
        report('-', `could not be checked (${what}: ${propertyOf(e, 'name') ?? 'Error'}: ${propertyOf(e, 'message') ?? e}); a cdk8s-tiers bug, please report it`);
      }
    };
    guarded('schema', () => {
      const schema = validateSchema(o.obj);
      if (schema.known) schema.violations.forEach((v) => report(v.field, v.message));
      // A route has no built-in schema, and the route rules (checkObjectSpec) check what the CRD would.
      else notes.push({ file: o.file, object, message: isRoute(o.obj) ? ROUTE_NOTE : schema.reason });
    });
    guarded('unknown fields', () => {
      for (const field of unknownFields(o.obj) ?? []) {
        report(field, 'is not a field of the Kubernetes API (a typo, or at the wrong level?); kubectl apply rejects it');
      }
    });
    guarded('rules', () => {
      for (const p of objectProblems(o.obj)) report(p.field, messageOf(p), p.code);
    });
  }
  let across: ReturnType<typeof setProblems> = [];
  try {
    across = setProblems(objects.map((o) => ({ obj: o.obj, where: o.file })));
  } catch (e) {
    // Named by the files it read: a failure across objects must not pass for a crash of the command.
    const files = [...new Set(objects.map((o) => o.file))];
    found.push({ problem: { file: files.length === 1 ? files[0] : '.', object: '-', field: '-', message: `could not be checked across objects (${propertyOf(e, 'name') ?? 'Error'}: ${propertyOf(e, 'message') ?? e}); a cdk8s-tiers bug, please report it` }, position: 0 });
  }
  for (const { index, problem: p } of across) {
    const o = objects[index];
    found.push({
      problem: { file: o.file, object: clip(objectRef(o.obj)), field: clip(p.field), message: messageOf(p), ...(p.code ? { code: p.code } : {}) },
      position: o.position,
    });
  }

  // The sort is stable: the problems of one document keep the order the rules found them in.
  const problems = found.sort((a, b) => compareStrings(a.problem.file, b.problem.file) || a.position - b.position).map((f) => f.problem);
  return { objects: objects.length, problems, notes };
}

/**
 * Checks every manifest below `dir` (recursively; `*.yaml`, `*.yml` and `*.json`, multi-document
 * YAML, a JSON object or `kind: List`), or the one file `dir` names, including manifests
 * cdk8s-tiers did not write. Symlinks inside the folder are followed, each file read once; a
 * symlink out of it is a problem unless `options.followOutside`. A file that cannot be read, is
 * larger than 32 MiB or whose YAML aliases expand past a million nodes is a problem, and the other
 * files are still checked; so is finding no manifest at all. Synchronous, so tests and synth can call it.
 *
 * @throws when `dir` does not exist or cannot be read at all
 */
export function checkDirectory(dir: string, options: LoadOptions = {}): CheckReport {
  return checkLoadedManifests(loadManifests(dir, options));
}

/**
 * {@link checkDirectory} of manifests already read with `loadManifests`: a synth reads the new
 * output once, for the check and for the immutable-field guard.
 */
export function checkLoadedManifests(loaded: LoadedManifests): CheckReport {
  const result = checkDocuments(loaded.documents);
  const problems = [...loaded.problems, ...result.problems];
  if (loaded.files.length === 0) {
    problems.push({ file: '.', object: '-', field: '-', message: 'no manifest files (*.yaml, *.yml, *.json) found, so nothing was checked; run the synth first, or name the folder or file that holds the manifests' });
  } else if (result.objects === 0 && problems.length === 0) {
    const files = loaded.files.length === 1 ? '1 file' : `${loaded.files.length} files`;
    problems.push({ file: '.', object: '-', field: '-', message: `no Kubernetes object found in ${files}, so nothing was checked (documents without apiVersion and kind, or a Kustomization, are skipped)` });
  }
  problems.sort((a, b) => compareStrings(a.file, b.file));
  return { dir: loaded.dir, files: loaded.files.length, objects: result.objects, problems, notes: [...loaded.notes, ...result.notes] };
}

/**
 * The report as lines: one per problem (`file: Kind/namespace/name: field: message`), then one
 * summary line (`check: 12 objects in 2 files, 0 problems`). Notes are included when asked.
 *
 * @param options.notes also list the notes
 * @param options.fileLabel how to show a file; defaults to its path under the checked folder, prefixed by it
 */
export function formatCheckReport(report: CheckReport, options: { notes?: boolean; fileLabel?: (file: string) => string } = {}): string[] {
  const label = options.fileLabel ?? ((f: string) => path.join(report.dir, f));
  const lines = report.problems.map((p) => formatCheckProblem({ ...p, file: label(p.file) }));
  if (options.notes) for (const n of report.notes) lines.push(`note: ${label(n.file)}: ${n.object}: ${n.message}`);
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  lines.push(`check: ${plural(report.objects, 'object')} in ${plural(report.files, 'file')}, ${plural(report.problems.length, 'problem')}` +
    (report.notes.length && !options.notes ? ` (${plural(report.notes.length, 'note')}; --notes shows them)` : ''));
  return lines;
}
