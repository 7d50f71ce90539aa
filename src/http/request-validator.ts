import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import express, { type RequestHandler, type Response } from 'express';
import { parse } from 'yaml';
import type { Caller } from '../domain/access/roles.js';
import { DomainError } from '../domain/errors.js';

/** A request the contract refuses: the status and, per offending field, what is wrong. */
export class RequestValidationError extends Error {
  constructor(
    readonly status: 400 | 405 | 415,
    readonly errors: readonly { path: string; message: string }[],
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(errors.map((error) => `${error.path} ${error.message}`).join('; '));
  }
}

/**
 * A JSON body that could not be read: malformed, too large, in an unknown charset, or not
 * decompressible as its Content-Encoding says. body-parser's error, marked as the body's so that
 * the problem handler tells it from other errors with a status.
 */
export class BodyReadError extends Error {
  readonly status: number;
  /** body-parser's `type` (entity.parse.failed, entity.too.large...); none when the decoder of the Content-Encoding failed. */
  readonly type: string | undefined;

  constructor(cause: unknown) {
    const { status, type, message } = cause as { status?: unknown; type?: unknown; message?: unknown };
    super(typeof message === 'string' ? message : String(cause), { cause });
    this.status = typeof status === 'number' ? status : 400;
    this.type = typeof type === 'string' ? type : undefined;
  }
}

/** The largest JSON body read: a referral request is a few hundred bytes. */
const JSON_BODY_LIMIT = '16kb';

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: object;
}

interface Operation {
  /** Who may call it: openapi.yaml's `x-roles`; absent for open operations (health, documentation). */
  'x-roles'?: string[];
  parameters?: (Parameter | { $ref: string })[];
  requestBody?: { required?: boolean; content: Record<string, { schema: object }> };
}

interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { parameters?: Record<string, Parameter> };
}

/** One operation's checks, compiled once when the service starts. */
interface CompiledOperation {
  readonly roles: ReadonlySet<string> | null;
  readonly params: ValidateFunction | null;
  readonly query: ValidateFunction | null;
  readonly body: { readonly required: boolean; readonly validate: ValidateFunction } | null;
  /** The media types of a body that is not JSON (a file upload), streamed to the handler unread. */
  readonly streamedBody: readonly string[] | null;
}

interface CompiledPath {
  readonly template: string;
  readonly pattern: RegExp;
  readonly names: readonly string[];
  readonly operations: ReadonlyMap<string, CompiledOperation>;
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** Who a key stands for, or undefined when it is unknown or revoked. */
export type Authenticate = (key: string) => Caller | undefined;

/** The contract's checks, as three middleware to mount in this order: access, body, request. */
export interface ContractChecks {
  /**
   * Before the body is read: the operation (unknown methods are a 405) and who may call it (an
   * operation's `x-roles`: a missing or unknown key is a 401, a key of another role a 403; the
   * caller is left in `res.locals.caller`), so that nobody without a key gets a body parsed.
   */
  readonly access: RequestHandler;
  /** Then the JSON body, read only for an operation that takes one (up to 16 KiB). */
  readonly body: RequestHandler;
  /** Then path, query and body against their schemas. */
  readonly request: RequestHandler;
}

/** Whether the operation `access` matched takes its body streamed (a file upload), not as JSON. */
export function takesUpload(res: Response): boolean {
  return (res.locals.contract as MatchedOperation | undefined)?.operation.streamedBody != null;
}

/** The operation `access` matched, for `body` to read and `request` to check. */
interface MatchedOperation {
  readonly operation: CompiledOperation;
  readonly params: Record<string, string>;
}

/**
 * The contract enforced, driven by openapi.yaml. Every path, query and body schema is compiled
 * by Ajv once, at start, and a request is matched against precompiled path patterns. (A generic
 * validator middleware measured about 70 µs per request here, most of it rebuilding route
 * regular expressions on every request.) Path and query values are coerced to their declared
 * types, unknown query parameters are refused, and JSON bodies are checked as sent. Paths the
 * contract does not name pass through untouched, their bodies unread (to the 404 handler).
 */
export function requestValidator(openApiPath: string, authenticate: Authenticate): ContractChecks {
  const spec = parse(readFileSync(openApiPath, 'utf8')) as OpenApiDocument;
  const paths = compilePaths(spec);
  const readJson = express.json({ limit: JSON_BODY_LIMIT });

  return {
    access(req, res, next) {
      const match = matchPath(paths, req.path);
      if (match === 'malformed') return next(new RequestValidationError(400, [{ path: req.path, message: 'is not a valid percent-encoded path' }]));
      if (!match) return next();
      // The contract's template (/v1/referrals/{id}) names the route in metrics and logs, even for a request refused here.
      res.locals.route = match.path.template;
      // HEAD is answered by the GET route, so it is checked as a GET.
      const method = req.method === 'HEAD' ? 'get' : req.method.toLowerCase();
      const operation = match.path.operations.get(method);
      if (!operation) {
        const allow = [...match.path.operations.keys()].map((method) => method.toUpperCase()).join(', ');
        return next(new RequestValidationError(405, [{ path: req.path, message: `accepts only ${allow}` }], { Allow: allow }));
      }
      if (operation.roles) {
        const caller = checkAccess(operation.roles, req.headers.authorization, authenticate);
        if (caller instanceof DomainError) return next(caller);
        res.locals.caller = caller;
      }
      res.locals.contract = { operation, params: match.params } satisfies MatchedOperation;
      next();
    },
    body(req, res, next) {
      const matched = res.locals.contract as MatchedOperation | undefined;
      if (!matched?.operation.body) return next();
      readJson(req, res, (error?: unknown) => next(error === undefined ? undefined : new BodyReadError(error)));
    },
    request(req, res, next) {
      const matched = res.locals.contract as MatchedOperation | undefined;
      next((matched && checkRequest(matched.operation, matched.params, req)) ?? undefined);
    },
  };
}

function checkAccess(roles: ReadonlySet<string>, authorization: string | undefined, authenticate: Authenticate): Caller | DomainError {
  const key = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
  if (key === undefined) {
    return new DomainError('unauthenticated', 'This operation needs an API key: send it as "Authorization: Bearer <key>" (an operator creates one with: npm run cli -- keys create --role ROLE --name NAME).');
  }
  const caller = authenticate(key);
  if (!caller) return new DomainError('unauthenticated', 'The API key is unknown or has been revoked.');
  if (!roles.has(caller.role)) {
    return new DomainError('forbidden', `The key "${caller.name}" has the role ${caller.role}; this operation is for ${[...roles].join(', ')}.`);
  }
  return caller;
}

function checkRequest(
  operation: CompiledOperation,
  params: Record<string, string>,
  req: Parameters<RequestHandler>[0],
): RequestValidationError | null {
  // Route handlers read path parameters from Express's own req.params: checked here, not replaced.
  if (operation.params && !operation.params(params)) return invalid(400, 'path', operation.params.errors);
  if (operation.params) {
    const infinite = nonFinite('path', params);
    if (infinite) return infinite;
  }
  if (operation.query) {
    // Express 5 re-parses req.query at every read: coerce a copy and pin it on the request.
    const query: Record<string, unknown> = { ...(req.query as Record<string, unknown>) };
    if (!operation.query(query)) return invalid(400, 'query', operation.query.errors);
    const infinite = nonFinite('query', query);
    if (infinite) return infinite;
    Object.defineProperty(req, 'query', { value: query, writable: true, configurable: true });
  }
  if (operation.body) {
    // express.json leaves the body undefined when there is none or it is not JSON.
    const hasBody = req.body !== undefined;
    if (!hasBody && req.headers['content-type'] !== undefined && !req.is('application/json')) {
      return new RequestValidationError(415, [{ path: 'body', message: 'must be sent as application/json' }]);
    }
    if (!hasBody) {
      return operation.body.required ? new RequestValidationError(400, [{ path: 'body', message: 'is required' }]) : null;
    }
    if (!operation.body.validate(req.body)) return invalid(400, 'body', operation.body.validate.errors);
  }
  if (operation.streamedBody) {
    const length = req.headers['content-length'];
    if (length === '0' || (length === undefined && req.headers['transfer-encoding'] === undefined)) {
      return new RequestValidationError(400, [{ path: 'body', message: 'is required' }]);
    }
    if (!req.is(operation.streamedBody as string[])) {
      return new RequestValidationError(415, [{ path: 'body', message: `must be sent as ${operation.streamedBody.join(', ')}` }]);
    }
  }
  return null;
}

/**
 * Ajv coerces "Infinity" or "1e400" to Infinity and, coercion done, does not check the number
 * again: refused here, before a handler can take it for a page or an id.
 */
function nonFinite(where: string, values: Record<string, unknown>): RequestValidationError | null {
  for (const [name, value] of Object.entries(values)) {
    const numbers = (Array.isArray(value) ? value : [value]).filter((item): item is number => typeof item === 'number');
    if (numbers.some((item) => !Number.isFinite(item))) return new RequestValidationError(400, [{ path: `${where}.${name}`, message: 'must be a finite number' }]);
  }
  return null;
}

function invalid(status: 400, where: string, errors: ErrorObject[] | null | undefined): RequestValidationError {
  return new RequestValidationError(status, meantBranch(errors ?? []).map((error) => describeError(where, error)));
}

/**
 * Where a value failed every branch of a `oneOf` (a location given as coordinates, a postcode or
 * a commune), Ajv reports every branch's errors before the `oneOf` error itself: "lat is
 * required; postcode is not allowed; postcode must match…". Only the branch the caller evidently
 * meant is kept: the one with the fewest missing or unexpected fields. A branch is told by its
 * index in an inline `oneOf`, or by the component schema it refers to.
 */
function meantBranch(errors: readonly ErrorObject[]): ErrorObject[] {
  const dropped = new Set<ErrorObject>();
  errors.forEach((oneOf, at) => {
    if (oneOf.keyword !== 'oneOf') return;
    const inside = errors.slice(0, at).filter((e) => !dropped.has(e) && (e.instancePath === oneOf.instancePath || e.instancePath.startsWith(`${oneOf.instancePath}/`)));
    const branches = new Map<string, ErrorObject[]>();
    for (const error of inside) {
      const branch = /\/oneOf\/(\d+)\//.exec(error.schemaPath)?.[1] ?? /^#\/components\/schemas\/([^/]+)\//.exec(error.schemaPath)?.[1] ?? '';
      branches.set(branch, [...(branches.get(branch) ?? []), error]);
    }
    const misfit = (list: readonly ErrorObject[]) => list.filter((e) => e.keyword === 'required' || e.keyword === 'additionalProperties').length;
    const [meant] = [...branches.values()].sort((a, b) => misfit(a) - misfit(b) || a.length - b.length);
    if (meant === undefined) return;
    for (const error of inside) if (!meant.includes(error)) dropped.add(error);
    dropped.add(oneOf);
  });
  return errors.filter((error) => !dropped.has(error));
}

/** Ajv's error in the words a caller needs: which field, and what it must be. */
function describeError(where: string, error: ErrorObject): { path: string; message: string } {
  const field = `${where}${error.instancePath.replace(/\//g, '.')}`;
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'additionalProperties') {
    return { path: `${field}.${String(params.additionalProperty)}`, message: 'is not allowed' };
  }
  if (error.keyword === 'required') return { path: `${field}.${String(params.missingProperty)}`, message: 'is required' };
  return { path: field, message: error.message ?? 'is invalid' };
}

function compilePaths(spec: OpenApiDocument): CompiledPath[] {
  // Parameters are coerced from strings; bodies are JSON and must arrive with their own types.
  const coercing = createAjv(spec, true);
  const strict = createAjv(spec, false);
  return Object.entries(spec.paths).map(([template, item]) => {
    const names = [...template.matchAll(/\{([^}]+)\}/g)].map((found) => found[1] as string);
    // Matches whatever Express routes to the same handler: any case, an optional trailing slash.
    const pattern = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '([^/]+)')}/?$`, 'i');
    const operations = new Map<string, CompiledOperation>();
    for (const [method, operation] of Object.entries(item)) {
      if (!HTTP_METHODS.includes(method)) continue;
      const pointer = `openapi#/paths/${template.replace(/~/g, '~0').replace(/\//g, '~1')}/${method}`;
      const parameters = (operation.parameters ?? []).map((parameter) => resolveParameter(spec, parameter));
      const json = operation.requestBody?.content['application/json'];
      operations.set(method, {
        roles: operation['x-roles'] ? new Set(operation['x-roles']) : null,
        params: compileParameters(coercing, parameters.filter((parameter) => parameter.in === 'path'), false),
        query: compileParameters(coercing, parameters.filter((parameter) => parameter.in === 'query'), true),
        body: json ? { required: operation.requestBody?.required === true, validate: strict.compile({ $ref: `${pointer}/requestBody/content/application~1json/schema` }) } : null,
        streamedBody: !json && operation.requestBody ? Object.keys(operation.requestBody.content) : null,
      });
    }
    return { template, pattern, names, operations };
  });
}

function compileParameters(ajv: Ajv2020, parameters: Parameter[], closed: boolean): ValidateFunction | null {
  if (parameters.length === 0 && !closed) return null;
  return ajv.compile({
    type: 'object',
    properties: Object.fromEntries(parameters.map((parameter) => [parameter.name, insideSpec(parameter.schema ?? {})])),
    required: parameters.filter((parameter) => parameter.required === true).map((parameter) => parameter.name),
    additionalProperties: !closed,
  });
}

/** A schema taken out of the document, its local references pointed back into it. */
function insideSpec(schema: object): object {
  return JSON.parse(JSON.stringify(schema).replaceAll('"#/', '"openapi#/')) as object;
}

function resolveParameter(spec: OpenApiDocument, parameter: Parameter | { $ref: string }): Parameter {
  if (!('$ref' in parameter)) return parameter;
  const resolved = spec.components?.parameters?.[parameter.$ref.split('/').pop() as string];
  if (!resolved) throw new Error(`openapi.yaml: unresolved parameter ${parameter.$ref}`);
  return resolved;
}

function createAjv(spec: OpenApiDocument, coerceTypes: boolean): Ajv2020 {
  // strict: false lets Ajv read OpenAPI's own keywords, but it also turns off strictNumbers: put
  // back, or a body's 1e400 (Infinity once parsed) would pass as an integer.
  const ajv = new Ajv2020({ allErrors: true, strict: false, strictNumbers: true, coerceTypes, useDefaults: coerceTypes });
  (addFormatsModule as unknown as (instance: Ajv2020) => void)(ajv);
  // Component schemas refer to each other with "#/components/...": the whole document is one
  // schema resource, so those references resolve inside it.
  ajv.addSchema({ ...spec, $id: 'openapi' });
  return ajv;
}

function matchPath(paths: readonly CompiledPath[], path: string): { path: CompiledPath; params: Record<string, string> } | 'malformed' | null {
  for (const compiled of paths) {
    const found = compiled.pattern.exec(path);
    if (!found) continue;
    const params: Record<string, string> = {};
    try {
      compiled.names.forEach((name, index) => {
        params[name] = decodeURIComponent(found[index + 1] as string);
      });
    } catch {
      return 'malformed';
    }
    return { path: compiled, params };
  }
  return null;
}
