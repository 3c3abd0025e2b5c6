// Administration of a province: centers, service areas, counters, device declarations, staff accounts and center
// settings, changed one at a time from the console or all at once by a province file. Either way the whole
// province is read, the change made on a copy, checked as a whole, compared with what is stored, and only what
// differs is written, with one audit record per changed entity, in one transaction; the centers concerned get a
// `center:config` event in their log, so their kiosks, displays and consoles take a new snapshot.
import type {
  AreaConfig,
  CenterAdmin,
  CenterFields,
  CenterSettings,
  ConfigChange,
  CounterConfig,
  NewCenter,
  NewStaff,
  ProvinceAdmin,
  ProvinceDiff,
  ProvinceFile,
  StaffConfig,
  StaffUser,
} from '@luot/contract';
import { MANAGER_AREA_FIELDS } from '@luot/contract';
import { hashPassword, type ScryptCost, verifyPassword } from '../auth/password.ts';
import { DomainError } from '../engine/domain-error.ts';
import { serviceDayOf } from '../engine/service-day.ts';
import type { QueueService } from '../queue/service.ts';
import type { ProvinceState, StoredCenter } from '../store/admin.ts';
import type { Store, Tx } from '../store/store.ts';
import {
  changedFields,
  configProblems,
  DEFAULT_SETTINGS,
  type Desired,
  desiredOf,
  diffConfig,
} from './province-config.ts';
import { parseProvinceFile, provinceFileOf } from './province-file.ts';
import type { Actor } from './service.ts';

/** The hash of an account without a password: no password verifies against it. */
const NO_PASSWORD = '!';

type Edit = (d: Desired, state: ProvinceState) => void;

export class AdminService {
  constructor(
    private readonly store: Store,
    private readonly queue: QueueService,
    private readonly passwordCost?: ScryptCost,
  ) {}

  private read<T>(provinceId: string, fn: (state: ProvinceState, tx: Tx) => T | Promise<T>): Promise<T> {
    return this.store.transaction(async (tx) => fn(await tx.admin.provinceState(provinceId), tx));
  }

  // --- reads ---

  province(user: StaffUser): Promise<ProvinceAdmin> {
    requireManager(user);
    return this.read(user.provinceId, (s) => ({
      province: s.province ?? { id: user.provinceId, code: '', name: '' },
      centers: s.centers.filter((c) => user.role === 'admin' || c.id === user.centerId).map(centerConfig),
    }));
  }

  center(user: StaffUser, centerId: string): Promise<CenterAdmin> {
    return this.read(user.provinceId, (s) => {
      const center = mustCenter(s, centerId);
      return {
        center: centerConfig(center),
        areas: s.areas.filter((a) => a.centerId === centerId).map(({ centerId: _, sort: __, ...a }) => a),
        counters: s.counters
          .filter((c) => c.centerId === centerId)
          .map(({ centerId: _, officer: __, currentTicketId: ___, ...c }) => c),
        staff: s.staff.filter((u) => u.centerId === centerId),
      };
    });
  }

  staff(user: StaffUser, centerId: string | undefined): Promise<StaffConfig[]> {
    requireManager(user);
    if (user.role !== 'admin' && centerId !== undefined && centerId !== user.centerId)
      throw new DomainError('WRONG_CENTER', centerId);
    const only = user.role === 'admin' ? centerId : user.centerId;
    return this.read(user.provinceId, (s) => s.staff.filter((u) => only === undefined || u.centerId === only));
  }

  exportFile(user: StaffUser): Promise<ProvinceFile> {
    requireAdmin(user, 'the province file');
    return this.read(user.provinceId, provinceFileOf);
  }

  /** The province file of a province, for the CLI. */
  exportProvince(provinceId: string): Promise<ProvinceFile> {
    return this.read(provinceId, provinceFileOf);
  }

  // --- centers ---

  createCenter(user: StaffUser, body: NewCenter): Promise<CenterAdmin> {
    requireAdmin(user, 'a new center');
    const { settings, ...fields } = body;
    return this.change(user, (d, s) => {
      if (s.centers.some((c) => c.id === body.id)) throw new DomainError('ALREADY_EXISTS', `center ${body.id}`);
      d.centers.push({ ...fields, provinceId: user.provinceId, settings: settings ?? DEFAULT_SETTINGS });
    }).then(() => this.center(user, body.id));
  }

  updateCenter(user: StaffUser, centerId: string, fields: CenterFields): Promise<CenterAdmin> {
    requireAdmin(user, "a center's identity");
    return this.change(user, (d, s) => {
      mustCenter(s, centerId);
      d.centers = d.centers.map((c) => (c.id === centerId ? { ...c, ...fields } : c));
    }).then(() => this.center(user, centerId));
  }

  setSettings(user: StaffUser, centerId: string, settings: CenterSettings): Promise<CenterAdmin> {
    return this.change(user, (d, s) => {
      mustCenter(s, centerId);
      d.centers = d.centers.map((c) => (c.id === centerId ? { ...c, settings } : c));
    }).then(() => this.center(user, centerId));
  }

  // --- areas ---

  createArea(user: StaffUser, centerId: string, area: AreaConfig): Promise<CenterAdmin> {
    requireAdmin(user, 'a new service area');
    return this.change(user, (d, s) => {
      mustCenter(s, centerId);
      const own = d.areas.filter((a) => a.centerId === centerId);
      if (own.some((a) => a.id === area.id)) throw new DomainError('ALREADY_EXISTS', `area ${area.id}`);
      d.areas.push({ ...area, centerId, sort: Math.max(-1, ...own.map((a) => a.sort)) + 1 });
    }).then(() => this.center(user, centerId));
  }

  updateArea(user: StaffUser, centerId: string, areaId: string, area: Omit<AreaConfig, 'id'>): Promise<CenterAdmin> {
    return this.change(user, (d, s) => {
      mustCenter(s, centerId);
      const before = s.areas.find((a) => a.centerId === centerId && a.id === areaId);
      if (!before) throw new DomainError('AREA_NOT_FOUND', areaId);
      const after = { ...before, ...area };
      // A manager runs the day: names, target time, icon; codes, number blocks and the list are the province's.
      const fixed = changedFields(before, after).filter((k) => !MANAGER_AREA_FIELDS.some((f) => f === k));
      if (user.role !== 'admin' && fixed.length > 0)
        throw new DomainError('PROVINCE_ADMIN_ONLY', `area ${fixed.join(', ')}`);
      d.areas = d.areas.map((a) => (a.centerId === centerId && a.id === areaId ? after : a));
    }).then(() => this.center(user, centerId));
  }

  // --- counters ---

  createCounter(user: StaffUser, centerId: string, counter: CounterConfig): Promise<CenterAdmin> {
    return this.change(user, (d, s) => {
      mustCenter(s, centerId);
      if (d.counters.some((c) => c.centerId === centerId && c.id === counter.id))
        throw new DomainError('ALREADY_EXISTS', `counter ${counter.id}`);
      d.counters.push({ ...counter, centerId });
    }).then(() => this.center(user, centerId));
  }

  updateCounter(
    user: StaffUser,
    centerId: string,
    counterId: string,
    counter: Omit<CounterConfig, 'id'>,
  ): Promise<CenterAdmin> {
    return this.change(user, (d, s) => {
      mustCenter(s, centerId);
      if (!s.counters.some((c) => c.centerId === centerId && c.id === counterId))
        throw new DomainError('COUNTER_NOT_FOUND', counterId);
      d.counters = d.counters.map((c) =>
        c.centerId === centerId && c.id === counterId ? { ...c, ...counter, id: counterId, centerId } : c,
      );
    }).then(() => this.center(user, centerId));
  }

  // --- staff ---

  async createStaff(user: StaffUser, body: NewStaff): Promise<StaffConfig> {
    const { password, ...account } = body;
    mayManageAccount(user, account);
    const hash = await hashPassword(password, this.passwordCost);
    await this.change(
      user,
      (d, s) => {
        if (s.staff.some((u) => u.username === account.username))
          throw new DomainError('ALREADY_EXISTS', `account ${account.username}`);
        d.staff = [...(d.staff ?? []), account];
      },
      new Map([[account.username, hash]]),
    );
    return account;
  }

  async updateStaff(user: StaffUser, username: string, body: Omit<StaffConfig, 'username'>): Promise<StaffConfig> {
    const account = { ...body, username };
    mayManageAccount(user, account);
    await this.change(user, (d, s) => {
      const before = s.staff.find((u) => u.username === username);
      if (!before) throw new DomainError('STAFF_NOT_FOUND', username);
      mayManageAccount(user, before);
      d.staff = (d.staff ?? []).map((u) => (u.username === username ? account : u));
    });
    return account;
  }

  /** Sets a password for someone (an administrator, or a manager for an officer of their center): changed at first sign-in. */
  async resetPassword(user: StaffUser, username: string, password: string): Promise<void> {
    const hash = await hashPassword(password, this.passwordCost);
    await this.store.transaction(async (tx) => {
      const s = await tx.admin.provinceState(user.provinceId);
      const account = s.staff.find((u) => u.username === username);
      if (!account) throw new DomainError('STAFF_NOT_FOUND', username);
      mayManageAccount(user, account);
      await tx.admin.setPassword(username, hash, true);
      await this.audit(tx, user, [passwordChange(account, 'reset')]);
    });
  }

  /** The signed-in user chooses their own password; every session of theirs ends (the route opens a new one). */
  async changeOwnPassword(user: StaffUser, current: string, password: string): Promise<void> {
    const record = await this.store.transaction((tx) => tx.accounts.user(user.username));
    if (!record || !(await verifyPassword(current, record.passwordHash))) throw new DomainError('WRONG_PASSWORD');
    const hash = await hashPassword(password, this.passwordCost);
    await this.store.transaction(async (tx) => {
      await tx.admin.setPassword(user.username, hash, false);
      await this.audit(tx, user, [passwordChange(user, 'changed')]);
    });
  }

  // --- the province file ---

  /** Applies a province file (or only shows its diff, `dryRun`): one transaction, nothing written when nothing differs. */
  applyFile(actor: Actor, text: string, dryRun: boolean): Promise<ProvinceDiff> {
    const file = parseProvinceFile(text);
    if (actor.role !== 'system' && file.province.id !== actor.provinceId)
      throw new DomainError('PROVINCE_FILE_INVALID', `the file is for province ${file.province.id}`);
    const provinceId = file.province.id;
    return this.store.transaction(async (tx) => {
      const state = await tx.admin.provinceState(provinceId);
      const changes = await this.commit(tx, { ...actor, provinceId }, state, desiredFromFile(state, file), {
        dryRun,
      });
      return { provinceId, applied: !dryRun && changes.length > 0, changes };
    });
  }

  // --- the one way to change ---

  private change(user: StaffUser, edit: Edit, passwords = new Map<string, string>()): Promise<ConfigChange[]> {
    return this.store.transaction(async (tx) => {
      const state = await tx.admin.provinceState(user.provinceId);
      const desired = desiredOf(state, user.provinceId);
      edit(desired, state);
      return this.commit(tx, user, state, desired, { dryRun: false, passwords });
    });
  }

  private async commit(
    tx: Tx,
    actor: Actor,
    state: ProvinceState,
    desired: Desired,
    options: { dryRun: boolean; passwords?: Map<string, string> },
  ): Promise<ConfigChange[]> {
    const problems = configProblems(desired, await tx.admin.taken(desired.province.id));
    if (problems.length > 0) throw new DomainError('CONFIG_INVALID', listed(problems));
    const changes = diffConfig(state, desired);
    await this.checkInUse(tx, actor, state, changes);
    if (options.dryRun || changes.length === 0) return changes;
    // The clients of a center that runs now take a new snapshot after the commit.
    const touched = new Set(changes.map((c) => c.centerId).filter((id) => id !== null));
    for (const c of state.centers)
      if (c.active && touched.has(c.id)) await this.queue.configChanged(tx, c.id, actor.username, 'configuration');
    const changed = (kind: ConfigChange['entityKind']) =>
      new Set(changes.filter((c) => c.entityKind === kind).map((c) => c.entityId));
    const key = (e: { centerId: string; id: string }) => `${e.centerId}/${e.id}`;
    if (changes.some((c) => c.entityKind === 'province')) await tx.upsertProvince(desired.province);
    const centers = new Set([...changed('center'), ...changed('center_settings')]);
    await tx.admin.upsertCenters(desired.centers.filter((c) => centers.has(c.id)));
    const areas = changed('area');
    await tx.admin.upsertAreas(desired.areas.filter((a) => areas.has(key(a))));
    const counters = changed('counter');
    await tx.admin.upsertCounters(desired.counters.filter((c) => counters.has(key(c))));
    const devices = changed('device');
    await tx.admin.upsertDevices(desired.devices.filter((x) => devices.has(x.id)));
    const staff = changed('staff');
    const known = new Set(state.staff.map((u) => u.username));
    const now = this.queue.clock().toISOString();
    await tx.admin.upsertStaff(
      (desired.staff ?? [])
        .filter((u) => staff.has(u.username))
        .map((u) => ({
          ...u,
          provinceId: desired.province.id,
          passwordHash: options.passwords?.get(u.username) ?? NO_PASSWORD,
          // A new account's password (set by someone else, or none yet) is changed at its first sign-in.
          mustChangePassword: !known.has(u.username),
          createdAt: now,
        })),
    );
    for (const c of changes)
      if (c.entityKind === 'center_hours') {
        const hours = desired.hours.get(c.entityId);
        if (hours) await tx.setup.setCenterHours(c.entityId, { hours, updatedAt: now, updatedBy: actor.username });
      }
    await this.audit(tx, actor, changes);
    return changes;
  }

  private async audit(tx: Tx, actor: Actor, changes: ConfigChange[]): Promise<void> {
    const at = this.queue.clock().toISOString();
    await tx.setup.insertAudits(
      changes.map((c) => ({
        at,
        actor: actor.username,
        role: actor.role,
        provinceId: actor.provinceId,
        centerId: c.centerId,
        action: c.action,
        entityKind: c.entityKind,
        entityId: c.entityId,
        before: c.before,
        after: c.after,
      })),
    );
  }

  /** What runs now cannot be switched off under people's feet. */
  private async checkInUse(tx: Tx, actor: Actor, state: ProvinceState, changes: ConfigChange[]): Promise<void> {
    const off = changes.filter((c) => c.action === 'deactivate');
    if (off.length === 0) return;
    const live = await tx.admin.liveTicketsByArea(
      state.centers.map((c) => c.id),
      serviceDayOf(this.queue.clock()),
    );
    const problems: string[] = [];
    for (const c of off) {
      if (c.entityKind === 'counter') {
        const k = state.counters.find((x) => `${x.centerId}/${x.id}` === c.entityId);
        if (k?.officer || k?.currentTicketId) problems.push(`counter ${c.entityId} is in use (officer or ticket)`);
      } else if (c.entityKind === 'area' && (live.get(c.entityId) ?? 0) > 0)
        problems.push(`area ${c.entityId} has tickets waiting or in service today`);
      else if (c.entityKind === 'center' && [...live.keys()].some((k) => k.startsWith(`${c.entityId}/`)))
        problems.push(`center ${c.entityId} has tickets waiting or in service today`);
      else if (c.entityKind === 'staff' && c.entityId === actor.username)
        problems.push('you cannot deactivate your own account');
    }
    if (problems.length > 0) throw new DomainError('CONFIG_CONFLICT', listed(problems));
  }
}

/** What a province file makes of the province: what it lists, and what it no longer lists deactivated. */
function desiredFromFile(state: ProvinceState, file: ProvinceFile): Desired {
  const inFile = new Set(file.centers.map((c) => c.id));
  const known = new Map(state.centers.map((c) => [c.id, c]));
  const d: Desired = {
    province: file.province,
    centers: [],
    areas: [],
    counters: [],
    devices: state.devices.map((x) => ({ ...x })),
    staff: null,
    hours: new Map(),
  };
  for (const c of file.centers) {
    const { areas, counters, devices, hours, settings, ...fields } = c;
    d.centers.push({
      ...fields,
      provinceId: file.province.id,
      settings: settings ?? known.get(c.id)?.settings ?? DEFAULT_SETTINGS,
    });
    if (hours !== undefined) d.hours.set(c.id, hours);
    const areaIds = new Set(areas.map((a) => a.id));
    d.areas.push(
      ...areas.map((a, sort) => ({ ...a, centerId: c.id, sort })),
      ...state.areas.filter((a) => a.centerId === c.id && !areaIds.has(a.id)).map((a) => ({ ...a, active: false })),
    );
    const counterIds = new Set(counters.map((k) => k.id));
    d.counters.push(
      ...counters.map((k) => ({ ...k, centerId: c.id })),
      ...state.counters
        .filter((k) => k.centerId === c.id && !counterIds.has(k.id))
        .map(({ officer: _, currentTicketId: __, ...k }) => ({ ...k, active: false })),
    );
    for (const x of devices ?? []) {
      const device = { ...x, centerId: c.id };
      const i = d.devices.findIndex((y) => y.id === x.id);
      if (i >= 0) d.devices[i] = device;
      else d.devices.push(device);
    }
  }
  // A center the file leaves out is deactivated, with what it holds as it was.
  for (const c of state.centers)
    if (!inFile.has(c.id)) {
      d.centers.push({ ...c, active: false });
      d.areas.push(...state.areas.filter((a) => a.centerId === c.id));
      d.counters.push(
        ...state.counters.filter((k) => k.centerId === c.id).map(({ officer: _, currentTicketId: __, ...k }) => k),
      );
    }
  if (file.staff) {
    const listed = new Set(file.staff.map((u) => u.username));
    d.staff = [
      ...file.staff,
      ...state.staff.filter((u) => !listed.has(u.username)).map((u) => ({ ...u, active: false })),
    ];
  }
  return d;
}

/** The first problems, and how many more: a refusal stays readable. */
const listed = (problems: string[], max = 20) =>
  problems.slice(0, max).join('; ') + (problems.length > max ? `; … and ${problems.length - max} more` : '');

/** The audit says that a password was set (`reset` by someone else, `changed` by its owner), never the password. */
function passwordChange(account: Pick<StaffConfig, 'username' | 'centerId'>, how: 'reset' | 'changed'): ConfigChange {
  return {
    entityKind: 'staff',
    entityId: account.username,
    centerId: account.centerId,
    action: 'update',
    fields: ['password'],
    before: null,
    after: { password: how },
  };
}

function centerConfig({ provinceId: _, ...c }: StoredCenter) {
  return c;
}

function mustCenter(state: ProvinceState, centerId: string): StoredCenter {
  const center = state.centers.find((c) => c.id === centerId);
  if (!center) throw new DomainError('CENTER_NOT_FOUND', centerId);
  return center;
}

function requireManager(user: StaffUser) {
  if (user.role !== 'admin' && user.role !== 'manager') throw new DomainError('FORBIDDEN', 'manager');
}

function requireAdmin(user: StaffUser, what: string) {
  requireManager(user);
  if (user.role !== 'admin') throw new DomainError('PROVINCE_ADMIN_ONLY', what);
}

/** An administrator manages every account of the province; a manager the officers of their own center. */
function mayManageAccount(user: StaffUser, account: Pick<StaffConfig, 'role' | 'centerId'>) {
  requireManager(user);
  if (user.role === 'admin') return;
  if (account.role !== 'officer') throw new DomainError('PROVINCE_ADMIN_ONLY', 'a manager or administrator account');
  if (account.centerId !== user.centerId) throw new DomainError('WRONG_CENTER', account.centerId ?? '');
}
