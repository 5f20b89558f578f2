/**
 * The routes a device calls with its token. Authentication runs on request, before any body is
 * read, so an unknown caller cannot make the office parse or store anything.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { DeviceActor } from '../accept/actor';
import { authenticateDevice } from '../auth/device-auth';
import type { OfficeContext } from '../context';

const actors = new WeakMap<FastifyRequest, DeviceActor>();

export function actorOf(request: FastifyRequest): DeviceActor {
  const who = actors.get(request);
  if (!who) throw new Error('device route without the device hook');
  return who;
}

export function requireDevice(app: FastifyInstance, ctx: OfficeContext): void {
  app.addHook('onRequest', async (request) => {
    const { device, engineer } = await authenticateDevice(ctx, request.headers.authorization);
    actors.set(request, { device, engineer, via: 'push', ip: request.ip });
  });
}

export const bearer = [{ bearer: [] }];
