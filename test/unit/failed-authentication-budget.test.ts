import { expect } from 'chai';
import { createFailedAuthenticationBudget } from '../../src/http/failed-authentication-budget.js';

describe('createFailedAuthenticationBudget', () => {
  it('when an address fails its budget within a minute, then it waits for the rest of that minute, and only it', () => {
    let now = 1_000_000;
    const budget = createFailedAuthenticationBudget(2, () => now);
    budget.failed('a');
    expect(budget.retryAfter('a')).to.equal(null);
    now += 20_000;
    budget.failed('a');
    expect(budget.retryAfter('a')).to.equal(40);
    expect(budget.retryAfter('b')).to.equal(null);
    now += 39_500;
    expect(budget.retryAfter('a')).to.equal(1);
    now += 500;
    expect(budget.retryAfter('a')).to.equal(null);
    budget.failed('a');
    expect(budget.retryAfter('a'), 'a new minute starts from one failure').to.equal(null);
  });

  it('when the limit is 0, then nothing is ever refused', () => {
    const budget = createFailedAuthenticationBudget(0, () => 0);
    for (let i = 0; i < 100; i++) budget.failed('a');
    expect(budget.retryAfter('a')).to.equal(null);
  });

  it('when more addresses than it remembers fail, then memory stays bounded and it keeps counting', () => {
    let now = 0;
    const budget = createFailedAuthenticationBudget(1, () => now);
    for (let i = 0; i < 25_000; i++) budget.failed(`10.0.${i >> 8}.${i & 255}`);
    now += 1;
    budget.failed('z');
    expect(budget.retryAfter('z')).to.equal(60);
  });
});
