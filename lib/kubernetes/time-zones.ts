/**
 * The names of the tz database (tzdata 2025b, the files under /usr/share/zoneinfo) that
 * `Intl.supportedValuesOf('timeZone')` does not list: aliases kept for compatibility ("backward":
 * `US/Pacific`, `Etc/UTC`, `UTC`, `GMT`) and names newer or older than the ICU of Node.js.
 * The API server's `time.LoadLocation` opens these files by name, case-sensitively.
 */
const TZDATA_NAMES_BEYOND_INTL: readonly string[] = [
  'Africa/Asmara', 'Africa/Timbuktu', 'America/Argentina/Buenos_Aires', 'America/Argentina/Catamarca',
  'America/Argentina/ComodRivadavia', 'America/Argentina/Cordoba', 'America/Argentina/Jujuy',
  'America/Argentina/Mendoza', 'America/Atikokan', 'America/Atka', 'America/Ensenada', 'America/Fort_Wayne',
  'America/Indiana/Indianapolis', 'America/Kentucky/Louisville', 'America/Knox_IN', 'America/Montreal',
  'America/Nipigon', 'America/Nuuk', 'America/Pangnirtung', 'America/Porto_Acre', 'America/Rainy_River',
  'America/Rosario', 'America/Santa_Isabel', 'America/Shiprock', 'America/Thunder_Bay', 'America/Virgin',
  'America/Yellowknife', 'Antarctica/South_Pole', 'Asia/Ashkhabad', 'Asia/Choibalsan', 'Asia/Chongqing',
  'Asia/Chungking', 'Asia/Dacca', 'Asia/Harbin', 'Asia/Ho_Chi_Minh', 'Asia/Istanbul', 'Asia/Kashgar',
  'Asia/Kathmandu', 'Asia/Kolkata', 'Asia/Macao', 'Asia/Tel_Aviv', 'Asia/Thimbu', 'Asia/Ujung_Pandang',
  'Asia/Ulan_Bator', 'Asia/Yangon', 'Atlantic/Faroe', 'Atlantic/Jan_Mayen', 'Australia/ACT',
  'Australia/Canberra', 'Australia/Currie', 'Australia/LHI', 'Australia/NSW', 'Australia/North',
  'Australia/Queensland', 'Australia/South', 'Australia/Tasmania', 'Australia/Victoria', 'Australia/West',
  'Australia/Yancowinna', 'Brazil/Acre', 'Brazil/DeNoronha', 'Brazil/East', 'Brazil/West', 'CET', 'CST6CDT',
  'Canada/Atlantic', 'Canada/Central', 'Canada/Eastern', 'Canada/Mountain', 'Canada/Newfoundland',
  'Canada/Pacific', 'Canada/Saskatchewan', 'Canada/Yukon', 'Chile/Continental', 'Chile/EasterIsland', 'Cuba',
  'EET', 'EST', 'EST5EDT', 'Egypt', 'Eire', 'Etc/GMT', 'Etc/GMT+0', 'Etc/GMT+1', 'Etc/GMT+10', 'Etc/GMT+11',
  'Etc/GMT+12', 'Etc/GMT+2', 'Etc/GMT+3', 'Etc/GMT+4', 'Etc/GMT+5', 'Etc/GMT+6', 'Etc/GMT+7', 'Etc/GMT+8',
  'Etc/GMT+9', 'Etc/GMT-0', 'Etc/GMT-1', 'Etc/GMT-10', 'Etc/GMT-11', 'Etc/GMT-12', 'Etc/GMT-13',
  'Etc/GMT-14', 'Etc/GMT-2', 'Etc/GMT-3', 'Etc/GMT-4', 'Etc/GMT-5', 'Etc/GMT-6', 'Etc/GMT-7', 'Etc/GMT-8',
  'Etc/GMT-9', 'Etc/GMT0', 'Etc/Greenwich', 'Etc/UCT', 'Etc/UTC', 'Etc/Universal', 'Etc/Zulu',
  'Europe/Belfast', 'Europe/Kyiv', 'Europe/Nicosia', 'Europe/Tiraspol', 'Europe/Uzhgorod',
  'Europe/Zaporozhye', 'Factory', 'GB', 'GB-Eire', 'GMT', 'GMT+0', 'GMT-0', 'GMT0', 'Greenwich', 'HST',
  'Hongkong', 'Iceland', 'Iran', 'Israel', 'Jamaica', 'Japan', 'Kwajalein', 'Libya', 'MET', 'MST', 'MST7MDT',
  'Mexico/BajaNorte', 'Mexico/BajaSur', 'Mexico/General', 'NZ', 'NZ-CHAT', 'Navajo', 'PRC', 'PST8PDT',
  'Pacific/Chuuk', 'Pacific/Johnston', 'Pacific/Kanton', 'Pacific/Pohnpei', 'Pacific/Samoa', 'Pacific/Yap',
  'Poland', 'Portugal', 'ROC', 'ROK', 'Singapore', 'Turkey', 'UCT', 'US/Alaska', 'US/Aleutian', 'US/Arizona',
  'US/Central', 'US/East-Indiana', 'US/Eastern', 'US/Hawaii', 'US/Indiana-Starke', 'US/Michigan',
  'US/Mountain', 'US/Pacific', 'US/Samoa', 'UTC', 'Universal', 'W-SU', 'WET', 'Zulu',
];

let known: ReadonlySet<string> | undefined;

/** Every time zone name the API server loads, in its exact case. */
function knownTimeZones(): ReadonlySet<string> {
  known ??= new Set([...Intl.supportedValuesOf('timeZone'), ...TZDATA_NAMES_BEYOND_INTL]);
  return known;
}

/**
 * Why the API server refuses a CronJob's `spec.timeZone`, if it does: `validateTimeZone` in
 * kubernetes pkg/apis/batch/validation/validation.go refuses an empty name and `Local` (any case),
 * then loads the zone with Go's `time.LoadLocation`, which opens the tz database file of that
 * name, case-sensitively: `europe/paris` is refused though JavaScript's `Intl` accepts it.
 */
export function timeZoneError(timeZone: unknown): string | undefined {
  if (typeof timeZone !== 'string') return 'a time zone is a string, an IANA time zone name such as "Europe/Paris"';
  if (timeZone === '') return 'timeZone must be unset or a non-empty string';
  if (timeZone.toLowerCase() === 'local') return 'timeZone must be an explicit time zone (Local is the controller\'s, not a name in the tz database)';
  if (knownTimeZones().has(timeZone)) return undefined;
  const inOtherCase = [...knownTimeZones()].find((z) => z.toLowerCase() === timeZone.toLowerCase());
  if (inOtherCase) return `the API server loads time zones by their exact name, case-sensitively, and the name is "${inOtherCase}"`;
  return 'a time zone is an IANA time zone name of the tz database, which the API server loads with Go\'s time.LoadLocation';
}

/** The fix for a {@link timeZoneError}: the name in its exact case, when there is one. */
export function timeZoneFix(timeZone: unknown): string {
  const inOtherCase = typeof timeZone === 'string' ? [...knownTimeZones()].find((z) => z.toLowerCase() === timeZone.toLowerCase()) : undefined;
  return inOtherCase ? `write it "${inOtherCase}"` : 'use a name from the tz database, such as "Europe/Paris" or "Etc/UTC", or leave timeZone unset';
}
