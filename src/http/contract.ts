import type { components, paths } from './generated/openapi.js';

/** Shapes named in openapi.yaml's components, as openapi-typescript generated them. */
export type Schemas = components['schemas'];

type JsonContent<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;

/** The JSON body a route accepts (an optional body included). */
export type RequestBody<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends { requestBody?: infer R }
  ? JsonContent<R>
  : never;

/** The JSON body a route answers with a given status. */
export type ResponseBody<P extends keyof paths, M extends keyof paths[P], S extends number> = paths[P][M] extends {
  responses: infer Responses;
}
  ? S extends keyof Responses
    ? JsonContent<Responses[S]>
    : never
  : never;

/** Query parameters of a route. */
export type QueryParams<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
  parameters: { query?: infer Q };
}
  ? NonNullable<Q>
  : never;
