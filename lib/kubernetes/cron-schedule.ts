/**
 * The five-field cron schedule a CronJob's `spec.schedule` takes (the controller parses it with
 * robfig/cron's standard parser): minute, hour, day of the month, month, day of the week.
 */

/** The fields of a schedule, in order, with the values each accepts. */
const FIELDS = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of the month', min: 1, max: 31, question: true },
  { name: 'month', min: 1, max: 12, names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'], first: 1 },
  { name: 'day of the week', min: 0, max: 6, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'], first: 0, question: true },
] as const;

/** The descriptors the controller also accepts, and the five fields each stands for. */
const DESCRIPTORS: Record<string, string> = {
  '@yearly': '0 0 1 1 *', '@annually': '0 0 1 1 *', '@monthly': '0 0 1 * *', '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *', '@midnight': '0 0 * * *', '@hourly': '0 * * * *',
};

/** The five fields of a schedule, as cdk8s's `Cron.schedule` takes them. */
export interface CronFields {
  readonly minute: string;
  readonly hour: string;
  readonly day: string;
  readonly month: string;
  readonly weekDay: string;
}

/** Why a schedule is not a five-field cron expression the CronJob controller accepts, with a fix; undefined when it is. */
export function cronScheduleError(schedule: unknown): { readonly rule: string; readonly fix: string } | undefined {
  const example = "'0 3 * * *' (03:00 every day) or '*/15 * * * *' (every 15 minutes)";
  if (typeof schedule !== 'string' || schedule.trim() === '') {
    return { rule: 'a schedule is a cron expression of five fields: minute, hour, day of the month, month, day of the week', fix: `use a string such as ${example}` };
  }
  const text = schedule.trim();
  if (/^(CRON_)?TZ=/.test(text)) {
    return { rule: 'a time zone inside the schedule is not supported (the API server refuses CRON_TZ= and TZ=)', fix: `give it as timeZone and keep the five fields in schedule, such as timeZone: '${text.replace(/^(CRON_)?TZ=(\S*).*$/, '$2')}'` };
  }
  if (text.startsWith('@')) {
    const fields = DESCRIPTORS[text.toLowerCase()];
    return fields
      ? { rule: `the descriptor ${text} is written as its five fields here, so every schedule reads the same way`, fix: `use '${fields}'` }
      : { rule: `${text} is not a schedule (${text.startsWith('@every') ? '@every is not' : 'only @hourly, @daily, @weekly, @monthly and @yearly are'} supported by the CronJob controller)`, fix: `use five fields, such as ${example}` };
  }
  const parts = text.split(/\s+/);
  if (parts.length !== 5) {
    return {
      rule: `a schedule is five fields: minute, hour, day of the month, month, day of the week (${parts.length} given${parts.length === 6 ? '; a leading seconds field is not supported' : ''})`,
      fix: `use five fields, such as ${example}`,
    };
  }
  for (let i = 0; i < 5; i++) {
    const error = fieldError(parts[i], FIELDS[i]);
    if (error) return { rule: `the ${FIELDS[i].name} field ${JSON.stringify(parts[i])}: ${error}`, fix: `use five fields, such as ${example}` };
  }
  return undefined;
}

/** The five fields of a valid schedule (check {@link cronScheduleError} first). */
export function cronFields(schedule: string): CronFields {
  const [minute, hour, day, month, weekDay] = schedule.trim().split(/\s+/);
  return { minute, hour, day, month, weekDay };
}

type Field = (typeof FIELDS)[number];

function fieldError(text: string, field: Field): string | undefined {
  const range = `${field.min}-${field.max}${'names' in field ? ` or ${field.names[0]}-${field.names[field.names.length - 1]}` : ''}`;
  for (const item of text.split(',')) {
    if (item === '') return 'an empty item in a list';
    const [base, step, extra] = item.split('/');
    if (extra !== undefined) return `${JSON.stringify(item)} has two steps`;
    if (step !== undefined && !(/^[0-9]+$/.test(step) && Number(step) > 0)) return `the step ${JSON.stringify(step)} must be a whole number above 0`;
    if (base === '*' || (base === '?' && 'question' in field)) continue;
    const bounds = base.split('-');
    if (bounds.length > 2) return `${JSON.stringify(base)} is not a value or a range`;
    const values = bounds.map((b) => valueOf(b, field));
    if (values.some((v) => v === undefined)) {
      const bad = bounds.find((b) => valueOf(b, field) === undefined);
      const hint = field.name === 'day of the week' && bad === '7' ? ' (Sunday is 0)' : '';
      return `${JSON.stringify(bad)} is not a value from ${range}${hint}`;
    }
    if (values.length === 2 && values[0]! > values[1]!) return `the range ${JSON.stringify(base)} runs backwards`;
  }
  return undefined;
}

function valueOf(text: string, field: Field): number | undefined {
  if (/^[0-9]+$/.test(text)) {
    const n = Number(text);
    return n >= field.min && n <= field.max ? n : undefined;
  }
  if ('names' in field) {
    const i = (field.names as readonly string[]).indexOf(text.toUpperCase());
    if (i !== -1) return i + field.first;
  }
  return undefined;
}
