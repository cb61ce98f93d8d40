/* eslint-disable @typescript-eslint/no-explicit-any -- the import reads parsed YAML of any shape by path
   (`o.spec?.template?.spec`), each value checked where it is used (FieldTracker in import-notes.ts). */
/**
 * What an import could not carry over, or carries over differently: every entry is printed at the
 * top of the generated file and on stderr, so nothing of the input is dropped silently.
 */

import { compareStrings } from '../kubernetes/order';

/** How an input field fares in the generated app. */
export type ImportNoteKind =
  /** In the input, not in the generated app: handle it before applying the new manifests. */
  | 'not-expressed'
  /** The generated app writes it differently from the input, or adds it (a tier default). */
  | 'changed'
  /** Read from the input and left out on purpose: server-set fields, objects used by reference. */
  | 'ignored'
  /** Kept as the input has it, though the tier defaults are stricter: hardening to do once the image is known to allow it. */
  | 'next-step';

/** One note of an import. */
export interface ImportNote {
  /** How the field fares: not expressed, changed or ignored. */
  readonly kind: ImportNoteKind;
  /** The input object, `Kind/name` (`Kind/namespace/name` with a namespace). */
  readonly object: string;
  /** What was not carried over, or how it was changed, and what to do about it (`hostNetwork: true ...`). */
  readonly message: string;
}

/** The order notes are listed in: what is lost first. */
const KIND_ORDER: readonly ImportNoteKind[] = ['not-expressed', 'changed', 'ignored', 'next-step'];

/** The headings of the note groups. */
export const NOTE_HEADINGS: Readonly<Record<ImportNoteKind, string>> = {
  'not-expressed': 'Not expressed (in the input, not written by this app: handle it before you apply)',
  'changed': 'Changed (written differently from the input, or added by the tier defaults)',
  'ignored': 'Ignored (server-set fields, objects kept as they are)',
  'next-step': 'Next steps (kept as the input runs it; harden once the image is known to allow it)',
};

/** One line of a note: `not expressed: Deployment/web: hostNetwork: true ...`. */
export function formatImportNote(note: ImportNote): string {
  return `${note.kind.replace('-', ' ')}: ${note.object}: ${note.message}`;
}

/** Notes sorted by kind, then object, then message, without duplicates: a stable order for the file and stderr. */
export function sortNotes(notes: readonly ImportNote[]): ImportNote[] {
  const seen = new Set<string>();
  const unique = notes.filter((n) => {
    const key = `${n.kind}\u0000${n.object}\u0000${n.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return unique.sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind)
    || compareStrings(a.object, b.object) || compareStrings(a.message, b.message));
}

/** The notes of one import, and the fields each object's mapping has read. */
export class ImportNotes {
  private readonly list: ImportNote[] = [];

  public add(kind: ImportNoteKind, object: string, message: string): void {
    this.list.push({ kind, object, message });
  }

  public notExpressed(object: string, message: string): void {
    this.add('not-expressed', object, message);
  }

  public changed(object: string, message: string): void {
    this.add('changed', object, message);
  }

  public ignored(object: string, message: string): void {
    this.add('ignored', object, message);
  }

  public nextStep(object: string, message: string): void {
    this.add('next-step', object, message);
  }

  /** Every note, sorted. */
  public get notes(): ImportNote[] {
    return sortNotes(this.list);
  }
}

/**
 * The fields of one input object that a mapping has taken (read and either expressed or noted).
 * What is left at the end is reported as not expressed, field by field: an unknown field (a typo
 * such as `replica`), a Pod field no Tier option has. Paths are `spec.template.spec.containers[0].image`.
 */
export class FieldTracker {
  private readonly taken = new Set<string>();

  public constructor(public readonly object: string, public readonly doc: unknown) {}

  /** Marks a field (and everything below it) as taken; returns its value. */
  public take<T = any>(path: string): T {
    this.taken.add(path);
    return valueAt(this.doc, path) as T;
  }

  /** Reads a field without taking it. */
  public peek<T = any>(path: string): T {
    return valueAt(this.doc, path) as T;
  }

  /** True when the field or one above it was taken. */
  public isTaken(path: string): boolean {
    for (let p: string | undefined = path; p !== undefined; p = parentPath(p)) if (this.taken.has(p)) return true;
    return false;
  }

  /**
   * The fields nobody took, each as `path = value`: the highest field whose whole subtree is left
   * (`spec.template.spec.affinity = {...}` once, not each of its leaves).
   */
  public leftovers(): Array<{ path: string; value: unknown }> {
    const out: Array<{ path: string; value: unknown }> = [];
    const anyTakenBelow = (path: string): boolean => [...this.taken].some((t) => t.startsWith(`${path}.`) || t.startsWith(`${path}[`));
    const walk = (value: unknown, path: string): void => {
      if (path !== '' && this.isTaken(path)) return;
      const isContainer = value !== null && typeof value === 'object';
      if (path !== '' && (!isContainer || !anyTakenBelow(path))) {
        out.push({ path, value });
        return;
      }
      if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${path}[${i}]`));
      else if (isContainer) {
        for (const key of Object.keys(value as object).sort()) walk((value as any)[key], path === '' ? key : `${path}.${segment(key)}`);
      }
    };
    walk(this.doc, '');
    return out;
  }
}

/** A key as a path segment: `labels.app`, or `annotations["example.com/x"]` when it has a dot or slash. */
export function segment(key: string): string {
  return /^[A-Za-z_$][\w$-]*$/.test(key) ? key : `[${JSON.stringify(key)}]`;
}

/** Joins a path and a key. */
export function child(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  const s = segment(key);
  return s.startsWith('[') ? `${path}${s}` : path === '' ? s : `${path}.${s}`;
}

function parentPath(path: string): string | undefined {
  const m = /^(.*?)(?:\.[A-Za-z_$][\w$-]*|\[(?:\d+|"(?:[^"\\]|\\.)*")\])$/.exec(path);
  if (!m || m[1] === path) return undefined;
  return m[1] === '' ? undefined : m[1];
}

function valueAt(doc: unknown, path: string): unknown {
  let cur: any = doc;
  const re = /(?:^|\.)([A-Za-z_$][\w$-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g;
  for (let m = re.exec(path); m; m = re.exec(path)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    const key = m[1] ?? (m[2] !== undefined ? Number(m[2]) : JSON.parse(m[3]));
    cur = cur[key];
  }
  return cur;
}

/** A short, one-line rendering of a value for a note. */
export function brief(value: unknown, max = 80): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}
