import { rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { expect } from 'chai';
import { answerClientError } from '../../src/http/client-error.js';
import { givenDatabaseWithAgentKey, startServiceProcess, type ServiceProcess } from '../support/service-process.js';

/** Sends `raw` on a connection of its own and resolves with everything the server wrote before closing it. */
function sendRaw(url: string, raw: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.end(raw));
    let answer = '';
    socket.setEncoding('utf8').on('data', (chunk: string) => (answer += chunk));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}

function problemIn(answer: string): { status: number; contentType: string; body: Record<string, unknown> } {
  const [head = '', body = ''] = answer.split('\r\n\r\n');
  return {
    status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]),
    contentType: /^content-type: (.*)$/im.exec(head)?.[1] ?? '',
    body: JSON.parse(body) as Record<string, unknown>,
  };
}

describe('requests Node cannot parse, sent to the service process', () => {
  let dir: string;
  let service: ServiceProcess;
  before(async () => {
    let databasePath: string;
    ({ dir, databasePath } = givenDatabaseWithAgentKey('raw-http-'));
    service = await startServiceProcess({ DATABASE_PATH: databasePath });
  });
  after(async () => {
    await service.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const cases: [string, string, number, string][] = [
    ['a header line without a colon', 'GET /healthz HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n', 400, 'malformed-request'],
    ['both Content-Length and Transfer-Encoding', 'POST /v1/referrals HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n{}', 400, 'malformed-request'],
    ['a request line and headers over 16 KiB', `GET /v1/practitioners?name=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`, 431, 'headers-too-large'],
  ];
  for (const [name, raw, status, code] of cases) {
    it(`when a request has ${name}, then ${status} ${code} as a problem, and the connection is closed`, async () => {
      const problem = problemIn(await sendRaw(service.url, raw));
      expect(problem.status).to.equal(status);
      expect(problem.contentType).to.equal('application/problem+json');
      expect(problem.body).to.include({ status, code, type: `urn:problem:${code}` });
      expect(problem.body.detail).to.be.a('string').and.not.equal('');
    });
  }

  it('when a malformed request has been answered, then the service goes on answering others', async () => {
    await sendRaw(service.url, 'GET /healthz HTTP/1.1\r\nno colon here\r\n\r\n');
    expect((await fetch(`${service.url}/healthz`)).status).to.equal(200);
  });
});

describe('answerClientError on a server of its own', () => {
  let server: Server;
  let serverSockets: Socket[];
  beforeEach(async () => {
    serverSockets = [];
    server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('part1-');
    });
    server.on('connection', (socket) => serverSockets.push(socket));
    server.on('clientError', answerClientError);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterEach(async () => {
    for (const socket of serverSockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  it('when the client keeps its side of the connection open, then the server still closes its own after the problem', async () => {
    const { port } = server.address() as AddressInfo;
    // allowHalfOpen: this client does not close its side when the server ends its own.
    const client = connect({ port, host: '127.0.0.1', allowHalfOpen: true }, () => client.write('GET / HTTP/1.1\r\nno colon here\r\n\r\n'));
    try {
      const answered = new Promise<string>((resolve) => {
        let answer = '';
        client.setEncoding('utf8').on('data', (chunk: string) => (answer += chunk)).on('end', () => resolve(answer));
      });
      expect(problemIn(await answered).status).to.equal(400);
      const serverSide = serverSockets[0] as Socket;
      if (!serverSide.destroyed) await new Promise((resolve) => serverSide.once('close', resolve));
      expect(serverSide.destroyed).to.equal(true);
    } finally {
      client.destroy();
    }
  });

  it('when a malformed request is pipelined behind a response still being sent, then the connection is dropped and nothing is written into that response', async () => {
    const { port } = server.address() as AddressInfo;
    const received = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
      let answer = '';
      socket.setEncoding('utf8').on('data', (chunk: string) => {
        answer += chunk;
        if (answer.includes('part1-') && !answer.includes('(sent)')) {
          answer += '\n(sent)';
          socket.write('GET / HTTP/1.1\r\nno colon here\r\n\r\n');
        }
      });
      socket.on('close', () => resolve(answer)).on('error', reject);
    });
    expect(received).to.include('part1-');
    expect(received).to.not.include('malformed-request');
  });
});
