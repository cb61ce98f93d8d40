const VALIDATION_HEADER = 'Validation failed with the following errors:';
const VALIDATION_ERROR_LINE = new RegExp(`^(\\w*Error: )?${VALIDATION_HEADER}`);
/** The first line of Node's code frame: `/app/node_modules/cdk8s/lib/app.js:253`, `file:///app/main.mjs:12`. */
const FRAME_HEADER = /^\S.*:\d+$/;
/** The line under the source line that points at the column. */
const FRAME_CARET = /^\s*\^+\s*$/;

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
  const start = codeFrameStart(lines, at);
  const kept = lines.slice(0, start);
  kept.push(lines[at].slice(lines[at].indexOf(VALIDATION_HEADER)));
  for (const line of lines.slice(at + 1)) {
    if (/^\s+at /.test(line) || /^Node\.js v\d/.test(line)) break;
    kept.push(line);
  }
  while (kept.length && kept[kept.length - 1].trim() === '') kept.pop();
  return kept.join('\n') + '\n';
}

/**
 * Where the code frame above the error line `at` starts, or `at` when there is none. Node prints an
 * uncaught error as `file:line`, the throwing source line, a caret under the column, then blank
 * lines (one from plain Node, two with --enable-source-maps, none from source-map-support, which
 * ts-node installs), then the error. The frame is recognised by that shape, from the caret up.
 */
function codeFrameStart(lines: readonly string[], at: number): number {
  let caret = at - 1;
  while (caret >= 0 && at - caret <= 3 && lines[caret].trim() === '') caret--;
  if (caret < 2 || !FRAME_CARET.test(lines[caret])) return at;
  // The source line sits between the header and the caret; it may itself end in `:<digits>`.
  for (let i = caret - 2; i >= Math.max(0, caret - 3); i--) {
    if (FRAME_HEADER.test(lines[i])) return i;
  }
  return at;
}
