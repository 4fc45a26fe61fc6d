import assert from 'node:assert/strict';
import { it } from 'node:test';
import { finished, spawnCli, waitForOutput } from '../helpers/cli.js';
import { asKey, gql } from '../helpers/gateway.js';

it('npm start (usergraph demo) answers the sources query with the three simulated vendors and stops on SIGTERM', async () => {
  const child = spawnCli(['demo'], { PORT: '0' });
  const done = finished(child);
  const [, url, viewerKey] = await waitForOutput(child, /Sandbox at (http:\/\/localhost:\d+\/graphql)[\s\S]*viewer +(ugk_\S+)/);
  const gatewayUrl = url!.replace('localhost', '127.0.0.1');
  const anonymous = await gql(gatewayUrl, '{ sources { name } }', undefined, { authorization: '' });
  assert.equal(anonymous.status, 401, 'the demo turns authentication on');
  const { status, body } = await gql(gatewayUrl, '{ sources { name vendor capabilities } }', undefined, asKey(viewerKey!));
  assert.equal(status, 200);
  const sources = body.data!['sources'] as { name: string; vendor: string; capabilities: string[] }[];
  assert.deepEqual(
    sources.map((s) => [s.name, s.vendor]),
    [
      ['dqops-demo', 'DQOPS'],
      ['waldur-demo', 'WALDUR'],
      ['rockset-demo', 'ROCKSET'],
    ],
  );
  assert.ok(sources.every((s) => s.capabilities.includes('LIST_USERS')));
  child.kill('SIGTERM');
  const result = await done;
  assert.equal(result.code, 0, result.stderr);
});
