import type { ParsedManifestFile } from './load-manifests';

/**
 * Manifest files already parsed, by their name (relative to the folder read) and their text. A
 * synth reads the previous output while the app runs, then the new output: most of its files are
 * byte for byte the same, and parsing is a pure function of the name and the text (nothing changes
 * the parsed documents afterwards), so a file whose name and text were seen is not parsed again.
 * Internal: no entry point exports it.
 */
export class ManifestParseCache {
  private readonly files = new Map<string, { readonly text: string; readonly parsed: ParsedManifestFile }>();

  /** The file parsed before, when it had this same text. */
  public get(file: string, text: string): ParsedManifestFile | undefined {
    const seen = this.files.get(file);
    return seen !== undefined && seen.text === text ? seen.parsed : undefined;
  }

  public set(file: string, text: string, parsed: ParsedManifestFile): void {
    this.files.set(file, { text, parsed });
  }
}
