import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { launchChromium } from '../support/chromium.js';
import { createApiKey } from '../../src/use-cases/api-keys.js';
import { createPreventionAction } from '../../src/use-cases/prevention-actions.js';
import { practitionersAround } from '../support/factories.js';
import { givenService, type TestService } from '../support/test-service.js';

const ROOT = new URL('../../', import.meta.url);
const SCREENSHOT_DIR = new URL('test-artifacts/', ROOT);
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
// Saint-Priest in Ardèche (07288), a homonym of the larger Saint-Priest in the Rhône (69290).
const SAINT_PRIEST_07 = { lat: 44.7148, lon: 4.5389 };

interface Watched {
  readonly page: Page;
  /** Console errors and warnings, page errors and requests leaving the service's origin. */
  readonly problems: string[];
}

describe('the advisor\'s desk in a real browser (headless Chromium)', function () {
  this.timeout(90_000);
  let service: TestService;
  let server: Server;
  let browser: Browser;
  let context: BrowserContext;
  let origin: string;

  before(async () => {
    // The page's TypeScript, compiled for the browser as `npm run build` does.
    execFileSync(process.execPath, ['scripts/build-desk.mjs'], { cwd: ROOT, stdio: 'inherit' });
    service = givenService([
      ...practitionersAround(30, SAINT_PRIEST_07, 'ophtalmologie', 1).map((person) => ({ ...person, gender: 'female' as const })),
      ...practitionersAround(2, SAINT_PRIEST_07, 'pediatrie', 1),
    ]);
    // An action in the member's department, to mention at the end of the call (the clock reads 2026-11-23).
    createPreventionAction(service.services.prevention, {
      title: 'Dépistage de la rétinopathie diabétique', summary: 'Un examen du fond d\'œil gratuit pour les personnes diabétiques.',
      url: 'https://www.ameli.fr/retinopathie', startsOn: '2026-11-01', endsOn: '2026-12-31',
      national: false, regions: [], departments: ['07'], specialties: [], themes: ['vision'],
    }, 'prevention-team');
    server = await new Promise<Server>((resolve) => {
      const listening = service.app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  });
  after(async () => {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    service?.close();
  });

  async function openDesk(): Promise<Watched> {
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(`${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('request', (request) => {
      if (!request.url().startsWith(origin)) problems.push(`outside request: ${request.url()}`);
    });
    const response = await page.goto(`${origin}/desk`, { waitUntil: 'load' });
    expect(response?.status()).to.equal(200);
    return { page, problems };
  }

  /** Types the key into the prompt, which has the focus when the page opens. */
  async function typeKey(page: Page, key: string): Promise<void> {
    await page.locator('#key:focus').waitFor();
    await page.keyboard.type(key);
    await page.keyboard.press('Enter');
  }

  async function focusedId(page: Page): Promise<string> {
    // Evaluated in the page, as text: the test compiles without the DOM's types.
    return String(await page.evaluate('document.activeElement ? document.activeElement.id : ""'));
  }

  it('when a whole call is handled by keyboard alone, then key, specialty, a place among homonyms, five names with the prevention action of the department, five more and the copy all work, without console error, outside request or axe violation', async () => {
    const { page, problems } = await openDesk();
    await typeKey(page, service.keys.agent);

    // The specialty by a synonym the API accepts; Enter chooses it and moves on to the place.
    await page.locator('#specialty:focus').waitFor();
    await page.keyboard.type('ophtalmo');
    await page.locator('#specialty-options [role="option"]').first().waitFor();
    expect(await page.locator('#specialty').getAttribute('aria-expanded')).to.equal('true');
    await page.keyboard.press('Enter');
    expect(await page.locator('#specialty').inputValue()).to.equal('Ophtalmologie');
    expect(await focusedId(page)).to.equal('place');

    // The place by name: homonyms come with their department; the arrow keys reach the Ardèche one.
    await page.keyboard.type('saint-priest');
    const options = page.locator('#place-options [role="option"]');
    await options.filter({ hasText: 'Saint-Priest (07)' }).waitFor();
    const labels = await options.locator('.option-label').allInnerTexts();
    const wanted = labels.indexOf('Saint-Priest (07)');
    expect(labels).to.include('Saint-Priest (69)');
    for (let i = 0; i < wanted; i++) await page.keyboard.press('ArrowDown');
    const active = await page.locator('#place').getAttribute('aria-activedescendant');
    expect(await page.locator(`#${active}`).innerText()).to.match(/^Saint-Priest \(07\)/);
    await page.keyboard.press('Enter');
    expect(await page.locator('#place').inputValue()).to.equal('Saint-Priest (07)');

    // A filter, by keyboard: Tab down to the gender, choose "Femme", then Alt+L back to the place.
    while ((await focusedId(page)) !== 'gender') await page.keyboard.press('Tab');
    await page.keyboard.press('ArrowDown');
    expect(await page.locator('#gender').inputValue()).to.equal('female');
    await page.keyboard.press('Alt+L');
    expect(await focusedId(page)).to.equal('place');

    // Enter in the place field, the place chosen, asks for the referral; the answer takes the focus.
    await page.keyboard.press('Enter');
    await page.locator('#answer-title:focus').waitFor();
    expect(await page.locator('#answer-title').innerText()).to.match(/^Ophtalmologie près de Saint-Priest \(07\) : 5 professionnels/);
    const people = page.locator('#people > li');
    expect(await people.count()).to.equal(5);
    const first = await people.locator('h3').allInnerTexts();
    expect(first[0]).to.match(/^1\. Mme Claire NOM/);
    expect(await people.first().innerText()).to.match(/rue de la Paix, 75002 PARIS · à \d+(,\d)? km/);
    expect(await people.first().locator('a').getAttribute('href')).to.equal('tel:0142000000');
    expect(await people.first().locator('.meets').innerText()).to.equal('Répond aux filtres : femme.');
    expect(await page.locator('#receipt').innerText()).to.match(/^n° 1, empreinte [0-9a-f]{12}$/);
    // The prevention action of the member's department, under the five names.
    expect(await page.locator('#prevention').isVisible()).to.equal(true);
    expect(await page.locator('#prevention-actions li').allInnerTexts())
      .to.deep.equal(['Dépistage de la rétinopathie diabétique : Un examen du fond d\'œil gratuit pour les personnes diabétiques. (en savoir plus)']);
    // Tab goes from the answer's heading to the first person's phone.
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.href')).to.equal('tel:0142000000');

    await checkAxe(page);

    // Five more: five other names, from the same pool.
    await page.keyboard.press('Alt+M');
    await page.locator('#answer-title', { hasText: 'de plus' }).waitFor();
    const more = await people.locator('h3').allInnerTexts();
    expect(more).to.have.length(5);
    const names = (list: string[]) => list.map((line) => line.replace(/^\d+\. /, ''));
    expect(names(more).filter((name) => names(first).includes(name))).to.deep.equal([]);
    expect(await page.locator('#receipt').innerText()).to.match(/^n° 2, /);

    // Copy: the text for the member, in the clipboard.
    await page.keyboard.press('Alt+C');
    await page.locator('#status', { hasText: 'copié' }).waitFor();
    const copied = String(await page.evaluate('navigator.clipboard.readText()'));
    expect(copied).to.equal(await page.locator('#member-text').inputValue());
    expect(copied).to.match(/^Ophtalmologie près de Saint-Priest \(07\) :\n1\. Mme Claire NOM/);
    for (const name of names(more)) expect(copied).to.include(name);
    expect(copied).to.include('Près de chez vous :\n- Dépistage de la rétinopathie diabétique : Un examen du fond d\'œil gratuit pour les personnes diabétiques. https://www.ameli.fr/retinopathie');
    expect(copied).to.match(/Référence de l'orientation : n° 2, empreinte [0-9a-f]{12}\.$/);

    // The receipt's link, with an agent's key: verification belongs to auditors, and the desk says so.
    await page.locator('#verify').focus();
    await page.keyboard.press('Enter');
    await page.locator('#status', { hasText: 'clé d\'auditeur' }).waitFor();

    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: new URL('desk-1280x720.png', SCREENSHOT_DIR).pathname, fullPage: true });

    // A narrow window: one column, nothing cut off sideways.
    await page.setViewportSize({ width: 380, height: 800 });
    expect(await page.evaluate('document.documentElement.scrollWidth <= document.documentElement.clientWidth')).to.equal(true);
    await page.screenshot({ path: new URL('desk-narrow.png', SCREENSHOT_DIR).pathname, fullPage: true });
    await checkAxe(page);

    // The verification refused to an agent's key is a 403 the browser reports; nothing else.
    expect(problems.filter((problem) => !/status of 403/.test(problem))).to.deep.equal([]);
    await page.close();
  });

  it('when the place typed is unknown, then the desk says so and asks for no referral', async () => {
    const { page, problems } = await openDesk();
    await typeKey(page, service.keys.agent);
    // The key is kept for the tab's session: a reload opens straight on the specialty.
    await page.locator('#specialty:focus').waitFor();
    await page.reload({ waitUntil: 'load' });
    await page.locator('#specialty:focus').waitFor();
    const referrals: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/v1/referrals')) referrals.push(request.url());
    });
    await page.keyboard.type('ophtalmo');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Zzyxville');
    await page.locator('#status', { hasText: 'Aucun lieu ne correspond à « Zzyxville »' }).waitFor();
    expect(await page.locator('#place').getAttribute('aria-expanded')).to.equal('false');
    await page.keyboard.press('Enter');
    expect(await page.locator('#error').innerText()).to.equal('Lieu inconnu : « Zzyxville ». Choisissez un lieu dans la liste.');
    expect(await focusedId(page)).to.equal('place');
    expect(await page.locator('#answer').isHidden()).to.equal(true);
    expect(referrals).to.deep.equal([]);
    expect(problems).to.deep.equal([]);
    await page.close();
  });

  it('when fewer than five are found, then the desk says so plainly, in French', async () => {
    const { page, problems } = await openDesk();
    await typeKey(page, service.keys.agent);
    await page.locator('#specialty:focus').waitFor();
    await page.keyboard.type('pédiatre');
    await page.keyboard.press('Enter');
    expect(await page.locator('#specialty').inputValue()).to.equal('Pédiatrie');
    await page.keyboard.type('07288');
    await page.locator('#place-options [role="option"]', { hasText: 'Saint-Priest (07)' }).waitFor();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await page.locator('#answer-title:focus').waitFor();
    expect(await page.locator('#people > li').count()).to.equal(2);
    expect(await page.locator('#warnings li').allInnerTexts()).to.deep.equal(['Seulement 2 professionnels dans un rayon de 200 km, moins que les 5 demandés.']);
    expect(problems).to.deep.equal([]);
    await page.close();
  });

  it('when the key is revoked during a call, then the desk forgets it and brings the advisor back to the key prompt with a clear message', async () => {
    const revoked = createApiKey(service.services.apiKeys, 'desk-revoked', 'agent', new Date());
    const fresh = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await fresh.newPage();
    await page.goto(`${origin}/desk`);
    await typeKey(page, revoked.key);
    await page.locator('#specialty:focus').waitFor();
    await page.keyboard.type('ophtalmo');
    await page.keyboard.press('Enter');
    await page.keyboard.type('07288');
    await page.locator('#place-options [role="option"]').first().waitFor();
    await page.keyboard.press('Enter');

    expect(service.services.apiKeys.revoke('desk-revoked', new Date())).to.equal(true);
    await page.keyboard.press('Enter');

    await page.locator('#key:focus').waitFor();
    expect(await page.locator('#call-section').isHidden()).to.equal(true);
    expect(await page.locator('#key-message').innerText()).to.equal('Cette clé d\'accès n\'est plus valable (expirée ou révoquée). Saisissez une nouvelle clé.');
    expect(await page.evaluate('sessionStorage.length')).to.equal(0);
    // Typing the revoked key again is refused at once.
    await typeKey(page, revoked.key);
    await page.locator('#key-message', { hasText: 'Clé d\'accès inconnue, expirée ou révoquée.' }).waitFor();
    await fresh.close();
  });

  /** axe-core, evaluated in the page (its CSP forbids inline scripts, not the test's own evaluation). */
  async function checkAxe(page: Page): Promise<void> {
    await page.evaluate(AXE_SOURCE);
    const violations = await page.evaluate(`axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(AXE_TAGS)} } })
      .then((result) => result.violations.map((v) => v.id + ': ' + v.help + ' (' + v.nodes.map((node) => JSON.stringify(node.target)).join(', ') + ')'))`);
    expect(violations).to.deep.equal([]);
  }
});
