// Administration: the configuration of a province (centers, service areas, counters, device declarations,
// staff accounts, center settings), as the API edits it one entity at a time and as the province file carries
// it whole. What history points to is deactivated (`active: false`), never deleted.
import { Type, type Static } from 'typebox';
import { Role } from './auth.ts';
import { CenterSettings, DeviceKind, Id, MAX_INT, Province } from './model.ts';
import { OpeningHours } from './setup.ts';

const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength });
/** Deactivated (false) rather than deleted; left out: active. */
const Active = Type.Boolean({ default: true });
export const DEFAULT_TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** Agency identifier per QCVN 102:2016 (e.g. 000.00.00.H13): the prefix of the center's dossier codes. */
export const AgencyCode = Type.String({
  pattern: '^[0-9A-Z]{3}\\.[0-9A-Z]{2}\\.[0-9A-Z]{2}\\.[A-Z][0-9]{2}$',
  description: 'QCVN 102:2016 agency identifier, e.g. 000.31.01.H13',
});
/** Statistics code: 2 digits (a province, for its provincial center) or 5 (a commune or ward). */
export const StatsCode = Type.String({ pattern: '^[0-9]{2}([0-9]{3})?$', description: '2 or 5 digits' });

/** A center's own fields (its settings apart). */
export const CenterFields = Type.Object(
  {
    agencyCode: AgencyCode,
    statsCode: StatsCode,
    name: Text(200),
    commune: Text(200),
    address: Text(300),
    /** IANA time zone of the center. */
    timeZone: Type.String({
      minLength: 3,
      maxLength: 64,
      pattern: '^[A-Za-z_]+(/[A-Za-z0-9_+-]+)+$',
      default: DEFAULT_TIME_ZONE,
    }),
    active: Active,
  },
  { additionalProperties: false },
);
export type CenterFields = Static<typeof CenterFields>;

/** A center as the administration sees it. */
export const CenterConfig = Type.Object(
  { id: Id, ...CenterFields.properties, settings: CenterSettings },
  { additionalProperties: false },
);
export type CenterConfig = Static<typeof CenterConfig>;

export const NewCenter = Type.Object(
  { id: Id, ...CenterFields.properties, settings: Type.Optional(CenterSettings) },
  { additionalProperties: false },
);
export type NewCenter = Static<typeof NewCenter>;

/** A service area: its number block may be of any width (1–999, 1001–9999…), not overlapping another's. */
export const AreaConfig = Type.Object(
  {
    id: Id,
    /** Letters shown before the number on paper and screens. */
    code: Type.String({ pattern: '^[A-Z0-9]{1,6}$' }),
    nameVi: Text(120),
    nameEn: Text(120),
    blockStart: Type.Integer({ minimum: 1, maximum: MAX_INT }),
    blockEnd: Type.Integer({ minimum: 1, maximum: MAX_INT }),
    targetServiceMinutes: Type.Number({ minimum: 1, maximum: 600 }),
    /** The kiosk's icon name (null: the default). */
    icon: Type.Union([Type.String({ pattern: '^[a-z0-9-]{1,40}$' }), Type.Null()], { default: null }),
    active: Active,
  },
  { additionalProperties: false },
);
export type AreaConfig = Static<typeof AreaConfig>;

/** What a center manager may change of an area day to day; the rest is the administrator's. */
export const MANAGER_AREA_FIELDS = ['nameVi', 'nameEn', 'targetServiceMinutes', 'icon'] as const;

export const CounterConfig = Type.Object(
  {
    id: Id,
    number: Type.Integer({ minimum: 1, maximum: 9999 }),
    name: Text(80),
    /** Areas served, in the order the counter takes them. */
    areaIds: Type.Array(Id, { minItems: 1, maxItems: 30 }),
    active: Active,
  },
  { additionalProperties: false },
);
export type CounterConfig = Static<typeof CounterConfig>;

/** A kiosk or display declared for a center (enrollment and credentials are not part of the file). */
export const DeviceConfig = Type.Object(
  {
    id: Id,
    kind: DeviceKind,
    name: Text(120),
    /** For a counter display, the counter's id; for a print agent of a counter, the counter whose receipts it prints. */
    counterId: Type.Union([Id, Type.Null()]),
    /** For a print agent of a kiosk, the kiosk of the same center whose tickets it prints. */
    kioskId: Type.Optional(Type.Union([Id, Type.Null()])),
  },
  { additionalProperties: false },
);
export type DeviceConfig = Static<typeof DeviceConfig>;

export const Username = Type.String({ pattern: '^[a-z0-9][a-z0-9._-]{2,63}$', description: 'lower case' });

/** A staff account (never its password). An administrator has no center, an officer or manager one. */
export const StaffConfig = Type.Object(
  {
    username: Username,
    displayName: Text(120),
    role: Role,
    centerId: Type.Union([Id, Type.Null()]),
    active: Active,
  },
  { additionalProperties: false },
);
export type StaffConfig = Static<typeof StaffConfig>;

export const Password = Type.String({ minLength: 8, maxLength: 200 });

export const NewStaff = Type.Object({ ...StaffConfig.properties, password: Password }, { additionalProperties: false });
export type NewStaff = Static<typeof NewStaff>;

export const PasswordBody = Type.Object({ password: Password }, { additionalProperties: false });
export type PasswordBody = Static<typeof PasswordBody>;

/** The signed-in user changes their own password (required after one was set for them). */
export const OwnPasswordBody = Type.Object(
  { current: Type.String({ minLength: 1, maxLength: 200 }), password: Password },
  { additionalProperties: false },
);
export type OwnPasswordBody = Static<typeof OwnPasswordBody>;

/** Everything of one center: the province file's entry, and the console's center page. */
export const CenterFile = Type.Object(
  {
    ...CenterFields.properties,
    id: Id,
    /** Left out: the defaults (a new center) or unchanged (a known one). */
    settings: Type.Optional(CenterSettings),
    /** Opening hours; left out: not changed by the file. */
    hours: Type.Optional(Type.Union([OpeningHours, Type.Null()])),
    /** In the order the kiosk shows them. */
    areas: Type.Array(AreaConfig, { maxItems: 60 }),
    counters: Type.Array(CounterConfig, { maxItems: 200 }),
    devices: Type.Optional(Type.Array(DeviceConfig, { maxItems: 300 })),
  },
  { additionalProperties: false },
);
export type CenterFile = Static<typeof CenterFile>;

/**
 * The whole configuration of a province, one YAML (or JSON) document. Applying it makes the province so: what
 * it lists is created or updated, a center, area or counter it no longer lists is deactivated; staff are
 * changed only when `staff` is given. Passwords are never in it (new accounts get none until one is set).
 */
export const ProvinceFile = Type.Object(
  {
    version: Type.Literal(1),
    province: Type.Object(
      { id: Id, code: Type.String({ pattern: '^[0-9]{2}$' }), name: Text(200) },
      { additionalProperties: false },
    ),
    centers: Type.Array(CenterFile, { maxItems: 2000 }),
    staff: Type.Optional(Type.Array(StaffConfig, { maxItems: 20000 })),
  },
  { additionalProperties: false },
);
export type ProvinceFile = Static<typeof ProvinceFile>;

export const CHANGE_ACTIONS = ['create', 'update', 'deactivate', 'reactivate'] as const;
export const ConfigChange = Type.Object({
  entityKind: Type.Enum([
    'province',
    'center',
    'center_settings',
    'center_hours',
    'area',
    'counter',
    'device',
    'staff',
  ]),
  /** `center/area` for an area or counter, the username for staff. */
  entityId: Type.String(),
  centerId: Type.Union([Id, Type.Null()]),
  action: Type.Enum(CHANGE_ACTIONS),
  /** The fields that differ. */
  fields: Type.Array(Type.String()),
  before: Type.Unknown(),
  after: Type.Unknown(),
});
export type ConfigChange = Static<typeof ConfigChange>;

export const ProvinceDiff = Type.Object({
  provinceId: Id,
  /** false: a dry run, nothing was written. */
  applied: Type.Boolean(),
  changes: Type.Array(ConfigChange),
});
export type ProvinceDiff = Static<typeof ProvinceDiff>;

export const ProvinceFileUpload = Type.Object(
  {
    /** The file's text, YAML or JSON. */
    text: Type.String({ minLength: 1, maxLength: 20_000_000 }),
    /** true: only show what applying would change. */
    dryRun: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type ProvinceFileUpload = Static<typeof ProvinceFileUpload>;

/** A center's page in the console: the center and everything in it. */
export const CenterAdmin = Type.Object({
  center: CenterConfig,
  areas: Type.Array(AreaConfig),
  counters: Type.Array(CounterConfig),
  staff: Type.Array(StaffConfig),
});
export type CenterAdmin = Static<typeof CenterAdmin>;

export const AdminCenterParams = Type.Object({ centerId: Id });
export const AdminAreaParams = Type.Object({ centerId: Id, areaId: Id });
export const AdminCounterParams = Type.Object({ centerId: Id, counterId: Id });
export const StaffParams = Type.Object({ username: Username });
export const StaffQuery = Type.Object({ centerId: Type.Optional(Id) });

/** The province as the administrator's console lists it. */
export const ProvinceAdmin = Type.Object({ province: Province, centers: Type.Array(CenterConfig) });
export type ProvinceAdmin = Static<typeof ProvinceAdmin>;
