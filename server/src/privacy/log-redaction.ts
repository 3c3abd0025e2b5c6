// Logs never carry personal data (Law 91/2025/QH15): whatever a log line's object holds at these paths is replaced
// before it is written. Log calls name tickets and dossiers by id or code, never a person; this is the net below.
export const REDACT_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-luot-device"]',
  'res.headers["set-cookie"]',
  'applicant',
  '*.applicant',
  'phone',
  '*.phone',
  'idNumber',
  '*.idNumber',
  'name',
  'address',
  '*.address',
  'email',
  '*.email',
  'payload',
  '*.payload',
  'body',
  '*.body',
  // A database error's detail may quote the row it refused (PostgreSQL: "Key (…)=(…)").
  'err.detail',
  'err.parameters',
];

/** The logger options of the HTTP app: level, redaction, and where lines go (stdout unless a test captures them). */
export const loggerOptions = (level: string, stream?: NodeJS.WritableStream) => ({
  level,
  redact: { paths: REDACT_PATHS, censor: '[redacted]' },
  ...(stream ? { stream } : {}),
});
