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

  it('when the synchronous mode is given in lower case, then it is accepted', () => {
    expect(loadConfig({ DATABASE_SYNCHRONOUS: 'normal' }).databaseSynchronous).to.equal('NORMAL');
  });
});
