import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type CryptoKey, exportJWK, exportSPKI, generateKeyPair, type JWK, type JWTPayload, SignJWT } from 'jose';

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  jwk: JWK;
  /** The public key as PEM (SPKI): what an algorithm-confusion attacker uses as an HMAC secret. */
  publicPem: string;
}

/** A new RS256 key pair with a kid. */
export async function newSigningKey(kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  return { kid, privateKey, jwk, publicPem: await exportSPKI(publicKey) };
}

/** Signs a token; `claims` may override or drop (undefined) the defaults. */
export function sign(
  key: SigningKey,
  claims: JWTPayload,
  options: { issuer?: string; audience?: string; expiresIn?: string | number; notBefore?: string | number } = {},
): Promise<string> {
  let jwt = new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' }).setIssuedAt();
  if (options.issuer) jwt = jwt.setIssuer(options.issuer);
  if (options.audience) jwt = jwt.setAudience(options.audience);
  if (options.expiresIn !== undefined) jwt = jwt.setExpirationTime(options.expiresIn);
  if (options.notBefore !== undefined) jwt = jwt.setNotBefore(options.notBefore);
  return jwt.sign(key.privateKey);
}

/** An identity provider's JWKS endpoint on loopback: serves the keys it is given and counts fetches. */
export class JwksServer {
  #keys: JWK[] = [];
  #server: Server | undefined;
  fetches = 0;
  url = '';

  setKeys(keys: readonly SigningKey[]): void {
    this.#keys = keys.map((k) => k.jwk);
  }

  async start(): Promise<void> {
    this.#server = createServer((_req, res) => {
      this.fetches++;
      const body = JSON.stringify({ keys: this.#keys });
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
    await new Promise<void>((resolve) => this.#server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/.well-known/jwks.json`;
  }

  async stop(): Promise<void> {
    const server = this.#server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
