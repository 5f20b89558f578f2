/**
 * The served OpenAPI document is the protocol an integrator builds from: valid OpenAPI 3.1 where
 * it matters (every $ref resolves, every component compiles as JSON Schema 2020-12), every route
 * of the app with each of its methods, every error answer in the Error shape, and the bodies the
 * office really exchanges valid against what it documents.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paths } from '../../src-shared/sync/protocol';
import { OpenApiValidator, unresolvedRefs, type OpenApiDocument } from '../helpers/openapi-validator';
import { enrolledDevice, http, type TestDevice } from './helpers/device';
import { startTestOffice, type TestOffice } from './helpers/office';
import { newRecord } from './helpers/service';
import { makeReport, pushBlobs, pushReport } from './helpers/report';

let office: TestOffice;
let device: TestDevice;
let doc: OpenApiDocument;
let api: OpenApiValidator;

/** Fastify's own route list (printRoutes' tree), as `METHOD /path` with OpenAPI's `{param}`. */
function fastifyRoutes(tree: string): Set<string> {
  const routes = new Set<string>();
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^((?:[│ ] {3})*)(?:[├└]── )?(\S+)(?: \(([A-Z, ]+)\))?$/.exec(line.trimEnd());
    if (!match) continue;
    const depth = match[1]!.length / 4 + (line.trimStart().startsWith('/') && !match[1] ? 0 : 1);
    stack.length = depth;
    stack[depth] = match[2]!;
    const path = stack.join('').replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    for (const method of match[3]?.split(', ') ?? []) routes.add(`${method} ${path}`);
  }
  return routes;
}

const documentedRoutes = (document: OpenApiDocument): Set<string> =>
  new Set(Object.entries(document.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`)));

beforeAll(async () => {
  office = await startTestOffice();
  device = await enrolledDevice(office, 'qian-yu', ['yunan-peoples']);
  const served = await http<OpenApiDocument>(`${office.url}${paths.openapi}`);
  expect(served.status).toBe(200);
  doc = served.body;
  api = new OpenApiValidator(doc);
}, 60_000);
afterAll(() => office.close(), 60_000);

describe('OpenAPI document', () => {
  it('is OpenAPI 3.1 whose every $ref resolves and whose components compile as JSON Schema 2020-12', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(unresolvedRefs(doc)).toEqual([]);
    for (const name of Object.keys(doc.components.schemas)) expect(() => api.component(name, {}), name).not.toThrow();
    // The record is published field by field, not as four fields "and the rest".
    const record = doc.components.schemas.InspectionRecord as { properties: Record<string, unknown>; additionalProperties: unknown };
    expect(Object.keys(record.properties).sort()).toEqual(
      ['answers', 'completedAt', 'contractId', 'engineer', 'hospitalId', 'id', 'mode', 'rating', 'verdicts', 'verdictComment', 'recommendations', 'schema', 'startedAt', 'targets'].sort(),
    );
    expect(record.additionalProperties).toBe(false);
  });

  it('documents every protocol route of the app with each of its methods, and nothing it does not serve', () => {
    const served = [...fastifyRoutes(office.app.printRoutes({ commonPrefix: false }))];
    const protocol = new Set(served.filter((r) => r.split(' ')[1]!.startsWith('/api/v1/')));
    expect(protocol.has('HEAD /api/v1/blobs/{sha256}')).toBe(true);
    expect(documentedRoutes(doc)).toEqual(protocol);
    // The rest are pages for people: the console, its redirect, the public paper check (with or without a slash),
    // the page an enrollment link opens on a phone (issue 14), and a load balancer's health checks (issue 15, docs/sync-protocol.md).
    expect(served.filter((r) => !protocol.has(r) && !/^[A-Z]+ \/(console.*|verify\/?|enroll|healthz|readyz)?$/.test(r))).toEqual([]);
  });

  it('answers every error of every operation with the Error component, and GET/HEAD /blobs/{sha256} with their statuses', () => {
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        for (const [status, response] of Object.entries(op.responses)) {
          if (Number(status) < 400) continue;
          expect(response.description, `${method} ${path} ${status}`).toMatch(/`[a-z_]+`/);
          if (method === 'head') expect(response.content).toBeUndefined();
          else expect(JSON.stringify(response.content?.['application/json']?.schema)).toContain('"#/components/schemas/Error"');
        }
      }
    }
    const blob = doc.paths['/api/v1/blobs/{sha256}']!;
    expect(Object.keys(blob.get!.responses).sort()).toEqual(['200', '400', '401', '404', '414', '500']);
    expect(Object.keys(blob.head!.responses).sort()).toEqual(['200', '400', '401', '404', '414', '500']);
    expect(blob.put!.requestBody!.content['application/octet-stream']).toBeDefined();
  });

  it('validates a real push, its receipt and a refusal against the documented schemas', async () => {
    const report = await makeReport(device, { photos: 1 });
    const route = '/api/v1/reports/{id}';
    expect(api.request(route, 'PUT', report.envelope)).toEqual({ valid: true, errors: '' });
    expect(api.component('InspectionRecord', report.envelope.record)).toEqual({ valid: true, errors: '' });

    const early = await pushReport(device, report.envelope);
    expect(early.status).toBe(422);
    expect(api.response(route, 'PUT', early.status, early.body)).toEqual({ valid: true, errors: '' });

    const sha = [...report.blobs.keys()][0]!;
    const missing = await device.call('GET', paths.blob(sha));
    expect(api.response('/api/v1/blobs/{sha256}', 'GET', missing.status, missing.body)).toEqual({ valid: true, errors: '' });
    await pushBlobs(device, report.blobs);
    const stored = await device.call('GET', paths.blob(sha));
    expect(api.response('/api/v1/blobs/{sha256}', 'GET', stored.status, stored.body)).toEqual({ valid: true, errors: '' });

    const pushed = await pushReport(device, report.envelope);
    expect(pushed.status).toBe(201);
    expect(api.response(route, 'PUT', pushed.status, pushed.body)).toEqual({ valid: true, errors: '' });
    const receipt = await device.call('GET', paths.reportReceipt(report.envelope.id));
    expect(api.response('/api/v1/reports/{id}/receipt', 'GET', receipt.status, receipt.body)).toEqual({ valid: true, errors: '' });

    // A code the route does not document at that status would fail: the error shapes are narrowed per status.
    expect(api.response(route, 'PUT', 422, { error: { code: 'rate_limited', message: 'x' } }).valid).toBe(false);
    const pull = await device.call('GET', `${paths.reference}?limit=500`);
    expect(api.response('/api/v1/reference', 'GET', pull.status, pull.body)).toEqual({ valid: true, errors: '' });
  });

  it('validates a service record push, its refusals, the listing and one record against the documented schemas', async () => {
    const route = '/api/v1/faults/{id}';
    const record = newRecord('openapi-svc');
    expect(api.request(route, 'PUT', record)).toEqual({ valid: true, errors: '' });
    // The published schema is the office's: a field it does not know is refused by both.
    expect(api.request(route, 'PUT', { ...record, status: 'open' }).valid).toBe(false);
    const pushed = await device.call('PUT', paths.fault(record.id), record);
    expect(pushed.status).toBe(201);
    expect(api.response(route, 'PUT', pushed.status, pushed.body)).toEqual({ valid: true, errors: '' });
    const level = await device.call('PUT', paths.fault('openapi-svc2'), newRecord('openapi-svc2', { levelId: 'fatal' }));
    expect(level.status).toBe(422);
    expect(api.response(route, 'PUT', level.status, level.body)).toEqual({ valid: true, errors: '' });
    const removed = await device.call('PUT', paths.fault(record.id), { ...record, version: 2, events: record.events.slice(0, 2) });
    expect(removed.status).toBe(409);
    expect(api.response(route, 'PUT', removed.status, removed.body)).toEqual({ valid: true, errors: '' });

    const listed = await device.call('GET', `${paths.faults}?state=open`);
    expect(api.response('/api/v1/faults', 'GET', listed.status, listed.body)).toEqual({ valid: true, errors: '' });
    const one = await device.call('GET', `${paths.faults}/${record.id}`);
    expect(api.response('/api/v1/faults/{id}', 'GET', one.status, one.body)).toEqual({ valid: true, errors: '' });
  });
});
