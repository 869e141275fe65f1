import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

/** What the provider says about one of its accounts. */
export interface ProviderAccount {
  email?: string;
  email_verified?: boolean;
  name?: string;
}

export interface TestOidcProvider {
  issuer: string;
  /** The provider's accounts by subject (`sub`); the test adds to it as it goes. */
  accounts: Map<string, ProviderAccount>;
  /**
   * Follows an authorization URL as a browser would: the provider's login interaction signs in
   * `subject` (any password: these are the provider's development interactions), its consent
   * interaction grants what was asked, and the redirect back to the client is answered as the
   * path and query of the callback (not followed).
   */
  signIn(authorizationUrl: string, subject: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * A real OpenID Provider (`oidc-provider`, the certified implementation) on a random local port,
 * with one confidential client per `clients` entry (code flow, PKCE required, client_secret_post).
 */
export async function startOidcProvider(clients: { clientId: string; clientSecret: string; redirectUri: string }[]): Promise<TestOidcProvider> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const accounts = new Map<string, ProviderAccount>();
  const provider = new Provider(issuer, {
    clients: clients.map((client) => ({
      client_id: client.clientId,
      client_secret: client.clientSecret,
      redirect_uris: [client.redirectUri],
      response_types: ['code'],
      grant_types: ['authorization_code'],
      token_endpoint_auth_method: 'client_secret_post',
    })),
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    cookies: { keys: ['test-oidc-provider-cookie-key'] },
    pkce: { required: () => true },
    findAccount: (_ctx, sub) => {
      const account = accounts.get(sub);
      return account ? { accountId: sub, claims: () => ({ sub, ...account }) } : undefined;
    },
  });
  server.on('request', provider.callback());

  async function signIn(authorizationUrl: string, subject: string): Promise<string> {
    const cookies = new Map<string, string>();
    const visit = async (url: string, form?: Record<string, string>): Promise<{ status: number; location: string | null; body: string }> => {
      const response = await fetch(new URL(url, issuer), {
        method: form ? 'POST' : 'GET',
        redirect: 'manual',
        headers: {
          cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; '),
          ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
        body: form ? new URLSearchParams(form).toString() : undefined,
      });
      for (const header of response.headers.getSetCookie()) {
        const [pair] = header.split(';');
        const at = pair!.indexOf('=');
        cookies.set(pair!.slice(0, at), pair!.slice(at + 1));
      }
      return { status: response.status, location: response.headers.get('location'), body: await response.text() };
    };
    let response = await visit(authorizationUrl);
    for (let step = 0; step < 10; step++) {
      const { location } = response;
      if (!location) throw new Error(`the provider answered ${response.status} without a redirect: ${response.body.slice(0, 300)}`);
      const target = new URL(location, issuer);
      if (target.origin !== issuer) return `${target.pathname}${target.search}`;
      const interaction = /^\/interaction\/([^/]+)$/.exec(target.pathname);
      if (interaction) {
        const page = await visit(target.pathname);
        if (page.status !== 200) throw new Error(`interaction page: ${page.status}`);
        // The development interactions show a login form first, then a consent form.
        const form: Record<string, string> = page.body.includes('name="login"') ? { prompt: 'login', login: subject, password: 'any' } : { prompt: 'consent' };
        response = await visit(target.pathname, form);
      } else {
        response = await visit(target.pathname + target.search);
      }
    }
    throw new Error('the provider never sent the browser back');
  }

  return {
    issuer,
    accounts,
    signIn,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
