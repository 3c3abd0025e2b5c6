// Starting the reference provincial system, from the environment (its own process, or inside `npm start`).
import type { Authority, DossierStatus, Procedure } from '../contract/index.ts';
import { buildReferenceProvince, DEFAULT_SCRIPT, type ProvinceOptions, type ReferenceProvince } from './province.ts';

export function provinceOptionsFromEnv(env: NodeJS.ProcessEnv, authorities: Authority[], procedures: Procedure[]): ProvinceOptions & { port: number; host: string } {
  return {
    port: Number(env.PROVINCE_PORT ?? 3100),
    host: env.PROVINCE_HOST ?? '127.0.0.1',
    username: env.PROVINCE_SYSTEM_USER ?? 'luot',
    password: env.PROVINCE_SYSTEM_PASSWORD ?? 'luot-demo',
    webhookSecret: env.PROVINCE_WEBHOOK_SECRET ?? 'luot-demo-webhook-secret',
    authorities,
    procedures,
    stepMs: Number(env.PROVINCE_STEP_MS ?? 60_000),
    script: env.PROVINCE_SCRIPT ? (env.PROVINCE_SCRIPT.split(',') as DossierStatus[]) : DEFAULT_SCRIPT,
    defaultCallbackUrl: env.PROVINCE_CALLBACK_URL ?? null,
    webhookRetryMs: Number(env.PROVINCE_WEBHOOK_RETRY_MS ?? 1_000),
  };
}

export async function startReferenceProvince(options: ProvinceOptions & { port: number; host: string }): Promise<ReferenceProvince & { url: string }> {
  const province = buildReferenceProvince(options);
  const url = await province.listen(options.port, options.host);
  return Object.assign(province, { url });
}
