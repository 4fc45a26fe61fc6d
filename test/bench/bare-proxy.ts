import { createServer } from 'node:http';
import { Pool } from 'undici';

/**
 * The hop alone, for `npm run bench`: a node:http server that sends every request on to one
 * upstream as a GET over an undici Pool and returns the body, with nothing else (no parsing, no
 * auth, no GraphQL). What it adds over calling the upstream directly is what any gateway process
 * on this machine pays before doing any work of its own.
 * Usage: node bare-proxy.js <upstream origin>
 */
const pool = new Pool(process.argv[2] ?? 'http://127.0.0.1:1', { connections: 64 });
const server = createServer((req, res) => {
  const headers = req.headers.authorization ? { authorization: req.headers.authorization } : {};
  pool
    .request({ method: 'GET', path: req.url ?? '/', headers })
    .then(async (upstream) => {
      const body = await upstream.body.text();
      res.writeHead(upstream.statusCode, { 'content-type': 'application/json' }).end(body);
    })
    .catch(() => res.writeHead(502).end());
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`bare proxy listening on http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}\n`);
});
process.once('SIGTERM', () => {
  server.close();
  void pool.close();
});
