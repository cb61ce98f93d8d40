import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadManifests } from '../lib/check/load-manifests';
import { ManifestParseCache } from '../lib/check/parse-cache';

const SERVICE = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n    - port: 80\n';

describe('ManifestParseCache (a synth reads the new output after the previous one)', () => {
  let root: string;
  beforeEach(() => { root = fs.mkdtempSync(path.join(os.tmpdir(), 'parse-cache-')); });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  const write = (dir: string, files: Record<string, string>) => {
    fs.mkdirSync(path.join(root, dir), { recursive: true });
    for (const [f, text] of Object.entries(files)) fs.writeFileSync(path.join(root, dir, f), text);
    return path.join(root, dir);
  };

  test('a file with the same name and bytes is taken as parsed; a changed or new one is parsed', () => {
    const parsed = new ManifestParseCache();
    const previous = loadManifests(write('old', { 'a.k8s.yaml': SERVICE, 'b.k8s.yaml': SERVICE }), { parsed });
    const changed = SERVICE.replace('port: 80', 'port: 8080');
    const next = loadManifests(write('new', { 'a.k8s.yaml': SERVICE, 'b.k8s.yaml': changed, 'c.k8s.yaml': SERVICE }), { parsed });
    // Unchanged: the very documents read before, not a second parse.
    expect(next.documents[0]).toBe(previous.documents[0]);
    // Changed, or the same text under another name: parsed, and as without the cache.
    expect(next.documents[1]).not.toBe(previous.documents[1]);
    expect(next.documents[1]).toEqual({ file: 'b.k8s.yaml', index: 0, doc: expect.objectContaining({ spec: { ports: [{ port: 8080 }] } }) });
    expect(next.documents[2].file).toBe('c.k8s.yaml');
    expect(next).toEqual({ ...loadManifests(path.join(root, 'new')), dir: next.dir });
  });

  test('a syntax error is reported again for the second folder', () => {
    const parsed = new ManifestParseCache();
    const bad = 'kind: [unclosed\n';
    const first = loadManifests(write('old', { 'a.k8s.yaml': bad }), { parsed });
    const second = loadManifests(write('new', { 'a.k8s.yaml': bad }), { parsed });
    expect(second.problems).toEqual(first.problems);
    expect(second.problems).toHaveLength(1);
  });
});
