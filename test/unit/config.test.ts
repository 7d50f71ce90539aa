import { expect } from 'chai';
import { loadConfig } from '../../src/config.js';

describe('loadConfig', () => {
  it('when nothing is set, then the safe defaults apply', () => {
    const config = loadConfig({});
    expect(config).to.include({ port: 8080, host: '0.0.0.0', databaseSynchronous: 'FULL', logLevel: 'info' });
    expect(config.databasePath).to.match(/var\/referrals\.sqlite$/);
    expect(Object.isFrozen(config)).to.equal(true);
  });

  it('when several settings are wrong, then one error lists every problem', () => {
    expect(() => loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud', DATABASE_SYNCHRONOUS: 'sometimes', DATABASE_PATH: '' })).to.throw(
      /PORT must be an integer[\s\S]*LOG_LEVEL must be one of[\s\S]*DATABASE_PATH must not be empty[\s\S]*DATABASE_SYNCHRONOUS must be FULL or NORMAL/,
    );
  });

  it('when a timeout, the failed-authentication budget or the trusted proxies are malformed, then each is named', () => {
    expect(() => loadConfig({ BODY_TIMEOUT_MS: '5s', UPLOAD_IDLE_TIMEOUT_MS: '0', AUTH_FAILURES_PER_MINUTE: '-1', TRUST_PROXY: 'my proxy' })).to.throw(
      /AUTH_FAILURES_PER_MINUTE must be a whole number[\s\S]*TRUST_PROXY must be[\s\S]*BODY_TIMEOUT_MS must be a whole number of milliseconds[\s\S]*UPLOAD_IDLE_TIMEOUT_MS must be/,
    );
    const config = loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8', HEADERS_TIMEOUT_MS: '2000' });
    expect(config.trustProxy).to.deep.equal(['loopback', '10.0.0.0/8']);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).to.equal(1);
    expect(config).to.include({ headersTimeoutMs: 2000, bodyTimeoutMs: 10_000, uploadIdleTimeoutMs: 30_000, uploadTimeoutMs: 3_600_000, authFailuresPerMinute: 60 });
  });

  it('when the synchronous mode is given in lower case, then it is accepted', () => {
    expect(loadConfig({ DATABASE_SYNCHRONOUS: 'normal' }).databaseSynchronous).to.equal('NORMAL');
  });
});
