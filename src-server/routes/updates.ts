/**
 * The app's updates for enrolled devices (electron-updater's generic provider): the channel file
 * and the files of the release `updates publish` made current, by exact name only; the files of the
 * release it replaced stay served until the next publish, so a download under way at the switch
 * finishes. No listing, no other path: a name neither release lists is 404 whatever it holds (`..`, `/`).
 * No Range: devices download whole files (src-main/electron/updater.ts disables differential
 * download, and electron-updater's full download sends no Range and restarts from the first byte
 * after a cut: builder-util-runtime HttpExecutor.doDownload), so a Range header is ignored and the
 * answer is 200 with the whole file.
 */
import { createReadStream } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { API_PREFIX } from '../../src-shared/sync/protocol';
import type { RateLimit } from '../config';
import type { OfficeContext } from '../context';
import { ApiError } from '../errors';
import { DEVICE_ERRORS, errors, PATH_ERRORS } from '../openapi/responses';
import { isUpdatePlatform, UPDATE_PLATFORMS } from '../updates/channel-file';
import { currentRelease, publishedFile } from '../updates/releases';
import { actorOf, bearer, requireDevice } from './device-scope';

const params = {
  type: 'object',
  properties: {
    platform: { type: 'string', enum: Object.keys(UPDATE_PLATFORMS) },
    file: { type: 'string', description: 'latest.yml / latest-linux.yml, or a file it lists (installer, blockmap)' },
  },
  required: ['platform', 'file'],
};

export function updateRoutes(app: FastifyInstance, ctx: OfficeContext, dataDir: string, limit: RateLimit): void {
  requireDevice(app, ctx);
  app.get(
    `${API_PREFIX}/updates/:platform/:file`,
    {
      config: { rateLimit: { max: limit.max, timeWindow: limit.windowMs } },
      schema: {
        tags: ['updates'],
        summary: 'A file of the app release the office publishes for this platform (electron-updater generic provider)',
        security: bearer,
        params,
        response: {
          200: { description: 'the file, whole (Content-Length; Range is not supported)', content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } },
          ...errors(DEVICE_ERRORS, PATH_ERRORS, {
            404: { not_found: 'no release published for this platform, or a name neither the current release nor the previous one lists' },
            429: { rate_limited: 'too many update requests from this address; retry later' },
          }),
        },
      },
    },
    async (request, reply) => {
      const { platform, file } = request.params as { platform: string; file: string };
      if (!isUpdatePlatform(platform)) throw new ApiError(404, 'not_found', `no updates for platform "${platform}" (win, linux, linux-arm64)`);
      const release = await currentRelease(dataDir, platform);
      if (!release) throw new ApiError(404, 'not_found', `no release is published for ${platform}`);
      const found = publishedFile(dataDir, release, file);
      if (!found) throw new ApiError(404, 'not_found', `release ${release.version} for ${platform} (or the one before it) has no file "${file}"`);
      const who = actorOf(request);
      if (file !== release.channelFile && !file.endsWith('.blockmap')) {
        // Which devices fetched which installer: the office can tell who still runs an old version.
        await ctx.store.audit({ actor: `device:${who.device.id}`, action: 'update.download', outcome: 'ok', target: `${platform}/${file}`, details: { version: found.version, size: found.size }, ip: request.ip });
      }
      request.log.info({ device: who.device.id, platform, file, version: found.version }, 'update file served');
      const type = file.endsWith('.yml') ? 'text/yaml; charset=utf-8' : 'application/octet-stream';
      return reply
        .header('content-type', type)
        .header('content-length', String(found.size))
        .header('accept-ranges', 'none')
        .header('cache-control', 'no-store')
        .send(createReadStream(found.file));
    },
  );
}
