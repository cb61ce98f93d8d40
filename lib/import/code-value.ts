/**
 * The values an import writes as TypeScript: plain JSON (strings, numbers, booleans, arrays,
 * objects) and {@link Code}, an expression written as is (`kplus.Volume.fromConfigMap(...)`).
 * Object keys are written in the order given; the mapping gives them in the order a reader
 * expects (image, ports, env, ...).
 */

/** A TypeScript expression, written verbatim. */
export class Code {
  public constructor(public readonly text: string) {}
}

/** A TypeScript expression, written verbatim. */
export function code(text: string): Code {
  return new Code(text);
}

/** What the emitter can write. */
export type CodeValue = string | number | boolean | Code | readonly CodeValue[] | { readonly [key: string]: CodeValue | undefined };

/** A string literal, single-quoted. */
export function str(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')
    .replace(/[\u0000-\u001f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}'`;
}

/** An object key: bare when it is an identifier, quoted otherwise. */
export function key(k: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(k) ? k : str(k);
}

const MAX_LINE = 110;

/**
 * Writes a value as TypeScript, indented by `indent` spaces; short arrays and objects stay on one
 * line, longer ones get a line per entry. Undefined entries are left out.
 */
export function render(value: CodeValue | undefined, indent = 0): string {
  if (value === undefined) return 'undefined';
  if (value instanceof Code) return value.text;
  if (typeof value === 'string') return str(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const pad = ' '.repeat(indent + 2);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const items = value.map((v) => render(v, indent + 2));
    const flat = `[${items.join(', ')}]`;
    if (!flat.includes('\n') && flat.length + indent <= MAX_LINE) return flat;
    return `[\n${items.map((i) => `${pad}${i},`).join('\n')}\n${' '.repeat(indent)}]`;
  }
  const entries = Object.entries(value as Record<string, CodeValue | undefined>).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return '{}';
  // `{ security }` for `{ security: security }`.
  const items = entries.map(([k, v]) => (v instanceof Code && v.text === k ? k : `${key(k)}: ${render(v, indent + 2)}`));
  const flat = `{ ${items.join(', ')} }`;
  if (!flat.includes('\n') && flat.length + indent <= MAX_LINE - 20) return flat;
  return `{\n${items.map((i) => `${pad}${i},`).join('\n')}\n${' '.repeat(indent)}}`;
}

const RESERVED = new Set(('break case catch class const continue debugger default delete do else enum export extends false finally for function if ' +
  'import in instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface ' +
  'package private protected public await async of app kplus App Application LabelScheme Tier WorkerTier StatefulTier Construct').split(' '));

/** A camelCase identifier for a name (`redis-leader` gives `redisLeader`), unique among `used`. */
export function identifier(name: string, used: Set<string>, suffix = ''): string {
  const words = name.split(/[^A-Za-z0-9]+/).filter(Boolean);
  let base = words.map((w, i) => (i === 0 ? w.charAt(0).toLowerCase() + w.slice(1) : w.charAt(0).toUpperCase() + w.slice(1))).join('') + suffix;
  if (base === '' || /^[0-9]/.test(base)) base = `t${base.charAt(0).toUpperCase()}${base.slice(1)}`;
  if (RESERVED.has(base)) base = `${base}Tier`;
  let id = base;
  for (let i = 2; used.has(id); i++) id = `${base}${i}`;
  used.add(id);
  return id;
}
