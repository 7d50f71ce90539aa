import { expect } from 'chai';
import { watchDirectory } from '../../src/use-cases/directory-watch.js';

describe('watchDirectory', () => {
  const watching = (start: number) => {
    const state = { revision: start, rebuilds: 0 };
    const watch = watchDirectory(() => state.revision, async () => {
      state.rebuilds++;
    }, 3_600_000, (error) => {
      throw error;
    });
    return { state, watch };
  };

  it('when this process acknowledges the change it made and applied itself, then no rebuild follows', async () => {
    const { state, watch } = watching(7);
    state.revision = 8;
    watch.acknowledge({ from: 7, to: 8 });
    await watch.checkNow();
    watch.stop();
    expect(state.rebuilds).to.equal(0);
  });

  it('when another process changed the directory before this one\'s own change, then the index is still rebuilt', async () => {
    const { state, watch } = watching(7);
    state.revision = 9; // 8 by an import elsewhere, 9 by this process's status change
    watch.acknowledge({ from: 8, to: 9 });
    await watch.checkNow();
    await watch.checkNow();
    watch.stop();
    expect(state.rebuilds).to.equal(1);
  });
});
