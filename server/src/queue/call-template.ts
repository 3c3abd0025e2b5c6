// The wording of calls: {number} and {counter} are required, {area} optional, nothing else in braces.

/** null when the template is usable; else what is wrong ('' when a required placeholder is missing). */
export function templateProblem(template: string): string | null {
  const unknown = (template.match(/\{[^}]*\}/g) ?? []).filter((p) => !['{number}', '{counter}', '{area}'].includes(p));
  if (unknown.length > 0) return unknown.join(' ');
  return template.includes('{number}') && template.includes('{counter}') ? null : '';
}
