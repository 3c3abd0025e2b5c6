// The province file: a province's whole configuration as one YAML (or JSON, a subset of YAML) document, checked
// against the contract's ProvinceFile schema. A refusal names the line of each problem; export writes the same
// format, so an exported file applied again changes nothing.
import { type ProvinceFile as ProvinceFileType, ProvinceFile } from '@luot/contract';
import { Value } from 'typebox/value';
import { isMap, isNode, isSeq, LineCounter, parseDocument, stringify, type Node } from 'yaml';
import { DomainError } from '../engine/domain-error.ts';
import type { ProvinceState } from '../store/admin.ts';

const MAX_PROBLEMS = 20;

/** Reads a province file; a broken one is refused with `line N: reason` for each problem. */
export function parseProvinceFile(text: string): ProvinceFileType {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const lineOf = (offset: number) => lines.linePos(offset).line;
  if (doc.errors.length > 0)
    throw new DomainError(
      'PROVINCE_FILE_INVALID',
      doc.errors
        .slice(0, MAX_PROBLEMS)
        .map((e) => `line ${lineOf(e.pos[0])}: ${e.message.split('\n')[0]}`)
        .join('; '),
    );
  const data: unknown = Value.Default(ProvinceFile, doc.toJS());
  if (Value.Check(ProvinceFile, data)) return data;
  const problems = [...Value.Errors(ProvinceFile, data)].slice(0, MAX_PROBLEMS).map((e) => {
    const path = e.instancePath.split('/').slice(1);
    return `line ${lineOf(nodeAt(doc.contents, path)?.range?.[0] ?? 0)}: ${e.instancePath || '/'} ${e.message}`;
  });
  throw new DomainError('PROVINCE_FILE_INVALID', problems.join('; '));
}

/** The deepest node on a path (a missing key points at the map that lacks it). */
function nodeAt(root: Node | null, path: string[]): Node | null {
  let node = root;
  for (const key of path) {
    const next: unknown = isMap(node) ? node.get(key, true) : isSeq(node) ? node.get(Number(key), true) : undefined;
    if (!isNode(next)) return node;
    node = next;
  }
  return node;
}

/** The stored configuration as a province file (inactive entities included, marked `active: false`). */
export function provinceFileOf(state: ProvinceState): ProvinceFileType {
  if (!state.province) throw new DomainError('CENTER_NOT_FOUND', 'no province');
  const staff = state.staff;
  return {
    version: 1,
    province: state.province,
    centers: state.centers.map(({ provinceId: _, ...c }) => ({
      ...c,
      hours: state.hours.get(c.id)?.hours ?? null,
      areas: state.areas.filter((a) => a.centerId === c.id).map(({ centerId: _c, sort: _s, ...a }) => a),
      counters: state.counters
        .filter((k) => k.centerId === c.id)
        .map(({ centerId: _c, officer: _o, currentTicketId: _t, ...k }) => k),
      devices: state.devices.filter((d) => d.centerId === c.id).map(({ centerId: _c, ...d }) => d),
    })),
    staff,
  };
}

/** YAML text of a province file, with a header saying what it is. */
export function provinceYaml(file: ProvinceFileType, header: string): string {
  return `# ${header}\n${stringify(file, { lineWidth: 0 })}`;
}
