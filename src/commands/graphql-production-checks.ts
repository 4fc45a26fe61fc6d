/**
 * Loads graphql-js's `instanceOf` as it loads under NODE_ENV=production, whatever NODE_ENV says.
 * graphql-js picks its implementation once, when the module loads: the development one also looks
 * for a second copy of graphql on every failed check (3% of a request's CPU in the profiles). The
 * gateway ships one copy (package-lock), so that check finds nothing; NODE_ENV itself is left as
 * it was, because it also chooses the gateway's `server.mode` default. Imported first by the CLI.
 */
const nodeEnv = process.env['NODE_ENV'];
process.env['NODE_ENV'] = 'production';
try {
  require('graphql/jsutils/instanceOf.js');
} finally {
  if (nodeEnv === undefined) delete process.env['NODE_ENV'];
  else process.env['NODE_ENV'] = nodeEnv;
}
