import fc, { type Arbitrary } from 'fast-check';

/** The subset of JSON Schema (OpenAPI 3.1) that openapi.yaml uses. */
export interface Schema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  oneOf?: Schema[];
  anyOf?: Schema[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  minItems?: number;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
}

/**
 * Values a schema accepts, drawn by fast-check: every type, enum, pattern, bound and required
 * property of the contract is honoured, so that the request reaches the service's own checks.
 * `resolve` follows `$ref`s into the document.
 */
export function validValue(schema: Schema, resolve: (ref: string) => Schema, depth = 0): Arbitrary<unknown> {
  if (schema.$ref) return validValue(resolve(schema.$ref), resolve, depth);
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (alternatives) return fc.oneof(...alternatives.map((alternative) => validValue(alternative, resolve, depth + 1)));
  const types = Array.isArray(schema.type) ? schema.type : [schema.type ?? 'object'];
  return fc.oneof(...types.map((type) => valueOfType(type, schema, resolve, depth)));
}

function valueOfType(type: string, schema: Schema, resolve: (ref: string) => Schema, depth: number): Arbitrary<unknown> {
  switch (type) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1_000, max: schema.maximum ?? 100_000 });
    case 'number': {
      const min = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1e-6 : -1_000);
      return fc.double({ min, max: schema.maximum ?? 1_000, noNaN: true, noDefaultInfinity: true });
    }
    case 'string':
      return stringValue(schema);
    case 'array':
      return fc.array(validValue(schema.items ?? {}, resolve, depth + 1), { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 4, 4) });
    default:
      return objectValue(schema, resolve, depth);
  }
}

function stringValue(schema: Schema): Arbitrary<string> {
  if (schema.format === 'date-time') return fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
  if (schema.format === 'date') return fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
  if (schema.format === 'uuid') return fc.uuid();
  if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern));
  return fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 40, 40) });
}

function objectValue(schema: Schema, resolve: (ref: string) => Schema, depth: number): Arbitrary<unknown> {
  const properties = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  const record = Object.fromEntries(Object.entries(properties).map(([name, property]) => [name, validValue(property, resolve, depth + 1)]));
  return fc.record(record, { requiredKeys: Object.keys(properties).filter((name) => required.has(name)) });
}

/** Anything at all, for a field or a body: wrong types, huge numbers, odd strings, nesting. */
export function anyValue(): Arbitrary<unknown> {
  return fc.oneof(
    fc.jsonValue({ maxDepth: 3 }),
    fc.constantFrom('', ' ', '0', '-1', '1e309', 'NaN', 'null', '%', '%zz', '../../etc/passwd', "'; DROP TABLE referrals; --", '\u0000', 'é'.repeat(300)),
    fc.integer(), fc.double(), fc.string(),
  );
}
