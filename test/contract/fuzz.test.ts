import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import fc, { type Arbitrary } from 'fast-check';
import { parse } from 'yaml';
import { expectConformsToSpec } from '../support/contract.js';
import { practitionersAround } from '../support/factories.js';
import { anyValue, validValue, type Schema } from '../support/schema-arbitrary.js';
import { givenService, type TestService } from '../support/test-service.js';

interface Parameter { name: string; in: string; required?: boolean; schema?: Schema; $ref?: string }
interface Operation { parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: Schema }> } }
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { parameters: Record<string, Parameter>; schemas: Record<string, Schema> };
}

const spec = parse(readFileSync(new URL('../../openapi.yaml', import.meta.url), 'utf8')) as Document;
const resolve = (ref: string): Schema => spec.components.schemas[ref.split('/').pop() as string] as Schema;
const parameter = (p: Parameter): Parameter => (p.$ref ? spec.components.parameters[p.$ref.split('/').pop() as string] as Parameter : p);
const METHODS = ['get', 'post', 'patch'] as const;
const PARIS_2E = { lat: 48.8686, lon: 2.3314 };

interface GeneratedRequest { readonly url: string; readonly body?: unknown; readonly contentType?: string; readonly rawBody?: string }

/** Requests for one operation: as the contract describes them, or anything at all in their place. */
function requests(template: string, operation: Operation): Arbitrary<GeneratedRequest> {
  const parameters = (operation.parameters ?? []).map(parameter);
  const value = (p: Parameter, valid: boolean) => (valid ? validValue(p.schema ?? {}, resolve) : anyValue());
  // A path segment is never empty: an empty one would make another route's URL.
  const pathPart = (valid: boolean) => fc.record(Object.fromEntries(parameters.filter((p) => p.in === 'path')
    .map((p) => [p.name, value(p, valid).filter((v) => String(v) !== '')])));
  const queryPart = (valid: boolean) => fc.record(
    Object.fromEntries(parameters.filter((p) => p.in === 'query').map((p) => [p.name, value(p, valid)])),
    { requiredKeys: [] },
  ).chain((query) => (valid ? fc.constant(query) : fc.option(fc.string({ minLength: 1, maxLength: 8 }), { nil: undefined }).map((extra) => (extra ? { ...query, [extra]: 'x' } : query))));
  const json = operation.requestBody?.content['application/json'];
  const text = operation.requestBody?.content['text/plain'];
  const bodyPart = (valid: boolean): Arbitrary<Pick<GeneratedRequest, 'body' | 'contentType' | 'rawBody'>> => {
    if (json) return valid ? validValue(json.schema, resolve).map((body) => ({ body })) : fc.oneof(anyValue().map((body) => ({ body })), fc.string().map((rawBody) => ({ rawBody, contentType: 'application/json' })));
    if (text) return fc.oneof(fc.string({ maxLength: 200 }).map((rawBody) => ({ rawBody, contentType: 'text/plain' })), fc.constant({ rawBody: '{}', contentType: 'application/json' }));
    return fc.constant({});
  };
  return fc.boolean().chain((valid) => fc.tuple(pathPart(valid), queryPart(valid), bodyPart(valid))).map(([path, query, body]) => {
    const url = template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String(path[name])));
    const search = new URLSearchParams(Object.entries(query).flatMap(([name, v]): [string, string][] => (v === undefined ? [] : [[name, typeof v === 'object' ? JSON.stringify(v) : String(v)]])));
    return { url: `${url}${search.size > 0 ? `?${search}` : ''}`, ...body };
  });
}

describe('fuzzing every operation from the contract (fast-check)', () => {
  let t: TestService;
  before(() => {
    t = givenService(practitionersAround(12, PARIS_2E, 'ophtalmologie', 2));
  });
  after(async () => {
    await t.importsIdle();
    t.close();
  });

  /** What any change to stored data would move. */
  const fingerprint = () => JSON.stringify(t.services.db.prepare(`SELECT
    (SELECT COUNT(*) FROM referrals) AS referrals, (SELECT COUNT(*) FROM pools) AS pools, (SELECT total(offered) FROM fairness_counters) AS offered,
    (SELECT COUNT(*) FROM imports) AS imports, (SELECT COUNT(*) FROM practitioner_status_changes) AS statusChanges,
    (SELECT group_concat(status) FROM practitioners) AS statuses, (SELECT COUNT(*) FROM api_keys) AS keys, (SELECT revision FROM directory_revision) AS revision`).get());

  for (const [template, item] of Object.entries(spec.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      // Each upload starts an import thread: fewer runs there.
      const numRuns = template === '/v1/imports' && method === 'post' ? 6 : 40;
      it(`${method.toUpperCase()} ${template}: never a 5xx, always the contract's shape, and a refused request changes nothing`, async () => {
        await fc.assert(fc.asyncProperty(requests(template, operation), async (generated) => {
          await t.importsIdle();
          const before = fingerprint();
          let pending = t.as()[method](generated.url);
          if (generated.contentType) pending = pending.set('content-type', generated.contentType);
          // JSON as text, so that any value, a bare number or null included, goes out as written.
          if (generated.rawBody !== undefined) pending = pending.send(generated.rawBody);
          else if (generated.body !== undefined) pending = pending.set('content-type', 'application/json').send(JSON.stringify(generated.body) ?? 'null');
          const res = await pending;
          expect(res.status, `${method.toUpperCase()} ${generated.url} → ${res.status} ${JSON.stringify(res.body)}`).to.be.below(500);
          expectConformsToSpec(res, method, generated.url.split('?')[0] as string);
          if (res.status >= 400) expect(fingerprint(), `${method.toUpperCase()} ${generated.url} changed data`).to.equal(before);
        }), { numRuns, seed: 20261123 });
      }).timeout(120_000);
    }
  }
});
