import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

interface Asset {
  readonly file: string;
  readonly type: string;
}

/**
 * GraphiQL served by the gateway itself, so the landing page works with no internet (air-gapped
 * HPC sites): React 18 and GraphiQL 3 as their own packages' UMD builds, read from node_modules.
 */
const ASSETS: Readonly<Record<string, Asset>> = {
  'react.production.min.js': { file: join(dirname(require.resolve('react/package.json')), 'umd', 'react.production.min.js'), type: 'text/javascript' },
  'react-dom.production.min.js': {
    file: join(dirname(require.resolve('react-dom/package.json')), 'umd', 'react-dom.production.min.js'),
    type: 'text/javascript',
  },
  'graphiql.min.js': { file: require.resolve('graphiql/graphiql.min.js'), type: 'text/javascript' },
  'graphiql.min.css': { file: require.resolve('graphiql/graphiql.min.css'), type: 'text/css' },
};

export const GRAPHIQL_ASSET_PREFIX = '/graphiql/assets/';
/** Where GraphiQL is, whatever the landing page: a browser with no internet is never stuck on Sandbox. */
export const GRAPHIQL_PATH = '/graphiql';

const cache = new Map<string, { body: Buffer; hash: string }>();

function load(name: string): { body: Buffer; hash: string } | undefined {
  const asset = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
  if (!asset) return undefined;
  let loaded = cache.get(name);
  if (!loaded) {
    const body = readFileSync(asset.file);
    loaded = { body, hash: createHash('sha256').update(body).digest('hex').slice(0, 16) };
    cache.set(name, loaded);
  }
  return loaded;
}

/** An asset's URL with its content hash in it, so an upgrade never mixes old and new files and each can be cached for good. */
export function graphiqlAssetUrl(name: string): string {
  return `${GRAPHIQL_ASSET_PREFIX}${load(name)?.hash ?? 'missing'}/${name}`;
}

/**
 * An asset by `<content hash>/<name>` under GRAPHIQL_ASSET_PREFIX; undefined for any other name or
 * a stale hash (no paths are taken from the URL).
 */
export function graphiqlAsset(path: string): { body: Buffer; type: string } | undefined {
  const [hash, name = '', ...rest] = path.split('/');
  if (rest.length > 0) return undefined;
  const loaded = load(name);
  const asset = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
  if (!loaded || !asset || loaded.hash !== hash) return undefined;
  return { body: loaded.body, type: asset.type };
}

/** What a caller sees in the header editor when the gateway knows no key to put there. */
const HEADER_TEMPLATE = { Authorization: 'Bearer <paste your API key or JWT>' };

/** The page: GraphiQL against `graphqlPath` on the same origin, starting with `headers` in its header editor. */
export function graphiqlPage(graphqlPath: string, headers: Record<string, string> | undefined): string {
  const props = {
    defaultQuery: '# usergraph: one GraphQL API over DQOps, Waldur and Rockset\n{\n  sources {\n    name\n    vendor\n    status\n  }\n}\n',
    defaultHeaders: JSON.stringify(headers ?? HEADER_TEMPLATE, null, 2),
    headerEditorEnabled: true,
    // With only the template there, the headers tab is open: the first thing to do is paste a key.
    ...(headers ? {} : { defaultEditorToolsVisibility: 'headers' }),
    // The key a caller pasted stays for the next visit (in this browser's storage, as GraphiQL does).
    shouldPersistHeaders: true,
  };
  // JSON in a script element: `<` is escaped so no value can close the element.
  const json = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>usergraph · GraphiQL</title>
<link rel="stylesheet" href="${graphiqlAssetUrl('graphiql.min.css')}">
<style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
<div id="graphiql">Loading GraphiQL…</div>
<script src="${graphiqlAssetUrl('react.production.min.js')}"></script>
<script src="${graphiqlAssetUrl('react-dom.production.min.js')}"></script>
<script src="${graphiqlAssetUrl('graphiql.min.js')}"></script>
<script>
  const fetcher = GraphiQL.createFetcher({ url: new URL(${json(graphqlPath)}, location.href).href });
  const props = Object.assign({ fetcher }, ${json(props)});
  ReactDOM.createRoot(document.getElementById('graphiql')).render(React.createElement(GraphiQL, props));
</script>
</body>
</html>
`;
}

/**
 * A visible way out of Apollo Sandbox's page, which needs Apollo's CDN: a link to the gateway's own
 * GraphiQL, above the (empty, when offline) Sandbox frame. The page's Content-Security-Policy allows
 * only styles with its nonce, so the link's style carries that nonce.
 */
export function withGraphiqlLink(html: string): string {
  const nonce = /nonce="?([A-Za-z0-9+/=_-]+)"?/.exec(html)?.[1];
  const style = `#usergraph-graphiql{position:fixed;right:12px;bottom:12px;z-index:2147483647;padding:6px 10px;background:#fff;color:#0b3d91;border:1px solid #0b3d91;border-radius:4px;font:13px sans-serif}`;
  const link = `<style${nonce ? ` nonce="${nonce}"` : ''}>${style}</style><a id="usergraph-graphiql" href="/graphiql">No internet? Use GraphiQL, served by usergraph</a>`;
  return html.includes('</body>') ? html.replace('</body>', `${link}</body>`) : `${html}${link}`;
}
