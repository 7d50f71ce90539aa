import { expect } from 'chai';
import { rmSync } from 'node:fs';
import { type Browser } from 'playwright-core';
import { launchChromium } from '../support/chromium.js';
import { givenDatabaseWithAgentKey, startServiceProcess, type ServiceProcess } from '../support/service-process.js';


describe('the /docs page of a service on another port than 8080, in a real browser (headless Chromium)', function () {
  this.timeout(90_000);
  let dir: string;
  let key: string;
  let service: ServiceProcess;
  let browser: Browser;

  before(async () => {
    let databasePath: string;
    ({ dir, databasePath, key } = givenDatabaseWithAgentKey('docs-'));
    service = await startServiceProcess({ DATABASE_PATH: databasePath, SAMPLE_DIRECTORY_PATH: '' });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await service?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('when an advisor authorizes with a key and runs "Try it out", then the call goes to this origin and its answer is shown', async () => {
    expect(new URL(service.url).port).to.not.equal('8080');
    const page = await browser.newPage();
    const blocked: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') blocked.push(message.text());
    });
    const calledUrls: string[] = [];
    page.on('request', (request) => calledUrls.push(request.url()));
    await page.goto(`${service.url}/docs`, { waitUntil: 'load' });

    await page.getByRole('button', { name: 'Authorize' }).first().click();
    await page.locator('.modal-ux input[type=text], .modal-ux input[type=password]').first().fill(key);
    await page.locator('.modal-ux').getByRole('button', { name: 'Apply credentials' }).click();
    await page.locator('.modal-ux button.btn-done').click();
    const operation = page.locator('#operations-directory-listSpecialties');
    await operation.locator('.opblock-summary').click();
    await operation.getByRole('button', { name: 'Try it out' }).click();
    await operation.getByRole('button', { name: 'Execute' }).click();

    const status = operation.locator('.live-responses-table .response .response-col_status');
    await status.waitFor({ timeout: 30_000 });
    expect((await status.innerText()).trim(), `console errors: ${blocked.join(' | ')}`).to.equal('200');
    expect(await operation.locator('.live-responses-table .response .response-col_description').innerText()).to.contain('"items"');
    expect(calledUrls).to.include(`${service.url}/v1/specialties`);
  });
});
