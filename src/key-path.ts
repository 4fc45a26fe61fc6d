/**
 * `sources[1].credentials.secret`, `data[2].email`, `dataDomainRoles["(default)"]`: the one way a
 * message names a place in a document (configuration, an upstream body). Keys that are not plain
 * identifiers are quoted so that a dot or a bracket in a key cannot be read as nesting.
 */
export function formatKeyPath(path: readonly PropertyKey[], whole: string): string {
  if (path.length === 0) return whole;
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) text += text === '' ? key : `.${key}`;
    else text += `[${JSON.stringify(String(key))}]`;
  }
  return text;
}
