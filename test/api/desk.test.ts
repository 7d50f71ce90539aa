import { expect } from 'chai';
import express from 'express';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { deskRoutes } from '../../src/http/routes/desk.js';
import { browserProtection } from '../../src/http/protection.js';

describe('GET /desk', () => {
  let dir: string;
  beforeEach(() => {
    dir = `${mkdtempSync(join(tmpdir(), 'desk-'))}/`;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const app = () => express().use(browserProtection({
    rateLimitPerMinute: 0, authFailuresPerMinute: 0, corsOrigins: [], bodyTimeouts: { bodyMs: 10_000, uploadIdleMs: 30_000, uploadMs: 3_600_000 },
  })).use(deskRoutes(dir));

  it('when the desk is built, then its page and assets are served without a key, under the strict content security policy', async () => {
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Bureau</title>');
    writeFileSync(join(dir, 'desk.js'), 'export {};');
    const page = await request(app()).get('/desk');
    expect(page.status).to.equal(200);
    expect(page.headers['content-type']).to.match(/^text\/html/);
    expect(page.headers['content-security-policy']).to.include("script-src 'self'");
    const script = await request(app()).get('/desk/assets/desk.js');
    expect(script.status).to.equal(200);
    expect(script.headers['content-type']).to.match(/javascript/);
  });

  it('when the desk is not built, then 503 desk-not-built says to run the build', async () => {
    const res = await request(app()).get('/desk');
    expect(res.status).to.equal(503);
    expect(res.body).to.include({ code: 'desk-not-built' });
    expect(res.body.detail).to.match(/run npm run build/);
  });
});
