/**
 * The exit codes each command's `--help` ends with. Kept apart from the commands, so building the
 * program (and printing its help) loads none of them.
 */

/** The exit codes of `check`. */
export const CHECK_EXIT_CODES = [
  '0  no problem',
  '1  problems found (a file that cannot be parsed or is refused by a limit, or no manifest at all, is a problem)',
  '2  the folder or file cannot be read (it does not exist, or is not a folder or a file)',
] as const;

/** The exit codes of `diff`. */
export const DIFF_EXIT_CODES = [
  '0  no change a live API server would refuse (other changes are fine)',
  '1  a change a live API server would refuse, not acknowledged with --allow-replace',
  '2  no --against, or a folder cannot be read (it does not exist, or is not a folder or a file)',
] as const;

/** The exit codes of `import`. */
export const IMPORT_EXIT_CODES = [
  '0  the app was written (the notes on stderr say what it does not express)',
  '1  the input holds no Deployment with a Service, so there is no tier to write',
  '2  the file or folder cannot be read',
] as const;
