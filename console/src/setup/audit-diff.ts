// What changed between the before and after of an audit record, as short lines a person reads.

export interface DiffRow {
  path: string;
  before: string;
  after: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const isInterval = (v: unknown): v is { from: string; to: string } =>
  isObject(v) && typeof v.from === 'string' && typeof v.to === 'string';

const isDay = (v: unknown): v is { day: string; kind: string } =>
  isObject(v) && typeof v.day === 'string' && typeof v.kind === 'string';
const dayText = (d: { day: string; kind: string }) =>
  `${d.day.slice(8, 10)}/${d.day.slice(5, 7)}/${d.day.slice(0, 4)} ${d.kind === 'off' ? 'nghỉ' : d.kind === 'working' ? 'làm bù' : d.kind}`;

function show(v: unknown, path = ''): string {
  if (v === undefined || v === null) return '—';
  if (Array.isArray(v) && v.length === 0) return path.startsWith('weekly') ? 'nghỉ' : '(không có)';
  // Opening intervals read as a manager types them; calendar days as dd/mm/yyyy and their kind.
  if (Array.isArray(v) && v.every(isInterval)) return v.map((i) => `${i.from}–${i.to}`).join(', ');
  if (Array.isArray(v) && v.every(isDay)) return cut(v.map(dayText).join(', '));
  return cut(typeof v === 'string' ? v : JSON.stringify(v));
}

const cut = (text: string) => (text.length > 200 ? `${text.slice(0, 197)}…` : text);

/** The fields that differ, two levels deep (e.g. "weekly.mon", "fee"); a created or removed entity is one row. */
export function diffRows(before: unknown, after: unknown, depth = 2, prefix = ''): DiffRow[] {
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  const absent = (v: unknown) => v === null || v === undefined;
  // A created (or removed) entity is shown field by field against nothing.
  const b = absent(before) && isObject(after) ? {} : before;
  const a = absent(after) && isObject(before) ? {} : after;
  // Calendar days: only those taken out and those added.
  const bDays: unknown[] = Array.isArray(b) ? b : [];
  const aDays: unknown[] = Array.isArray(a) ? a : [];
  if (bDays.length > 0 && aDays.length > 0 && bDays.every(isDay) && aDays.every(isDay)) {
    const key = (d: { day: string; kind: string }) => `${d.day}:${d.kind}`;
    const removed = bDays.filter((d) => !aDays.some((x) => key(x) === key(d)));
    const added = aDays.filter((d) => !bDays.some((x) => key(x) === key(d)));
    if (removed.length + added.length > 0)
      return [{ path: prefix, before: removed.length ? show(removed) : '—', after: added.length ? show(added) : '—' }];
  }
  if (depth === 0 || !isObject(b) || !isObject(a))
    return [{ path: prefix || '(toàn bộ)', before: show(before, prefix), after: show(after, prefix) }];
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return keys.flatMap((k) => diffRows(b[k], a[k], depth - 1, prefix ? `${prefix}.${k}` : k));
}
