import { rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { expect } from 'chai';
import { withApiKeys } from '../../src/compose.js';
import { createApiKey } from '../../src/use-cases/api-keys.js';
import { givenDatabaseWithAgentKey, startServiceProcess, type ServiceProcess } from '../support/service-process.js';
import { gp, registryText } from '../support/registry-fixture.js';

/** Far beyond the deadlines set below (1 s), far below the defaults Node had (60 s for headers, 300 s for a request). */
const GIVE_UP_MS = 20_000;

/**
 * Opens a connection, sends `head` at once, then one byte of `trickle` every 200 ms; resolves with
 * what the server sent once it closed the connection, or with `open: true` if it had not after
 * GIVE_UP_MS (then closes it).
 */
function slowClient(url: string, head: string, trickle: string): Promise<{ answer: string; open: boolean }> {
  const { port } = new URL(url);
  return new Promise((resolve) => {
    const socket: Socket = connect(Number(port), '127.0.0.1');
    let answer = '';
    let sent = 0;
    socket.setEncoding('utf8').on('data', (chunk: string) => (answer += chunk));
    socket.on('error', () => {}); // a write after the server closed: the close below says it all
    socket.write(head);
    const dripping = setInterval(() => {
      if (sent < trickle.length && socket.writable) socket.write(trickle[sent++] as string);
    }, 200);
    const giveUp = setTimeout(() => {
      clearInterval(dripping);
      socket.destroy();
      resolve({ answer, open: true });
    }, GIVE_UP_MS);
    socket.on('close', () => {
      clearInterval(dripping);
      clearTimeout(giveUp);
      resolve({ answer, open: false });
    });
  });
}

describe('slow clients', () => {
  let dir: string;
  let agent: string;
  let admin: string;
  let service: ServiceProcess;
  before(async () => {
    let databasePath: string;
    ({ dir, databasePath, key: agent } = givenDatabaseWithAgentKey('slow-'));
    admin = withApiKeys(databasePath, (keys) => createApiKey(keys, 'ops', 'admin', new Date()).key);
    service = await startServiceProcess({
      DATABASE_PATH: databasePath, SAMPLE_DIRECTORY_PATH: '', HEADERS_TIMEOUT_MS: '1000', BODY_TIMEOUT_MS: '1000', UPLOAD_IDLE_TIMEOUT_MS: '1000',
    });
  });
  after(async () => {
    await service.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const expectCutOff = (result: { answer: string; open: boolean }) => {
    expect(result.open, 'the connection was still open').to.equal(false);
    expect(result.answer).to.match(/^HTTP\/1\.1 408 /);
    expect(result.answer).to.match(/content-type: application\/problem\+json/i);
    expect(result.answer).to.include('"code":"request-timeout"');
  };

  it('when headers come a byte at a time, then 408 and the connection is closed', async () => {
    expectCutOff(await slowClient(service.url, 'GET /v1/specialties HTTP/1.1\r\nHost: x\r\n', `Authorization: Bearer ${agent}\r\n\r\n`));
  }).timeout(60_000);

  it('when a referral body comes a byte at a time, then 408 and the connection is closed', async () => {
    const body = JSON.stringify({ specialty: 'generaliste', location: { postcode: '69003' } });
    const head = `POST /v1/referrals HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${agent}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
    expectCutOff(await slowClient(service.url, head, body));
  }).timeout(60_000);

  it('when an upload trickles, then 408, the connection is closed and the import slot is free for the next upload', async () => {
    const extract = registryText(Array.from({ length: 3 }, (_, i) => gp(`8100015${String(i).padStart(5, '0')}`)));
    const head = `POST /v1/imports?dryRun=true HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${admin}\r\nContent-Type: text/plain\r\nContent-Length: ${extract.length}\r\n\r\n`;
    expectCutOff(await slowClient(service.url, head, extract));
    // The slot is freed as the connection closes; the run says so as soon as the server has seen it.
    const runs = async () => ((await (await fetch(`${service.url}/v1/imports`, { headers: { authorization: `Bearer ${admin}` } })).json()) as { items: { status: string }[] }).items;
    for (let attempt = 0; attempt < 50 && (await runs())[0]?.status === 'running'; attempt++) await new Promise((resolve) => setTimeout(resolve, 100));
    const next = await fetch(`${service.url}/v1/imports?dryRun=true`, { method: 'POST', headers: { authorization: `Bearer ${admin}`, 'content-type': 'text/plain' }, body: extract });
    expect(next.status, await next.clone().text()).to.equal(202);
    const run = (await next.json()) as { id: number };
    const trickled = await fetch(`${service.url}/v1/imports/${run.id - 1}`, { headers: { authorization: `Bearer ${admin}` } });
    expect(((await trickled.json()) as { status: string }).status).to.equal('failed');
  }).timeout(60_000);
});
