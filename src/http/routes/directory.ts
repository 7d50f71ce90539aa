import { Router } from 'express';
import type { Caller } from '../../domain/access/roles.js';
import type { Practitioner, StatusChangeRecord } from '../../domain/model.js';
import { SPECIALTIES } from '../../domain/specialties/catalogue.js';
import { listSpecialties, searchPractitioners } from '../../use-cases/directory-queries.js';
import { changePractitionerStatus, withHistory, type StatusDependencies } from '../../use-cases/practitioner-status.js';
import type { ReferralContext } from '../../use-cases/referral-context.js';
import type { QueryParams, RequestBody, ResponseBody, Schemas } from '../contract.js';

const LABEL_BY_CODE = new Map(SPECIALTIES.map((s) => [s.code, s.label]));

export function directoryRoutes(ctx: Pick<ReferralContext, 'practitioners' | 'directory' | 'clock' | 'gazetteer'>, status: Omit<StatusDependencies, 'practitioners' | 'clock'>): Router {
  const { practitioners, directory } = ctx;
  const statusDeps: StatusDependencies = { ...status, practitioners, clock: ctx.clock };
  const router = Router();

  router.get('/v1/specialties', (_req, res) => {
    const body: ResponseBody<'/v1/specialties', 'get', 200> = { items: listSpecialties(directory) };
    res.json(body);
  });

  router.get('/v1/places', (req, res) => {
    // The validator has checked and coerced the query against the contract.
    const query = req.query as unknown as QueryParams<'/v1/places', 'get'>;
    const items = ctx.gazetteer.searchPlaces(query.q, query.limit ?? 10).map((place) => ({ ...place, postcodes: [...place.postcodes] }));
    const body: ResponseBody<'/v1/places', 'get', 200> = { items };
    res.json(body);
  });

  router.get('/v1/practitioners', (req, res) => {
    // The validator has checked and coerced the query against the contract.
    const query = req.query as QueryParams<'/v1/practitioners', 'get'>;
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const { items, total } = searchPractitioners(practitioners, {
      page, pageSize,
      ...(query.nationalId !== undefined && { nationalId: query.nationalId }),
      ...(query.name !== undefined && { name: query.name }),
      ...(query.postcode !== undefined && { postcode: query.postcode }),
      ...(query.specialty !== undefined && { specialty: query.specialty }),
    });
    const body: ResponseBody<'/v1/practitioners', 'get', 200> = { items: items.map(toPractitionerBody), page, pageSize, total };
    res.json(body);
  });

  router.get('/v1/practitioners/:id', (req, res) => {
    res.json(toPractitionerBody(withHistory(statusDeps, Number(req.params.id))));
  });

  router.patch('/v1/practitioners/:id', async (req, res) => {
    const body = req.body as RequestBody<'/v1/practitioners/{id}', 'patch'>;
    const caller = res.locals.caller as Caller;
    res.json(toPractitionerBody(await changePractitionerStatus(statusDeps, Number(req.params.id), body, caller.name)));
  });

  return router;
}

function toPractitionerBody(practitioner: Practitioner & { statusHistory?: StatusChangeRecord[] }): Schemas['Practitioner'] {
  return {
    id: practitioner.id,
    nationalId: practitioner.nationalId,
    civility: practitioner.civility,
    lastName: practitioner.lastName,
    firstName: practitioner.firstName,
    profession: practitioner.profession.label,
    specialty: { code: practitioner.specialty, label: LABEL_BY_CODE.get(practitioner.specialty) ?? practitioner.specialty },
    status: practitioner.status,
    attributes: { ...practitioner.attributes, languages: [...practitioner.attributes.languages] },
    ...(practitioner.suspension && { suspension: { ...practitioner.suspension } }),
    ...(practitioner.statusHistory && { statusHistory: practitioner.statusHistory.map((change) => ({ ...change })) }),
    sites: practitioner.sites.map(({ structureId: _registryKey, ...site }) => ({ ...site })),
  };
}
