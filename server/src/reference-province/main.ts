// `npm run province`: the reference provincial processing system on PROVINCE_PORT (default 3100).
import { DEMO_AUTHORITIES, DEMO_PROCEDURES } from '../seed/procedures.ts';
import { provinceOptionsFromEnv, startReferenceProvince } from './start.ts';

const province = await startReferenceProvince(provinceOptionsFromEnv(process.env, DEMO_AUTHORITIES, DEMO_PROCEDURES));
console.log(
  `Reference provincial system at ${province.url} (dossiers: ${province.url}/__dossiers, faults: POST ${province.url}/__faults)`,
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void province.close().then(() => process.exit(0));
  });
}
