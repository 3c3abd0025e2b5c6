// A province's configuration as a value: what it should be (from the API's one change or a whole province file),
// checked as a whole, compared with what is stored (the diff, entity by entity and field by field), and turned
// into the rows to write. Pure: the store reads and writes around it are in admin.ts.
import { type CenterSettings, type ConfigChange, type OpeningHours, type StaffConfig } from '@luot/contract';
import type { ProvinceState, StoredArea, StoredCenter, StoredCounter, StoredDevice } from '../store/admin.ts';
import { templateProblem } from '../queue/call-template.ts';

export const DEFAULT_SETTINGS: CenterSettings = {
  priorityMode: 'capped',
  maxPriorityInRow: 3,
  maxRecalls: 2,
  noShowGraceMinutes: 30,
  callTemplate: 'Kính mời công dân có số thứ tự {number} đến quầy số {counter}',
  notifyAheadThreshold: 3,
};

type DesiredCounter = Omit<StoredCounter, 'officer' | 'currentTicketId'>;

/** What the province should be. `staff` null: accounts are not part of the change. */
export interface Desired {
  province: { id: string; code: string; name: string };
  centers: StoredCenter[];
  areas: StoredArea[];
  counters: DesiredCounter[];
  devices: StoredDevice[];
  staff: StaffConfig[] | null;
  /** Hours of the centers whose hours are part of the change. */
  hours: Map<string, OpeningHours | null>;
}

/** The stored state, as a Desired to edit (every part included). */
export function desiredOf(state: ProvinceState, provinceId: string): Desired {
  return {
    province: state.province ?? { id: provinceId, code: '', name: '' },
    centers: state.centers.map((c) => ({ ...c })),
    areas: state.areas.map((a) => ({ ...a })),
    counters: state.counters.map(({ officer: _, currentTicketId: __, ...c }) => ({ ...c })),
    devices: state.devices.map((d) => ({ ...d })),
    staff: state.staff.map((s) => ({ ...s })),
    hours: new Map(),
  };
}

const areaKey = (a: { centerId: string; id: string }) => `${a.centerId}/${a.id}`;

/** What may not be so, in words that name the entity; empty when the configuration holds together. */
export function configProblems(
  d: Desired,
  taken: { centerIds: Set<string>; agencyCodes: Set<string>; usernames: Set<string> },
): string[] {
  const problems: string[] = [];
  const dup = (what: string, keys: string[]) => {
    const seen = new Set<string>();
    for (const k of keys) {
      if (seen.has(k)) problems.push(`${what} ${k} appears twice`);
      seen.add(k);
    }
  };
  dup(
    'center',
    d.centers.map((c) => c.id),
  );
  dup(
    'agency code',
    d.centers.map((c) => c.agencyCode),
  );
  for (const c of d.centers) {
    if (taken.centerIds.has(c.id)) problems.push(`center ${c.id} belongs to another province`);
    if (taken.agencyCodes.has(c.agencyCode)) problems.push(`agency code ${c.agencyCode} is another province's`);
    if (!validZone(c.timeZone)) problems.push(`center ${c.id}: unknown time zone ${c.timeZone}`);
    const bad = templateProblem(c.settings.callTemplate);
    if (bad !== null)
      problems.push(`center ${c.id}: the call template needs {number} and {counter}${bad && `, not ${bad}`}`);
  }
  const centerIds = new Set(d.centers.map((c) => c.id));
  dup('area', d.areas.map(areaKey));
  dup('counter', d.counters.map(areaKey));
  dup(
    'counter number',
    d.counters.map((c) => `${c.centerId}/${c.number}`),
  );
  dup(
    'device',
    d.devices.map((x) => x.id),
  );
  const activeAreas = d.areas.filter((a) => a.active);
  dup(
    'area code',
    activeAreas.map((a) => `${a.centerId}/${a.code}`),
  );
  const liveArea = new Set(activeAreas.map(areaKey));
  for (const a of d.areas) {
    if (!centerIds.has(a.centerId)) problems.push(`area ${areaKey(a)}: no center ${a.centerId}`);
    if (a.blockStart > a.blockEnd) problems.push(`area ${areaKey(a)}: block ${a.blockStart}–${a.blockEnd} is empty`);
  }
  for (const a of activeAreas)
    for (const b of activeAreas)
      if (
        a.centerId === b.centerId &&
        areaKey(a) < areaKey(b) &&
        a.blockStart <= b.blockEnd &&
        b.blockStart <= a.blockEnd
      )
        problems.push(
          `areas ${areaKey(a)} and ${b.id}: number blocks ${a.blockStart}–${a.blockEnd} and ${b.blockStart}–${b.blockEnd} overlap`,
        );
  for (const c of d.counters) {
    if (!centerIds.has(c.centerId)) problems.push(`counter ${areaKey(c)}: no center ${c.centerId}`);
    if (new Set(c.areaIds).size !== c.areaIds.length) problems.push(`counter ${areaKey(c)}: an area is listed twice`);
    if (c.active)
      for (const id of c.areaIds)
        if (!liveArea.has(`${c.centerId}/${id}`))
          problems.push(`counter ${areaKey(c)}: area ${id} is not an active area of ${c.centerId}`);
  }
  const counterKeys = new Set(d.counters.map(areaKey));
  for (const x of d.devices) {
    if (!centerIds.has(x.centerId)) problems.push(`device ${x.id}: no center ${x.centerId}`);
    if (x.kind === 'counter_display' && (!x.counterId || !counterKeys.has(`${x.centerId}/${x.counterId}`)))
      problems.push(`device ${x.id}: a counter display needs a counter of ${x.centerId}`);
    // A print agent prints a kiosk's tickets, or a counter's receipts: one of them, of its own center.
    if (x.kind === 'print_agent' && x.kioskId && x.counterId)
      problems.push(`device ${x.id}: a print agent prints for a kiosk or a counter, not both`);
    else if (x.kind === 'print_agent' && x.counterId) {
      if (!counterKeys.has(`${x.centerId}/${x.counterId}`))
        problems.push(`device ${x.id}: a print agent's counter must be a counter of ${x.centerId}`);
    } else if (
      x.kind === 'print_agent' &&
      !d.devices.some((k) => k.id === x.kioskId && k.kind === 'kiosk' && k.centerId === x.centerId)
    )
      problems.push(`device ${x.id}: a print agent needs a kiosk or a counter of ${x.centerId}`);
  }
  if (d.staff) {
    dup(
      'username',
      d.staff.map((s) => s.username),
    );
    for (const s of d.staff) {
      if (taken.usernames.has(s.username)) problems.push(`username ${s.username} is taken in another province`);
      if (s.role === 'admin' && s.centerId !== null)
        problems.push(`staff ${s.username}: a province administrator has no center`);
      if (s.role !== 'admin' && (s.centerId === null || !centerIds.has(s.centerId)))
        problems.push(`staff ${s.username}: a ${s.role} needs a center of the province`);
    }
  }
  return problems;
}

function validZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** A value's fields that differ from another's (JSON equality, key order ignored). */
export function changedFields(before: object, after: object): string[] {
  const b = new Map(Object.entries(before));
  const a = new Map(Object.entries(after));
  return [...new Set([...b.keys(), ...a.keys()])].filter((k) => canonical(b.get(k)) !== canonical(a.get(k)));
}

/** JSON with sorted keys: equal values give equal text. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

const actionOf = (before: { active?: boolean } | undefined, after: { active?: boolean }, fields: string[]) =>
  !before ? 'create' : fields.includes('active') ? (after.active ? 'reactivate' : 'deactivate') : 'update';

/** Every change from the stored state to the desired one, in a stable order. */
export function diffConfig(state: ProvinceState, d: Desired): ConfigChange[] {
  const changes: ConfigChange[] = [];
  const p = state.province;
  const pFields = p ? changedFields(p, d.province) : ['id', 'code', 'name'];
  if (pFields.length)
    changes.push({
      entityKind: 'province',
      entityId: d.province.id,
      centerId: null,
      action: p ? 'update' : 'create',
      fields: pFields,
      before: p,
      after: d.province,
    });
  const byKey = <T>(list: T[], key: (t: T) => string) => new Map(list.map((t) => [key(t), t]));
  const compare = <T extends object>(
    kind: ConfigChange['entityKind'],
    before: Map<string, T>,
    after: T[],
    key: (t: T) => string,
    centerOf: (t: T) => string | null,
  ) => {
    for (const a of after) {
      const b = before.get(key(a));
      const fields = b ? changedFields(b, a) : Object.keys(a);
      if (b && fields.length === 0) continue;
      changes.push({
        entityKind: kind,
        entityId: key(a),
        centerId: centerOf(a),
        action: actionOf(b, a, fields),
        fields,
        before: b ?? null,
        after: a,
      });
    }
  };
  const centerFields = (c: StoredCenter) => {
    const { settings: _, ...rest } = c;
    return rest;
  };
  compare(
    'center',
    byKey(state.centers.map(centerFields), (c) => c.id),
    d.centers.map(centerFields),
    (c) => c.id,
    (c) => c.id,
  );
  const settingsOf = (c: StoredCenter) => ({ id: c.id, ...c.settings });
  compare(
    'center_settings',
    byKey(state.centers.map(settingsOf), (c) => c.id),
    d.centers.map(settingsOf),
    (c) => c.id,
    (c) => c.id,
  );
  for (const [centerId, hours] of d.hours) {
    const before = state.hours.get(centerId)?.hours ?? null;
    if (canonical(before) === canonical(hours)) continue;
    changes.push({
      entityKind: 'center_hours',
      entityId: centerId,
      centerId,
      action: before ? 'update' : 'create',
      fields: ['hours'],
      before,
      after: hours,
    });
  }
  compare('area', byKey(state.areas, areaKey), d.areas, areaKey, (a) => a.centerId);
  const counterOf = ({ officer: _, currentTicketId: __, ...c }: StoredCounter): DesiredCounter => c;
  compare('counter', byKey(state.counters.map(counterOf), areaKey), d.counters, areaKey, (c) => c.centerId);
  compare(
    'device',
    byKey(state.devices, (x) => x.id),
    d.devices,
    (x) => x.id,
    (x) => x.centerId,
  );
  if (d.staff)
    compare(
      'staff',
      byKey(state.staff, (s) => s.username),
      d.staff,
      (s) => s.username,
      (s) => s.centerId,
    );
  return changes;
}
