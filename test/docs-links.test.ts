/**
 * The README is a front page for people who install the package, and the docs hold together:
 * README.md has at most 300 lines and no link into apps/, test/ or lib/ (the package has none of
 * them); every relative link of README.md, docs/*.md, bench/README.md and CONTRIBUTING.md points
 * at a file that exists, and every #anchor at a heading of that file.
 */
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');
const PAGES = ['README.md', 'CONTRIBUTING.md', 'bench/README.md', ...fs.readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)];
const read = (f: string) => fs.readFileSync(path.join(ROOT, f), 'utf8');

/** The lines of a Markdown text outside fenced code blocks, with their 1-based numbers. */
function prose(markdown: string): Array<[number, string]> {
  const out: Array<[number, string]> = [];
  let fence: string | undefined;
  markdown.split('\n').forEach((line, i) => {
    const open = /^\s*(`{3,}|~{3,})/.exec(line);
    if (open) {
      if (fence === undefined) fence = open[1];
      else if (line.trim().startsWith(fence)) fence = undefined;
      return;
    }
    if (fence === undefined) out.push([i + 1, line]);
  });
  return out;
}

/** GitHub's anchors of a Markdown text's headings (lower case, punctuation dropped, spaces to dashes, -1 on repeats). */
export function anchorsOf(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const [, line] of prose(markdown)) {
    const h = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!h) continue;
    const slug = h[1].toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    anchors.add(n === 0 ? slug : `${slug}-${n}`);
  }
  return anchors;
}

/** The relative links (and images) of a Markdown text: [line, target]. Inline code is skipped. */
export function relativeLinks(markdown: string): Array<[number, string]> {
  const out: Array<[number, string]> = [];
  for (const [n, line] of prose(markdown)) {
    const text = line.replace(/`[^`]*`/g, '');
    for (const m of text.matchAll(/\]\(\s*([^)\s]+)(?:\s+"[^"]*")?\s*\)/g)) {
      if (!/^[a-z][a-z0-9+.-]*:/i.test(m[1])) out.push([n, m[1]]);
    }
  }
  return out;
}

describe('README.md and docs/', () => {
  test('README.md is a front page: at most 300 lines', () => {
    expect(read('README.md').split('\n').length).toBeLessThanOrEqual(300);
  });

  test('README.md links nowhere into apps/, test/ or lib/, which the package does not contain', () => {
    const inside = relativeLinks(read('README.md')).filter(([, target]) => /^(\.\/)?(apps|test|lib)(\/|$)/.test(target));
    expect(inside.map(([n, t]) => `README.md:${n}: ${t}`)).toEqual([]);
  });

  test('every relative link points at a file that exists, and every anchor at a heading', () => {
    const broken: string[] = [];
    for (const page of PAGES) {
      for (const [n, target] of relativeLinks(read(page))) {
        const [file, anchor] = target.split('#', 2);
        const resolved = file ? path.normalize(path.join(path.dirname(page), decodeURIComponent(file))) : page;
        if (!fs.existsSync(path.join(ROOT, resolved))) {
          broken.push(`${page}:${n}: ${target}: no file ${resolved}`);
        } else if (anchor !== undefined && resolved.endsWith('.md') && !anchorsOf(read(resolved)).has(anchor)) {
          broken.push(`${page}:${n}: ${target}: ${resolved} has no heading #${anchor}`);
        }
      }
    }
    expect(broken).toEqual([]);
  });

  test('the checks see links and anchors as GitHub does', () => {
    expect([...anchorsOf('# A `b` (c)\n## A `b` (c)\n```\n# not a heading\n```\n')]).toEqual(['a-b-c', 'a-b-c-1']);
    expect(relativeLinks('[x](docs/a.md#b) [y](https://e.org) `[z](q.md)`\n```\n[w](v.md)\n```\n')).toEqual([[1, 'docs/a.md#b']]);
  });
});
