// Importing a procedure catalog file (CSV or JSON): every row is checked, and one bad row refuses the file.
import { Compile } from 'typebox/compile';
import { type Authority, Procedure } from '@luot/contract';

const checkProcedure = Compile(Procedure);

/**
 * The CSV columns, in this order, with a header row. Lists inside a cell are separated by "|". An optional
 * last column `afterHoursCutoff` (HH:mm) gives the time after which a dossier counts as received the next working day;
 * an optional `feeLines` column the fees one by one (`label:amount|label:amount`, adding up to `fee`).
 */
export const CSV_COLUMNS = [
  'code',
  'name',
  'areaCode',
  'level',
  'departmentId',
  'processingDays',
  'fee',
  'documents',
  'fields',
] as const;

/** RFC 4180 CSV: quoted cells may hold commas, quotes ("") and line breaks. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const src = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (quoted) {
      if (c === '"' && src[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (quoted) throw new CatalogError(['a quoted cell is not closed']);
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows.filter((r) => r.some((c) => c.trim() !== ''));
}

export class CatalogError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.slice(0, 20).join('; ') + (problems.length > 20 ? `; … ${problems.length - 20} more` : ''));
  }
}

const list = (cell: string) =>
  cell
    .split('|')
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * A `fields` cell item: `key:label` (required) or `key?:label` (optional), free text as before; a type may
 * follow the key: `deathDate=date:Ngày chết`, `pages?=number:Số trang`, `partnerId=idNumber:…`, `tel=phone:…`,
 * `formNumber=choice(Phiếu số 1;Phiếu số 2):Loại phiếu` (options separated by ";").
 */
function fieldOf(item: string): Record<string, unknown> {
  const m = /^([^:=?(]*)(\?)?\s*(?:=\s*([A-Za-z]+)\s*(?:\(([^)]*)\))?)?\s*(?::(.*))?$/s.exec(item);
  if (!m) return { key: item, label: '', required: true };
  const [, key = '', optional, type, options, label = ''] = m;
  return {
    key: key.trim(),
    label: label.trim(),
    required: !optional,
    ...(type ? { type } : {}),
    ...(options !== undefined
      ? {
          options: options
            .split(';')
            .map((o) => o.trim())
            .filter(Boolean),
        }
      : {}),
  };
}

/** A `feeLines` cell item: `label:amount` (VND, digits only), e.g. `Lệ phí cấp bản sao:8000`. */
function feeLineOf(item: string): Record<string, unknown> {
  const at = item.lastIndexOf(':');
  const amount = item.slice(at + 1).trim();
  return at < 0
    ? { label: item, amount: null }
    : { label: item.slice(0, at).trim(), amount: /^\d+$/.test(amount) ? Number(amount) : amount };
}

/** A CSV row as the JSON shape. */
function rowOf(header: string[], cells: string[]): Record<string, unknown> {
  const get = (name: string) => (cells[header.indexOf(name)] ?? '').trim();
  return {
    code: get('code'),
    name: get('name'),
    areaCode: get('areaCode'),
    level: get('level'),
    departmentId: get('departmentId') || null,
    processingDays: /^\d+$/.test(get('processingDays')) ? Number(get('processingDays')) : get('processingDays'),
    fee: /^\d+$/.test(get('fee')) ? Number(get('fee')) : get('fee'),
    documents: list(get('documents')),
    fields: list(get('fields')).map(fieldOf),
    // Optional column (files without it stay valid): an empty cell clears the cut-off.
    ...(header.includes('afterHoursCutoff') ? { afterHoursCutoff: get('afterHoursCutoff') || null } : {}),
    // Optional column: an empty cell means one "Lệ phí" line of `fee`.
    ...(header.includes('feeLines') && get('feeLines') ? { feeLines: list(get('feeLines')).map(feeLineOf) } : {}),
  };
}

export function catalogFromCsv(text: string): { rows: unknown[]; lineOf: (i: number) => string } {
  const [header, ...rest] = parseCsv(text);
  if (!header) throw new CatalogError(['the file is empty']);
  const names = header.map((h) => h.trim());
  const missing = CSV_COLUMNS.filter((c) => !names.includes(c));
  if (missing.length > 0)
    throw new CatalogError([`missing columns: ${missing.join(', ')} (expected ${CSV_COLUMNS.join(',')})`]);
  return { rows: rest.map((cells) => rowOf(names, cells)), lineOf: (i) => `row ${i + 2}` };
}

/** Checks every procedure against the schema, the authorities and the others in the file. */
export function validateCatalog(
  rows: unknown[],
  authorities: Authority[],
  lineOf: (i: number) => string = (i) => `item ${i + 1}`,
): Procedure[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  if (rows.length === 0) problems.push('no procedures in the file');
  rows.forEach((row, i) => {
    const where = lineOf(i);
    if (!checkProcedure.Check(row)) {
      const errors = [...checkProcedure.Errors(row)].filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'boolean');
      const first = new Map(errors.map((e) => [e.instancePath, e.message]));
      for (const [path, message] of first) problems.push(`${where} ${path || '/'}: ${message}`);
      return;
    }
    const p = row;
    if (seen.has(p.code)) problems.push(`${where}: code ${p.code} appears twice`);
    seen.add(p.code);
    if (p.level === 'province') {
      const dept = authorities.find((a) => a.id === p.departmentId);
      if (!dept || dept.level !== 'province')
        problems.push(
          `${where}: a province-level procedure needs the id of a province department (got ${p.departmentId ?? 'nothing'})`,
        );
    } else if (p.departmentId !== null)
      problems.push(`${where}: a commune-level procedure has no department (the commune is chosen per dossier)`);
    if (p.feeLines) {
      const sum = p.feeLines.reduce((total, line) => total + line.amount, 0);
      if (sum !== p.fee) problems.push(`${where}: the fee lines add up to ${sum}, not the fee ${p.fee}`);
      if (p.feeLines.some((line) => line.amount === 0)) problems.push(`${where}: a fee line of 0 đồng`);
    }
    const keys = p.fields.map((f) => f.key);
    if (new Set(keys).size !== keys.length) problems.push(`${where}: a field key appears twice`);
    for (const f of p.fields) {
      if (f.type === 'choice' && !f.options?.length)
        problems.push(`${where}: field ${f.key} is a choice without options`);
      if (f.type !== 'choice' && f.options) problems.push(`${where}: field ${f.key} has options but is not a choice`);
    }
  });
  if (problems.length > 0) throw new CatalogError(problems);
  return rows as Procedure[];
}
