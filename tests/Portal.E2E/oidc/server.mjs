// A real OpenID Connect provider (oidc-provider) for the portal's organisation sign-in test.
// Usage: node server.mjs <port> <portal-redirect-uri>. Any login name is accepted and becomes the
// subject and e-mail (verified), as an organisation's directory would assert them.
import Provider from 'oidc-provider';

const [port, redirectUri] = process.argv.slice(2);
const provider = new Provider(`http://127.0.0.1:${port}`, {
  clients: [{
    client_id: 'portal-e2e',
    client_secret: 'portal-e2e-secret',
    redirect_uris: [redirectUri],
    post_logout_redirect_uris: [redirectUri.replace('/signin-oidc', '/signout-callback-oidc')],
    response_types: ['code'],
    grant_types: ['authorization_code'],
    token_endpoint_auth_method: 'client_secret_post',
  }],
  async findAccount(ctx, id) {
    // The directory makes whoever signs in as ops@... centre staff (an app role), to prove the mapping.
    const roles = id.startsWith('ops@') ? ['PortalStaff'] : [];
    // "unverified+someone@..." asserts someone's address without vouching for it.
    const unverified = id.startsWith('unverified+');
    const email = unverified ? id.slice('unverified+'.length) : id;
    return { accountId: id, async claims() { return { sub: id, email, email_verified: !unverified, name: id, roles }; } };
  },
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'roles'] },
  scopes: ['openid', 'email', 'profile'],
  pkce: { required: () => false },
  features: { devInteractions: { enabled: true } },
  cookies: { keys: ['portal-e2e-cookie-key'] },
});
provider.listen(Number(port), '127.0.0.1', () => console.log(`oidc-provider ready on ${port}`));
