/**
 * Who is calling: produced by protocol/sigv4.ts after authentication, consumed by the service.
 * The (accountId, region) pair is the scope every key, alias and listing lives in.
 */
export interface Caller {
  readonly accountId: string;
  /** From the SigV4 credential scope (`AKID/date/<region>/kms/aws4_request`). */
  readonly region: string;
  readonly accessKeyId: string;
  /** e.g. `arn:aws:iam::111122223333:root`; access control (a later issue) evaluates it. */
  readonly principalArn: string;
}

/** What SigV4 verification needs to know about an access key. */
export interface ResolvedAccessKey {
  readonly secretAccessKey: string;
  readonly accountId: string;
  readonly principalArn: string;
  /**
   * Present for temporary credentials (an STS role session): the request must carry the session
   * token whose SHA-256 (lowercase hex) this is, before `expiresMs` by the service's clock.
   */
  readonly session?: { readonly tokenHash: string; readonly expiresMs: number };
}

/** Looks up an access key's secret and identity; undefined when the key is unknown. */
export interface CredentialResolver {
  resolve(accessKeyId: string): Promise<ResolvedAccessKey | undefined>;
  /**
   * True when (`accessKeyId`, `sessionToken`) has the form of temporary credentials this server
   * issued, whether or not their session still exists. Dev mode asks it of a key `resolve` does not
   * know: a session pruned after its expiry is then refused, never taken for the dev-mode root.
   */
  issuedSession?(accessKeyId: string, sessionToken: string): boolean;
}
