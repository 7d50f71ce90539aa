import { expect } from 'chai';
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Browser, type Locator } from 'playwright-core';
import { launchChromium } from '../support/chromium.js';
import { makeReferral } from '../../src/use-cases/make-referral.js';
import { practitionersAround } from '../support/factories.js';
import { givenService, type TestService } from '../support/test-service.js';

const SCREENSHOT_DIR = new URL('../../test-artifacts/', import.meta.url);
const ORIGINS = [{ lat: 48.8686, lon: 2.3314 }, { lat: 48.8776, lon: 2.3314 }, { lat: 48.8596, lon: 2.3451 }];

/** How many practitioners these dots stand for (merged dots carry a count), counting only dots drawn wholly inside the chart. */
async function visibleInside(elements: Locator, chart: Locator): Promise<number> {
  const box = await chart.boundingBox();
  const own = await elements.evaluateAll((nodes) => nodes.map((node) => {
    const rect = node.getBoundingClientRect();
    return { left: rect.left, right: rect.right, top: rect.top, bottom: rect.bottom, width: rect.width, count: Number(node.getAttribute('data-count')) };
  }));
  if (box === null) return 0;
  const slack = 0.5;
  return own.filter((rect) => rect.width > 0 && rect.left >= box.x - slack && rect.right <= box.x + box.width + slack
    && rect.top >= box.y - slack && rect.bottom <= box.y + box.height + slack).reduce((sum, rect) => sum + rect.count, 0);
}

describe('the fairness report page in a real browser (headless Chromium)', function () {
  this.timeout(60_000);
  let service: TestService;
  let server: Server;
  let browser: Browser;
  let url: string;

  before(async () => {
    service = givenService([
      ...practitionersAround(40, ORIGINS[0] as { lat: number; lon: number }, 'ophtalmologie', 4),
      // A small pool proposed often enough (8 people, 45 referrals of 5: about 28 proposals each) for the per-practitioner rank test.
      ...practitionersAround(8, ORIGINS[0] as { lat: number; lon: number }, 'pediatrie', 1),
    ]);
    for (let i = 0; i < 60; i++) {
      await makeReferral(service.services.referralContext, { specialty: 'ophtalmologie', location: ORIGINS[i % ORIGINS.length] as { lat: number; lon: number }, radiusKm: 2 });
    }
    for (let i = 0; i < 45; i++) {
      await makeReferral(service.services.referralContext, { specialty: 'pediatrie', location: ORIGINS[0] as { lat: number; lon: number }, radiusKm: 5 });
    }
    server = await new Promise<Server>((resolve) => {
      const listening = service.app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/audit/fairness?format=html`;
    browser = await launchChromium();
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
    const drawnBars = await page.locator('#ratios rect.bar').evaluateAll((bars) => bars.filter((bar) => bar.getBoundingClientRect().height > 0).length);
    expect(drawnBars, 'bars of the ratio histogram with a visible height').to.be.at.least(1);
    const line = await page.locator('#deficits polyline.series').boundingBox();
    expect(line?.width ?? 0, 'the deficit line spans the chart').to.be.greaterThan(100);
    for (const id of ['offered', 'deficits', 'exposure', 'ratios']) {
      const box = await page.locator(`#${id} svg`).boundingBox();
      expect(box?.height ?? 0, `${id} chart height`).to.be.greaterThan(50);
    }
    const json = (await (await page.request.get(url.replace('format=html', 'format=json'))).json()) as { practitioners: unknown[]; summary: { practitionerRankTest: { tested: number } } };
    expect(await visibleInside(page.locator('#offered circle.point'), page.locator('#offered svg')), 'one dot per practitioner, inside the chart').to.equal(json.practitioners.length);
    expect(json.summary.practitionerRankTest.tested, 'practitioners with a rank test').to.equal(8);
    expect(await visibleInside(page.locator('#exposure circle.point'), page.locator('#exposure svg')), 'a dot per rank per tested practitioner').to.equal(8 * 5);
    const csv = await page.request.get(new URL((await page.locator('#full-csv').getAttribute('href')) ?? '', page.url()).href);
    expect(csv.headers()['content-type'], 'the table links to the full CSV').to.match(/^text\/csv/);
    expect((await csv.text()).trim().split('\n')).to.have.length(json.practitioners.length + 1);
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: new URL('fairness-report.png', SCREENSHOT_DIR).pathname, fullPage: true });
    expect(problems).to.deep.equal([]);
  });
});
