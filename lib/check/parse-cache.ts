import { createHash } from 'crypto';
import { isDeepStrictEqual } from 'util';
import type { ParsedManifestFile } from './load-manifests';

/** A file as an earlier run stored it: the hash of its text, and its documents (`[index, doc]`). */
interface StoredFile {
  readonly sha256: string;
  readonly documents: ReadonlyArray<readonly [index: number | null, doc: unknown]>;
}

/** What {@link ManifestParseCache.store} writes. */
interface Stored {
  /** The parser the documents came from ({@link ManifestParseCache.store}'s `parser`). */
  readonly parser: string;
  readonly files: Readonly<Record<string, StoredFile>>;
}

/**
 * Manifest files already parsed, by their name (relative to the folder read) and their text. A
 * synth reads the previous output while the app runs, then the new output: most of its files are
 * byte for byte the same, and parsing is a pure function of the name and the text (nothing changes
 * the parsed documents afterwards), so a file whose name and text were seen is not parsed again.
 *
 * It can also start from what an earlier run stored ({@link ManifestParseCache.restore}): the
 * previous output is then not parsed either, when its files are the ones that run wrote. A stored
 * file is used only when the SHA-256 of its text and the parser (its code and js-yaml's) are the
 * same, and only files that parsed without a problem into values JSON holds exactly are stored.
 * Internal: no entry point exports it.
 */
export class ManifestParseCache {
  /** A cache that starts from `json` (from {@link store}) when it was stored by this `parser`; else an empty one. */
  public static restore(json: string, parser: string): ManifestParseCache {
    try {
      const stored = JSON.parse(json) as Partial<Stored> | null;
      if (stored?.parser === parser && typeof stored.files === 'object' && stored.files !== null) {
        return new ManifestParseCache(new Map(Object.entries(stored.files)));
      }
    } catch {
      // Unreadable: nothing to start from.
    }
    return new ManifestParseCache();
  }

  private readonly files = new Map<string, { readonly text: string; readonly parsed: ParsedManifestFile }>();
  /** The files last taken from the store, as it has them. */
  private readonly restored = new Set<string>();

  public constructor(private readonly earlier: ReadonlyMap<string, StoredFile> = new Map()) {}

  /** The file parsed before, when it had this same text. */
  public get(file: string, text: string): ParsedManifestFile | undefined {
    const seen = this.files.get(file);
    if (seen !== undefined && seen.text === text) return seen.parsed;
    const stored = this.earlier.get(file);
    if (stored === undefined || !Array.isArray(stored.documents) || stored.sha256 !== sha256(text)) return undefined;
    const parsed = { documents: stored.documents.map(([index, doc]) => ({ file, doc, index: index ?? undefined })), problems: [] };
    this.set(file, text, parsed);
    this.restored.add(file);
    return parsed;
  }

  public set(file: string, text: string, parsed: ParsedManifestFile): void {
    this.files.set(file, { text, parsed });
    this.restored.delete(file);
  }

  /** True when storing `files` would write what the store already has: each was last taken from it, and it has no other. */
  public storeHolds(files: readonly string[]): boolean {
    return files.length === this.earlier.size && files.every((f) => this.restored.has(f));
  }

  /**
   * What {@link restore} reads back, for these files as last seen: each one that parsed without a
   * problem into values that JSON holds exactly (no `.inf`, `.nan` or `-0`, no loop of aliases).
   */
  public store(files: readonly string[], parser: string): string {
    const stored: Record<string, StoredFile> = {};
    for (const file of files) {
      const seen = this.files.get(file);
      if (seen === undefined || seen.parsed.problems.length > 0) continue;
      const documents = seen.parsed.documents.map((d) => [d.index ?? null, d.doc] as const);
      try {
        if (!isDeepStrictEqual(JSON.parse(JSON.stringify(documents)), documents)) continue;
      } catch {
        continue; // a document that contains itself
      }
      stored[file] = { sha256: sha256(seen.text), documents };
    }
    return JSON.stringify({ parser, files: stored } satisfies Stored);
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
