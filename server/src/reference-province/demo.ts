// `npm start` in demo mode: the reference provincial system inside the server's process.
import type { Config } from '../config.ts';
import { DEMO_AUTHORITIES, DEMO_PROCEDURES } from '../seed/procedures.ts';
import { provinceOptionsFromEnv, startReferenceProvince } from './start.ts';

export async function startDemoProvince(config: Config) {
  const url = new URL(config.provinceSystemUrl);
  const options = provinceOptionsFromEnv(
    { PROVINCE_STEP_MS: '30000', ...process.env },
    DEMO_AUTHORITIES,
    DEMO_PROCEDURES,
  );
  const province = await startReferenceProvince({
    ...options,
    port: Number(url.port || 80),
    host: url.hostname,
    username: config.provinceSystemUser,
    password: config.provinceSystemPassword,
    webhookSecret: config.provinceWebhookSecret,
  });
  return Object.assign(province, { stepMs: options.stepMs });
}
