import { expect } from 'chai';
import { existsSync, mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { makeReferral } from '../../src/use-cases/make-referral.js';
import { practitionersAround } from '../support/factories.js';
import { givenService, type TestService } from '../support/test-service.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOT_DIR = new URL('../../test-artifacts/', import.meta.url);
const ORIGINS = [{ lat: 48.8686, lon: 2.3314 }, { lat: 48.8776, lon: 2.3314 }, { lat: 48.8596, lon: 2.3451 }];

describe('the fairness report page in a real browser (headless Chromium)', function () {
  this.timeout(60_000);
  let service: TestService;
  let server: Server;
  let browser: Browser;
  let url: string;

  before(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`This test needs Debian's Chromium at ${CHROMIUM} (apt-get install chromium), or CHROMIUM_PATH set to a Chromium binary; .ci/run installs it.`);
    }
    service = givenService(practitionersAround(40, ORIGINS[0] as { lat: number; lon: number }, 'ophtalmologie', 4));
    for (let i = 0; i < 60; i++) {
      await makeReferral(service.services.referralContext, { specialty: 'ophtalmologie', location: ORIGINS[i % ORIGINS.length] as { lat: number; lon: number }, radiusKm: 2 });
    }
    server = await new Promise<Server>((resolve) => {
      const listening = service.app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/audit/fairness?format=html`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  });
  after(async () => {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    service?.close();
  });

  it('when opened, then it loads without console errors or outside requests, its charts are drawn, and a screenshot is kept', async () => {
    // An auditor opens the report with their key; the browser sends it with every request.
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 }, extraHTTPHeaders: { authorization: `Bearer ${service.keys.auditor}` } });
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(`${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('request', (request) => {
      if (!request.url().startsWith('http://127.0.0.1')) problems.push(`outside request: ${request.url()}`);
    });

    const response = await page.goto(url, { waitUntil: 'load' });

    expect(response?.status()).to.equal(200);
    expect(await page.title()).to.match(/^Fairness report/);
    expect(await page.locator('.verdict').innerText()).to.match(/The log verifies/);
    const drawnBars = await page.locator('svg rect.bar').evaluateAll((bars) => bars.filter((bar) => bar.getBoundingClientRect().height > 0).length);
    expect(drawnBars, 'bars of the ratio and rank charts with a visible height').to.be.at.least(3);
    const line = await page.locator('#deficits polyline.series').boundingBox();
    expect(line?.width ?? 0, 'the deficit line spans the chart').to.be.greaterThan(100);
    for (const id of ['ratios', 'ranks', 'deficits']) {
      const box = await page.locator(`#${id} svg`).boundingBox();
      expect(box?.height ?? 0, `${id} chart height`).to.be.greaterThan(50);
    }
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: new URL('fairness-report.png', SCREENSHOT_DIR).pathname, fullPage: true });
    expect(problems).to.deep.equal([]);
  });
});
