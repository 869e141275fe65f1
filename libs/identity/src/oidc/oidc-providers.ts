import { Inject, Injectable, Logger } from '@nestjs/common';
import * as oidc from 'openid-client';
import { APP_CONFIG, type AppConfig, DomainError, type OidcProviderSettings } from '#platform';
import { IdentityErrors } from '../domain/identity.errors.js';
import type { ExternalIdentity } from '../domain/identity-events.js';

/** What a provider vouched for, from a verified ID token (and its userinfo endpoint, for the email). */
export interface ProvedIdentity extends ExternalIdentity {
  email: string | null;
  /** Only an explicit `email_verified: true` counts. */
  emailVerified: boolean;
  name: string | null;
}

/** What a sign-in must show on its way back: kept server-side (OidcSignIns) between the start and the callback. */
export interface AuthorizationChecks {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/**
 * The OpenID Connect providers of OIDC_PROVIDERS, through `openid-client` (v6: authorization code
 * with PKCE, ID token signature, issuer, audience, expiry and nonce checks). Each provider's discovery
 * document is fetched on first use and kept; a failed fetch is tried again on the next sign-in.
 *
 * Not through `@nestjs/passport`: its AuthGuard runs a passport strategy against Express-style
 * req/res, and openid-client's strategy keeps state, nonce and PKCE verifier in `req.session`; this
 * api is stateless Fastify with no session middleware, and wants that record in Redis, short-lived
 * and single use (OidcSignIns). The strategy would add a session layer to get what two calls do.
 */
@Injectable()
export class OidcProviders {
  private readonly logger = new Logger(OidcProviders.name);
  private readonly configurations = new Map<string, Promise<oidc.Configuration>>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** The configured provider of this name, or IDENTITY.OIDC_PROVIDER_NOT_FOUND. */
  settingsOf(name: string): OidcProviderSettings {
    const settings = this.config.oidcProviders.find((provider) => provider.name === name);
    if (!settings) throw IdentityErrors.oidcProviderNotFound(name);
    return settings;
  }

  /** Where the provider sends the browser back; registered at the provider as the client's redirect URI. */
  redirectUri(name: string): string {
    return `${this.config.oidcCallbackBaseUrl}/api/v1/auth/oidc/${name}/callback`;
  }

  async authorizationUrl(name: string, checks: AuthorizationChecks): Promise<string> {
    const configuration = await this.configurationOf(name);
    return oidc
      .buildAuthorizationUrl(configuration, {
        redirect_uri: this.redirectUri(name),
        scope: 'openid email profile',
        state: checks.state,
        nonce: checks.nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(checks.codeVerifier),
        code_challenge_method: 'S256',
      })
      .toString();
  }

  /**
   * Redeems the code of the provider's redirect (`query`: its query string) with the PKCE verifier,
   * verifies the ID token (signature, issuer, audience, expiry, nonce) and the state, and reads the
   * email from the userinfo endpoint (checked to be about the same subject).
   */
  async redeem(name: string, query: string, checks: AuthorizationChecks): Promise<ProvedIdentity> {
    const configuration = await this.configurationOf(name);
    const callback = new URL(this.redirectUri(name));
    callback.search = query;
    try {
      const tokens = await oidc.authorizationCodeGrant(configuration, callback, {
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        pkceCodeVerifier: checks.codeVerifier,
        idTokenExpected: true,
      });
      const claims = tokens.claims()!;
      const userinfo = await oidc.fetchUserInfo(configuration, tokens.access_token, claims.sub);
      const email = typeof userinfo.email === 'string' ? userinfo.email.trim().toLowerCase() : null;
      return {
        provider: name,
        issuer: claims.iss,
        subject: claims.sub,
        email,
        emailVerified: email !== null && userinfo.email_verified === true,
        name: typeof userinfo.name === 'string' ? userinfo.name : null,
      };
    } catch (error) {
      throw this.refusal(error);
    }
  }

  private configurationOf(name: string): Promise<oidc.Configuration> {
    const settings = this.settingsOf(name);
    let configuration = this.configurations.get(name);
    if (!configuration) {
      const issuer = new URL(settings.issuer);
      // Plain HTTP is accepted by the configuration only for a provider on this machine outside production.
      const execute = issuer.protocol === 'http:' ? [oidc.allowInsecureRequests] : [];
      configuration = oidc.discovery(issuer, settings.clientId, settings.clientSecret, undefined, { execute }).catch((error: unknown) => {
        this.configurations.delete(name);
        this.logger.warn(`OpenID provider ${name} (${settings.issuer}) cannot be discovered: ${(error as Error).message}`);
        throw IdentityErrors.oidcProviderUnavailable();
      });
      this.configurations.set(name, configuration);
    }
    return configuration;
  }

  /** The provider could not be reached (503), or its answer proved nothing (401: a bad code, state, nonce, signature…). */
  private refusal(error: unknown): DomainError {
    if (error instanceof DomainError) return error;
    if (error instanceof TypeError) {
      this.logger.warn(`OpenID provider unreachable: ${error.message}`);
      return IdentityErrors.oidcProviderUnavailable();
    }
    const { code, error: oauthError } = error as { code?: string; error?: string };
    return IdentityErrors.oidcSignInFailed(oauthError ?? code ?? 'rejected');
  }
}
