const VALIDATION_HEADER = 'Validation failed with the following errors:';
const VALIDATION_ERROR_LINE = new RegExp(`^(\\w*Error: )?${VALIDATION_HEADER}`);

/**
 * What the user should see of an app's stderr. When the app failed cdk8s (or cdk8s-tiers)
 * validation, Node prints the throwing source line and a stack trace around the problem list;
 * only the problem list is kept. Any other output is returned unchanged.
 */
export function readableAppError(stderr: string): string {
  const lines = stderr.split('\n');
  // The thrown error's own line (`Error: Validation failed ...`), not the source line that built it.
  const at = lines.findIndex((l) => VALIDATION_ERROR_LINE.test(l));
  if (at === -1) return stderr;
  // Node's report of an uncaught error starts with `file:line`, the source lines, a caret line, a blank.
  let start = at;
  if (at >= 3 && lines[at - 1].trim() === '' && /^\s*\^+\s*$/.test(lines[at - 2])) {
    for (let i = at - 3; i >= Math.max(0, at - 8); i--) {
      if (/^\S.*:\d+$/.test(lines[i])) {
        start = i;
        break;
      }
    }
  }
  const kept = lines.slice(0, start);
  kept.push(lines[at].slice(lines[at].indexOf(VALIDATION_HEADER)));
  for (const line of lines.slice(at + 1)) {
    if (/^\s+at /.test(line) || /^Node\.js v\d/.test(line)) break;
    kept.push(line);
  }
  while (kept.length && kept[kept.length - 1].trim() === '') kept.pop();
  return kept.join('\n') + '\n';
}
