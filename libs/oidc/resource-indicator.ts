/**
 * RFC 8707 names the API a token is for with a `resource` parameter that must be an absolute URI,
 * while Closer's audience is a plain name by default (`closer-api`, as Entra ID or Keycloak would
 * let an administrator choose). The local provider and its clients agree on this one mapping; the
 * access token's `aud` stays the audience itself.
 */
export function resourceIndicatorFor(audience: string): string {
  return /^[a-z][a-z0-9+.-]*:/i.test(audience) && URL.canParse(audience) ? audience : `urn:closer:audience:${audience}`;
}
