/**
 * Datelines in an edition's zone: "Sun 15 Nov 2026 04:36 EST". The zone abbreviation comes
 * from the date itself, so November reads EST and July EDT, winter GMT and summer BST.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

/** Building an Intl formatter costs far more than using one; pages keep one per kind, locale and zone. */
function formatter(kind: 'dateline' | 'short' | 'clock', locale: string, timeZone: string): Intl.DateTimeFormat {
  const key = `${kind}|${locale}|${timeZone}`;
  let format = formatters.get(key);
  if (!format) {
    const day = { timeZone, day: 'numeric', month: 'short', year: 'numeric' } as const;
    const clock = { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short' } as const;
    format = new Intl.DateTimeFormat(locale, kind === 'short' ? day : kind === 'clock' ? clock : { ...day, ...clock, weekday: 'short' });
    formatters.set(key, format);
  }
  return format;
}

export function dateline(date: Date, locale: string, timeZone: string): string {
  const parts = Object.fromEntries(
    formatter('dateline', locale, timeZone)
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.weekday} ${parts.day} ${parts.month} ${parts.year} ${parts.hour}:${parts.minute} ${parts.timeZoneName}`;
}

/** "15 Nov 2026" for cards and lists. */
export function shortDate(date: Date, locale: string, timeZone: string): string {
  return formatter('short', locale, timeZone).format(date);
}

/** "01:59 GMT" for a live blog's entries, which a day's dateline above them already dates. */
export function clockTime(date: Date, locale: string, timeZone: string): string {
  const parts = Object.fromEntries(
    formatter('clock', locale, timeZone)
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.hour}:${parts.minute} ${parts.timeZoneName}`;
}
