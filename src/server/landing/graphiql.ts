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

const cache = new Map<string, Buffer>();

/** An asset by its name under GRAPHIQL_ASSET_PREFIX; undefined for any other name (no paths are taken from the URL). */
export function graphiqlAsset(name: string): { body: Buffer; type: string } | undefined {
  const asset = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
  if (!asset) return undefined;
  let body = cache.get(name);
  if (!body) {
    body = readFileSync(asset.file);
    cache.set(name, body);
  }
  return { body, type: asset.type };
}

/** The page: GraphiQL against `graphqlPath` on the same origin, starting with `headers` in its header editor. */
export function graphiqlPage(graphqlPath: string, headers: Record<string, string> | undefined): string {
  const props = {
    defaultQuery: '# usergraph: one GraphQL API over DQOps, Waldur and Rockset\n{\n  sources {\n    name\n    vendor\n    status\n  }\n}\n',
    ...(headers ? { defaultHeaders: JSON.stringify(headers, null, 2), headerEditorEnabled: true } : {}),
  };
  // JSON in a script element: `<` is escaped so no value can close the element.
  const json = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>usergraph · GraphiQL</title>
<link rel="stylesheet" href="${GRAPHIQL_ASSET_PREFIX}graphiql.min.css">
<style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
<div id="graphiql">Loading GraphiQL…</div>
<script src="${GRAPHIQL_ASSET_PREFIX}react.production.min.js"></script>
<script src="${GRAPHIQL_ASSET_PREFIX}react-dom.production.min.js"></script>
<script src="${GRAPHIQL_ASSET_PREFIX}graphiql.min.js"></script>
<script>
  const fetcher = GraphiQL.createFetcher({ url: new URL(${json(graphqlPath)}, location.href).href });
  const props = Object.assign({ fetcher }, ${json(props)});
  ReactDOM.createRoot(document.getElementById('graphiql')).render(React.createElement(GraphiQL, props));
</script>
</body>
</html>
`;
}
