// Starting the reference provincial system, from the environment (its own process, or inside `npm start`).
import { DEMO_PROVINCE_PASSWORD, DEMO_PROVINCE_USER, DEMO_WEBHOOK_SECRET } from '../config.ts';
import type { Authority, DossierStatus, Procedure } from '@luot/contract';
import { buildReferenceProvince, DEFAULT_SCRIPT, type ProvinceOptions, type ReferenceProvince } from './province.ts';

export function provinceOptionsFromEnv(
  env: NodeJS.ProcessEnv,
  authorities: Authority[],
  procedures: Procedure[],
): ProvinceOptions & { port: number; host: string } {
  return {
    port: Number(env.PROVINCE_PORT ?? 3100),
    host: env.PROVINCE_HOST ?? '127.0.0.1',
    username: env.PROVINCE_SYSTEM_USER ?? DEMO_PROVINCE_USER,
    password: env.PROVINCE_SYSTEM_PASSWORD ?? DEMO_PROVINCE_PASSWORD,
    webhookSecret: env.PROVINCE_WEBHOOK_SECRET ?? DEMO_WEBHOOK_SECRET,
    authorities,
    procedures,
    stepMs: Number(env.PROVINCE_STEP_MS ?? 60_000),
    script: env.PROVINCE_SCRIPT ? (env.PROVINCE_SCRIPT.split(',') as DossierStatus[]) : DEFAULT_SCRIPT,
    defaultCallbackUrl: env.PROVINCE_CALLBACK_URL ?? null,
    webhookRetryMs: Number(env.PROVINCE_WEBHOOK_RETRY_MS ?? 1_000),
  };
}

export async function startReferenceProvince(
  options: ProvinceOptions & { port: number; host: string },
): Promise<ReferenceProvince & { url: string }> {
  const province = buildReferenceProvince(options);
  const url = await province.listen(options.port, options.host);
  return Object.assign(province, { url });
}
