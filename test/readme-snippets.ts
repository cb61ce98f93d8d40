/**
 * The TypeScript blocks of README.md and docs/*.md as compilable modules (used by
 * test/package-e2e.test.ts, which compiles them all in one tsc program against the packed package
 * and runs the complete apps).
 *
 * The conventions (also written at the top of README.md's source, and the same in docs/*.md):
 * - every ```ts (or ```typescript) block is compiled, each as its own module;
 * - a block is preceded by the shared prelude below, minus every name the block imports or
 *   declares itself: fragments use `app`, `myapp`, `frontEnd`, ... without building them;
 * - `<!-- snippet: prelude CODE -->` on the lines just before a fence adds CODE to that block's
 *   prelude (an import the surrounding text explains, for instance);
 * - a block that calls `.synth()` or `.synthAsync()` is a complete app and is run as well,
 *   unless it is preceded by `<!-- snippet: no-run -->`.
 */
import * as ts from 'typescript';

export interface Snippet {
  /** The Markdown file the block is in, relative to the repository (`README.md`, `docs/cli.md`). */
  readonly file: string;
  /** The 1-based line of the block's first code line in that file. */
  readonly line: number;
  readonly code: string;
  /** Extra prelude from `<!-- snippet: prelude ... -->`. */
  readonly prelude: string;
  readonly run: boolean;
}

/** Every ```ts / ```typescript block of a Markdown text, indented ones (inside lists) included. */
export function extractSnippets(markdown: string, file = 'README.md'): Snippet[] {
  const lines = markdown.split('\n');
  const out: Snippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,})(ts|typescript)\s*$/.exec(lines[i]);
    if (!open) continue;
    const [, indent, fence] = open;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && !new RegExp(`^\\s*${fence}\\s*$`).test(lines[j]); j++) {
      body.push(lines[j].startsWith(indent) ? lines[j].slice(indent.length) : lines[j].trimStart());
    }
    if (j === lines.length) throw new Error(`${file}:${i + 1}: the code block opened here is never closed`);
    const markers: string[] = [];
    for (let k = i - 1; k >= 0 && /^\s*<!--\s*snippet:.*-->\s*$/.test(lines[k]); k--) markers.unshift(lines[k].trim());
    const prelude = markers.map((m) => /^<!--\s*snippet:\s*prelude\s+(.*?)\s*-->$/.exec(m)?.[1]).filter((p): p is string => !!p);
    for (const m of markers) {
      if (!/^<!--\s*snippet:\s*(prelude\s.+|no-run)\s*-->$/.test(m)) throw new Error(`${file}:${i + 1}: unknown snippet marker ${m}`);
    }
    const code = body.join('\n');
    out.push({
      file,
      line: i + 2,
      code,
      prelude: prelude.join('\n'),
      run: /\.synth(Async)?\(/.test(code) && !markers.some((m) => /snippet:\s*no-run/.test(m)),
    });
    i = j;
  }
  return out;
}

/** The module file name of a snippet: `README_md-line-57.ts`, `docs_cli_md-line-12.ts`. */
export function snippetModuleName(snippet: Pick<Snippet, 'file' | 'line'>): string {
  return `${snippet.file.replace(/[^A-Za-z0-9]/g, '_')}-line-${snippet.line}.ts`;
}

/** The names a module's top level binds: imports, variables, functions, classes, types. */
export function declaredNames(code: string): Set<string> {
  const file = ts.createSourceFile('snippet.ts', code, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  const names = new Set<string>();
  const bind = (n: ts.BindingName) => {
    if (ts.isIdentifier(n)) names.add(n.text);
    else for (const e of n.elements) if (!ts.isOmittedExpression(e)) bind(e.name);
  };
  for (const s of file.statements) {
    if (ts.isImportDeclaration(s) && s.importClause) {
      const c = s.importClause;
      if (c.name) names.add(c.name.text);
      if (c.namedBindings && ts.isNamespaceImport(c.namedBindings)) names.add(c.namedBindings.name.text);
      if (c.namedBindings && ts.isNamedImports(c.namedBindings)) for (const e of c.namedBindings.elements) names.add(e.name.text);
    } else if (ts.isImportEqualsDeclaration(s)) names.add(s.name.text);
    else if (ts.isVariableStatement(s)) for (const d of s.declarationList.declarations) bind(d.name);
    else if ((ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s) || ts.isInterfaceDeclaration(s) || ts.isTypeAliasDeclaration(s)
      || ts.isEnumDeclaration(s)) && s.name) names.add(s.name.text);
  }
  return names;
}

/** What the README's fragments take as given, one entry per name: [name, its declaration]. */
export function sharedPrelude(tiersExports: readonly string[]): Array<[string, string]> {
  const given: Array<[string, string]> = [
    ['path', "import * as path from 'path';"],
    ['App', "import { App } from 'cdk8s';"],
    ['Chart', "import { Chart } from 'cdk8s';"],
    ['ApiObject', "import { ApiObject } from 'cdk8s';"],
    ['Construct', "import { Construct } from 'constructs';"],
    // The user's own module of the README's examples, `defineShop(scope): Application`.
    ['defineShop', "import { defineShop } from './shop';"],
    ['app', 'declare const app: App;'],
    ['myapp', 'declare const myapp: Application;'],
    ['frontEnd', 'declare const frontEnd: WebFrontEnd;'],
    ['backEnd', 'declare const backEnd: BackEndApi;'],
    ['cache', 'declare const cache: RedisCache;'],
    ['database', 'declare const database: MySqlDatabase;'],
    ['manifests', 'declare const manifests: unknown[];'],
  ];
  const taken = new Set(given.map(([n]) => n));
  return [...tiersExports.filter((n) => !taken.has(n)).map((n): [string, string] => [n, `import { ${n} } from 'cdk8s-tiers';`]), ...given];
}

/** The module compiled for one snippet; `preludeLines` lines come before the README's code. */
export function snippetModule(snippet: Snippet, prelude: ReadonlyArray<[string, string]>): { text: string; preludeLines: number } {
  const own = declaredNames(`${snippet.prelude}\n${snippet.code}`);
  const head = [
    '/* eslint-disable */',
    ...prelude.filter(([n]) => !own.has(n)).map(([, d]) => d),
    ...(snippet.prelude ? [snippet.prelude] : []),
    'export {};',
  ].join('\n');
  const preludeLines = head.split('\n').length;
  return { text: `${head}\n${snippet.code}\n`, preludeLines };
}

/** The names (values and types) a module exports, read by the TypeScript checker. */
export function exportsOf(moduleName: string, fromDir: string): string[] {
  const entry = `${fromDir}/__exports_of__.ts`;
  const host = ts.createCompilerHost({ module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10, skipLibCheck: true });
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  const text = `export * from '${moduleName}';\n`;
  host.readFile = (f) => (f === entry ? text : readFile(f));
  host.fileExists = (f) => f === entry || fileExists(f);
  host.getSourceFile = (f, lang, ...rest) => (f === entry ? ts.createSourceFile(f, text, lang) : getSourceFile(f, lang, ...rest));
  const options = { module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10, skipLibCheck: true, noEmit: true, types: [] };
  const program = ts.createProgram([entry], options, host);
  const checker = program.getTypeChecker();
  const symbol = checker.getSymbolAtLocation(program.getSourceFile(entry)!);
  const names = symbol ? checker.getExportsOfModule(symbol).map((s) => s.name) : [];
  if (names.length === 0) throw new Error(`Unable to read the exports of ${moduleName} from ${fromDir}`);
  return names.sort();
}
