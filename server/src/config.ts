// Configuration from the environment (documented in the README).
import { resolve } from 'node:path';

export interface Config {
  port: number;
  host: string;
  databaseUrl: string;
  /** Where citizens' phones reach this server (the QR tracking link); defaults to http://HOST:PORT. */
  publicUrl: string | null;
  /** The provincial processing system that receives dossiers. */
  provinceSystemUrl: string;
  logLevel: string;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, not ${env.PORT}`);
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    databaseUrl: env.DATABASE_URL ?? `sqlite:${resolve('data', 'luot.db')}`,
    publicUrl: env.PUBLIC_URL ?? null,
    provinceSystemUrl: env.PROVINCE_SYSTEM_URL ?? 'http://127.0.0.1:3100',
    logLevel: env.LOG_LEVEL ?? 'info',
  };
}
