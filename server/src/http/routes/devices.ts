// Enrolled devices: the console adds them and hands out pairing codes; a device trades its code once for its
// credential; a revoked device is refused at once. Health comes over the devices' sockets (realtime/socket.ts).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  CenterParams,
  CreateDeviceBody,
  Device,
  DEVICE_HEADER,
  DeviceParams,
  DeviceView,
  PairBody,
  PairedDevice,
  PairingCode,
} from '@luot/contract';
import { Type } from 'typebox';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../../engine/domain-error.ts';
import type { DeviceRecord } from '../../store/devices.ts';
import type { AddressLimiter } from '../../track/limiter.ts';
import { type DeviceService, identityOf } from '../../devices/service.ts';

declare module 'fastify' {
  interface FastifyInstance {
    devices: DeviceService;
    /** Budgets of kiosk issuance: per kiosk and per address, per minute. */
    issueLimits: IssueLimits;
  }
}

export interface IssueLimits {
  kiosk: AddressLimiter;
  address: AddressLimiter;
}

/** Pairing attempts per minute and address: a code is 8 characters of 31, and each lives minutes. */
const PAIR_RATE_PER_MINUTE = 10;

const manager = { access: { need: 'manager', center: 'param' } } as const;

/** The device whose credential the request carries; null without one; refused (401) when unknown or revoked. */
export async function deviceOfRequest(devices: DeviceService, req: FastifyRequest): Promise<DeviceRecord | null> {
  const credential = req.headers[DEVICE_HEADER];
  if (typeof credential !== 'string' || credential === '') return null;
  const device = await devices.authenticate(credential);
  if (!device) throw new DomainError('DEVICE_CREDENTIAL_INVALID');
  return device;
}

export const deviceRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/centers/:centerId/devices',
    {
      schema: {
        tags: ['devices'],
        summary: "The center's devices with their enrollment, last seen, version, status and status history",
        params: CenterParams,
        response: { 200: Type.Array(DeviceView) },
      },
      config: manager,
    },
    (req) => app.devices.list(req.params.centerId),
  );

  app.post(
    '/api/centers/:centerId/devices',
    {
      schema: {
        tags: ['devices'],
        summary: 'Add a kiosk, hall display, counter display or print agent; the answer carries its first pairing code',
        params: CenterParams,
        body: CreateDeviceBody,
        response: { 201: Type.Object({ device: DeviceView, pairing: PairingCode }) },
      },
      config: manager,
    },
    async (req, reply) => {
      const device = await app.devices.create(req.params.centerId, req.body, req.user!);
      const pairing = await app.devices.pairingCode(req.params.centerId, device.id, req.user!);
      return reply.code(201).send({ device: { ...device, pairingExpiresAt: pairing.expiresAt }, pairing });
    },
  );

  app.post(
    '/api/centers/:centerId/devices/:deviceId/pairing-code',
    {
      schema: {
        tags: ['devices'],
        summary: 'A new one-time pairing code (voids the open one); pairing replaces the credential the device had',
        params: DeviceParams,
        response: { 200: PairingCode },
      },
      config: manager,
    },
    (req) => app.devices.pairingCode(req.params.centerId, req.params.deviceId, req.user!),
  );

  app.post(
    '/api/centers/:centerId/devices/:deviceId/revoke',
    {
      schema: {
        tags: ['devices'],
        summary: "Revoke the device's credential: its connections drop and its requests are refused at once",
        params: DeviceParams,
      },
      config: manager,
    },
    async (req, reply) => {
      await app.devices.revoke(req.params.centerId, req.params.deviceId, req.user!);
      return reply.code(204).send();
    },
  );

  app.post(
    '/api/devices/pair',
    {
      config: { rateLimit: { max: PAIR_RATE_PER_MINUTE, timeWindow: 60_000 } },
      schema: {
        tags: ['devices'],
        summary: 'A device trades its one-time pairing code for its own credential (send it as x-luot-device)',
        body: PairBody,
        response: { 200: PairedDevice },
      },
    },
    (req) => app.devices.pair(req.body.code),
  );

  app.get(
    '/api/devices/me',
    {
      schema: {
        tags: ['devices'],
        summary: 'The device whose credential the x-luot-device header carries (401 when unknown or revoked)',
        response: { 200: Device },
      },
    },
    async (req) => {
      const device = await deviceOfRequest(app.devices, req);
      if (!device) throw new DomainError('DEVICE_CREDENTIAL_REQUIRED');
      return identityOf(device);
    },
  );
};
