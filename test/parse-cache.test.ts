import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadManifests, parserIdentity } from '../lib/check/load-manifests';
import { ManifestParseCache } from '../lib/check/parse-cache';
import { safeSynth } from '../lib/synth/safe-synth';
import { parseStoreFile } from '../lib/synth/parse-store';

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

describe('ManifestParseCache stored by one synth and restored by the next', () => {
  let root: string;
  beforeEach(() => { root = fs.mkdtempSync(path.join(os.tmpdir(), 'parse-store-')); });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  const write = (dir: string, files: Record<string, string>) => {
    fs.mkdirSync(path.join(root, dir), { recursive: true });
    for (const [f, text] of Object.entries(files)) fs.writeFileSync(path.join(root, dir, f), text);
    return path.join(root, dir);
  };
  /** What `store` wrote, with the port of every stored Service changed: seen only if the stored documents are used. */
  const tampered = (json: string) => json.replace(/"port":80\b/g, '"port":81');

  test('a file with the same name and text is taken from the store, not parsed', () => {
    const first = new ManifestParseCache();
    const dir = write('out', { 'a.k8s.yaml': SERVICE, 'b.json': JSON.stringify({ apiVersion: 'v1', kind: 'Service', spec: { ports: [{ port: 80 }] } }) });
    const written = loadManifests(dir, { parsed: first });
    const json = first.store(written.files, parserIdentity());
    // As without a store:
    expect(loadManifests(dir, { parsed: ManifestParseCache.restore(json, parserIdentity()) })).toEqual(written);
    // From the store (the tampered port), both YAML and JSON files:
    const restored = loadManifests(dir, { parsed: ManifestParseCache.restore(tampered(json), parserIdentity()) });
    expect(restored.documents.map((d: any) => d.doc.spec.ports[0].port)).toEqual([81, 81]);
    expect(restored.documents.map((d) => [d.file, d.index])).toEqual([['a.k8s.yaml', 0], ['b.json', 0]]);
  });

  test('a stored file is not used when its text changed, or another parser (other code, other js-yaml) stored it', () => {
    const first = new ManifestParseCache();
    const dir = write('out', { 'a.k8s.yaml': SERVICE });
    const json = tampered(first.store(loadManifests(dir, { parsed: first }).files, parserIdentity()));
    const port = (parsed: ManifestParseCache) => (loadManifests(dir, { parsed }).documents[0].doc as any).spec.ports[0].port;
    expect(port(ManifestParseCache.restore(json, parserIdentity()))).toBe(81);
    expect(port(ManifestParseCache.restore(json, 'another parser'))).toBe(80);
    fs.writeFileSync(path.join(dir, 'a.k8s.yaml'), `${SERVICE}\n`);
    expect(port(ManifestParseCache.restore(json, parserIdentity()))).toBe(80);
    // Not JSON, or not a store: nothing to start from.
    expect(port(ManifestParseCache.restore('{', parserIdentity()))).toBe(80);
    expect(port(ManifestParseCache.restore('null', parserIdentity()))).toBe(80);
  });

  test('files with problems, or with values JSON does not hold exactly (.inf, -0), are not stored', () => {
    const first = new ManifestParseCache();
    const dir = write('out', {
      'ok.yaml': SERVICE, 'broken.yaml': 'kind: [unclosed\n', 'inf.yaml': 'a: .inf\n', 'zero.yaml': 'a: -0.0\n',
      'alias.yaml': 'a: &x {b: 1}\nc: *x\n',
    });
    const json = first.store(loadManifests(dir, { parsed: first }).files, parserIdentity());
    expect(Object.keys(JSON.parse(json).files).sort()).toEqual(['alias.yaml', 'ok.yaml']);
  });

  test('safeSynth stores the parse of the output it wrote in node_modules/.cache, and the next synth reads the previous output from it', async () => {
    fs.mkdirSync(path.join(root, 'node_modules'));
    fs.writeFileSync(path.join(root, 'app.js'), `require('fs').writeFileSync(require('path').join(process.env.CDK8S_OUTDIR, 'web.k8s.yaml'), process.env.MANIFEST);`);
    const synth = (manifest: string) => {
      process.env.MANIFEST = manifest;
      const lines: string[] = [];
      return safeSynth({ app: 'node app.js', output: 'dist', cwd: root, worker: false, log: { info: (l) => lines.push(l), error: (l) => lines.push(l) } })
        .then((r) => ({ ok: r.ok, lines }))
        .finally(() => { delete process.env.MANIFEST; });
    };
    const deployment = (selector: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: ${selector}\n` +
      `  template:\n    metadata:\n      labels:\n        app: ${selector}\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.25\n`;
    expect((await synth(deployment('web'))).ok).toBe(true);
    const store = parseStoreFile(root, path.join(root, 'dist'))!;
    expect(store).toBe(path.join(root, 'node_modules', '.cache', 'cdk8s-tiers', 'manifests', path.basename(store)));
    expect(Object.keys(JSON.parse(fs.readFileSync(store, 'utf8')).files)).toEqual(['web.k8s.yaml']);
    // The same output again: the store holds it already, and is not written again (a write replaces the file).
    const inode = fs.statSync(store).ino;
    expect((await synth(deployment('web'))).ok).toBe(true);
    expect(fs.statSync(store).ino).toBe(inode);
    // The stored previous output says the selector was app: api: the guard sees a change of the
    // selector only if it read the previous output from the store (the new image makes the new file another text).
    fs.writeFileSync(store, fs.readFileSync(store, 'utf8').replace(/"app":"web"/g, '"app":"api"'));
    const second = await synth(deployment('web').replace('nginx:1.25', 'nginx:1.26'));
    expect(second.ok).toBe(false);
    expect(second.lines.join('\n')).toMatch(/Deployment\/web: spec\.selector: .*"api".* -> .*"web"/);
  });
});
