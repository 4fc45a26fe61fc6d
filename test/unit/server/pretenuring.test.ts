import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfig } from '../../../src/config/load-config.js';
import { applyPretenuring, pretenuringSetByOperator } from '../../../src/server/memory/pretenuring.js';

describe('allocation-site pretenuring', () => {
  it('is turned off unless asked for, and left alone when the operator set it either way', () => {
    const set: string[] = [];
    assert.equal(
      applyPretenuring(false, (f) => set.push(f), false),
      'off',
    );
    assert.deepEqual(set, ['--no-allocation-site-pretenuring']);
    assert.equal(
      applyPretenuring(true, (f) => set.push(f), false),
      'on',
    );
    assert.equal(
      applyPretenuring(false, (f) => set.push(f), true),
      'operator',
    );
    assert.deepEqual(set, ['--no-allocation-site-pretenuring'], 'nothing set when asked for or chosen by the operator');
  });

  it("reads the operator's choice from node's command line, in V8's spellings", () => {
    assert.equal(pretenuringSetByOperator(['--no-allocation-site-pretenuring']), true);
    assert.equal(pretenuringSetByOperator(['--max-old-space-size=200', '--allocation_site_pretenuring']), true);
    assert.equal(pretenuringSetByOperator(['--allocation-site-pretenuring=false']), true);
    assert.equal(pretenuringSetByOperator(['--heap-growing-percent=30', '--max-old-space-size=200']), false);
    assert.equal(pretenuringSetByOperator(['--allocation-site-pretenuring-extra']), false);
  });

  it('is off by default in the config', () => {
    const base = {
      auth: { anonymous: 'viewer' },
      sources: [{ name: 'a', vendor: 'rockset', url: 'http://127.0.0.1:1', credentials: { mode: 'service', secret: 'x' } }],
    };
    assert.equal(parseConfig(base, {}).server.memory.pretenuring, false);
    assert.equal(parseConfig({ ...base, server: { memory: { pretenuring: true } } }, {}).server.memory.pretenuring, true);
  });
});
