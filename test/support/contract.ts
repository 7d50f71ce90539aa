import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { expect } from 'chai';
import type { Response } from 'supertest';
import { parse } from 'yaml';

interface OpenApiDocument {
  paths: Record<string, Record<string, { responses: Record<string, { $ref?: string; content?: Record<string, { schema: object }> }> }>>;
  components: { responses: Record<string, { content?: Record<string, { schema: object }> }> };
}

const SPEC_PATH = new URL('../../openapi.yaml', import.meta.url);
const spec = parse(readFileSync(SPEC_PATH, 'utf8')) as OpenApiDocument;
const ajv = new Ajv2020({ allErrors: true, strict: false });
(addFormatsModule as unknown as (ajv: Ajv2020) => void)(ajv);
ajv.addSchema({ ...spec, $id: 'openapi' });
const compiled = new Map<string, ValidateFunction>();

/** The spec's path template matching a concrete path, e.g. /v1/referrals/{id} for /v1/referrals/abc. */
function templateOf(path: string): string | undefined {
  return Object.keys(spec.paths).find((template) => {
    const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);
    return pattern.test(path);
  });
}

/** Asserts that a supertest response is one the contract allows for its route, status and media type. */
export function expectConformsToSpec(res: Response, method: string, url: string): void {
  const path = new URL(url, 'http://x').pathname;
  const template = templateOf(path);
  expect(template, `${path} is not in openapi.yaml`).to.not.equal(undefined);
  const operation = spec.paths[template as string]?.[method.toLowerCase()];
  expect(operation, `${method} ${template} is not in openapi.yaml`).to.not.equal(undefined);
  const status = String(res.status) in (operation?.responses ?? {}) ? String(res.status) : 'default';
  const declared = operation?.responses[status];
  expect(declared, `${method} ${template} does not declare status ${res.status}`).to.not.equal(undefined);
  const response = declared?.$ref ? spec.components.responses[declared.$ref.split('/').pop() as string] : declared;
  const mediaType = String(res.headers['content-type'] ?? '').split(';')[0] as string;
  const content = response?.content?.[mediaType];
  expect(content, `${method} ${template} ${res.status} does not declare ${mediaType}`).to.not.equal(undefined);
  // NDJSON and other text bodies are declared as strings: only JSON documents have a shape to check.
  if (mediaType !== 'application/json' && !mediaType.endsWith('+json')) return;
  const pointer = declared?.$ref
    ? `openapi#/components/responses/${declared.$ref.split('/').pop()}/content/${mediaType.replace('/', '~1')}/schema`
    : `openapi#/paths/${template?.replace(/~/g, '~0').replace(/\//g, '~1')}/${method.toLowerCase()}/responses/${status}/content/${mediaType.replace('/', '~1')}/schema`;
  const validate = compiled.get(pointer) ?? ajv.compile({ $ref: pointer });
  compiled.set(pointer, validate);
  const valid = validate(res.body);
  expect(valid, `${method} ${path} ${res.status}: ${ajv.errorsText(validate.errors)}`).to.equal(true);
}
