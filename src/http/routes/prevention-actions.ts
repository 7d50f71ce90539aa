import { Router } from 'express';
import type { Caller } from '../../domain/access/roles.js';
import type { PreventionAction, PreventionActionChange, PreventionActionInput } from '../../domain/prevention/prevention-action.js';
import {
  createPreventionAction, editPreventionAction, preventionActionWithHistory, retirePreventionAction, type PreventionDependencies,
} from '../../use-cases/prevention-actions.js';
import type { QueryParams, RequestBody, Schemas } from '../contract.js';

/** Prevention actions (issue 17): read by every desk, managed by admin keys; every change recorded with the key's name. */
export function preventionActionRoutes(deps: PreventionDependencies): Router {
  const router = Router();

  router.get('/v1/prevention-actions', (req, res) => {
    const query = req.query as unknown as QueryParams<'/v1/prevention-actions', 'get'>;
    res.json({ items: deps.actions.list(query.includeRetired ?? false).map(toBody) });
  });

  router.post('/v1/prevention-actions', (req, res) => {
    const body = req.body as RequestBody<'/v1/prevention-actions', 'post'>;
    const action = createPreventionAction(deps, toInput(body), (res.locals.caller as Caller).name);
    res.status(201).location(`/v1/prevention-actions/${action.id}`).json(toBody(action));
  });

  router.get('/v1/prevention-actions/:id', (req, res) => {
    res.json(toBody(preventionActionWithHistory(deps.actions, Number(req.params.id))));
  });

  router.put('/v1/prevention-actions/:id', (req, res) => {
    const body = req.body as RequestBody<'/v1/prevention-actions/{id}', 'put'>;
    res.json(toBody(editPreventionAction(deps, Number(req.params.id), toInput(body), (res.locals.caller as Caller).name)));
  });

  router.delete('/v1/prevention-actions/:id', (req, res) => {
    res.json(toBody(retirePreventionAction(deps, Number(req.params.id), (res.locals.caller as Caller).name)));
  });

  return router;
}

function toInput(body: Schemas['PreventionActionInput']): PreventionActionInput {
  return {
    title: body.title, summary: body.summary, url: body.url, startsOn: body.startsOn, endsOn: body.endsOn, national: body.national,
    regions: body.regions, departments: body.departments, specialties: body.specialties, themes: body.themes,
  };
}

function toBody(action: PreventionAction & { history?: PreventionActionChange[] }): Schemas['PreventionAction'] {
  return {
    ...action,
    regions: [...action.regions], departments: [...action.departments], specialties: [...action.specialties], themes: [...action.themes],
    ...(action.history && { history: action.history.map((change) => ({ ...change })) }),
  };
}
