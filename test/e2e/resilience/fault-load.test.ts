import assert from 'node:assert/strict';
import { it } from 'node:test';
import { runFaultLoad } from '../../load/fault-load.js';

it('10 s at 50 req/s with 10% 500s and 5% resets on Waldur: no gateway 5xx, every answer JSON with the other vendors in it', async () => {
  const r = await runFaultLoad({ seconds: 10, rate: 50 });
  assert.equal(r.answered, r.sent);
  assert.deepEqual([r.gateway5xx, r.nonJson, r.missingOthers], [0, 0, 0], JSON.stringify(r));
  assert.ok(r.waldurErrors > 0, 'the faults did reach Waldur');
  assert.ok(r.waldurErrors < r.sent, 'retries saved some of them');
});
