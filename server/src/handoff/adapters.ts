// PROVINCE_ADAPTER chooses the client that speaks to the provincial system. An adapter is the mapping layer
// between luot's outbox (a "push dossier" or "push progress" body, by dossier code, with its idempotency key) and
// lookups by code on one side, and a province's own API on the other: a real platform is a new file implementing
// ProvinceClient, named here, never an edit of the worker or the dossier service.
import { JsonProvinceClient, type JsonProvinceOptions, type ProvinceClient } from './client.ts';

export const PROVINCE_ADAPTER_NAMES = ['json'] as const;
export type ProvinceAdapterName = (typeof PROVINCE_ADAPTER_NAMES)[number];

export const PROVINCE_ADAPTERS: Record<ProvinceAdapterName, (options: JsonProvinceOptions) => ProvinceClient> = {
  // luot's clean JSON contract (province-contract.ts), which the reference province implements.
  json: (options) => new JsonProvinceClient(options),
};
