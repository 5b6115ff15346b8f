import { describe, expect, it } from '@jest/globals';
import { parseUsersEnv, signupModeOf } from './env';

describe('users subgraph settings', () => {
  it('makes sign-up invite-only in production and open elsewhere unless SIGNUP_MODE says otherwise', () => {
    expect(signupModeOf({ NODE_ENV: 'production', SIGNUP_MODE: undefined })).toBe('invite');
    expect(signupModeOf({ NODE_ENV: 'development', SIGNUP_MODE: undefined })).toBe('open');
    expect(signupModeOf({ NODE_ENV: 'production', SIGNUP_MODE: 'open' })).toBe('open');
    expect(parseUsersEnv({ NODE_ENV: 'test', SIGNUP_MODE: 'invite' }).signupMode).toBe('invite');
  });

  it('refuses an unknown sign-up mode and nonsense limits, listing every problem', () => {
    expect(() => parseUsersEnv({ SIGNUP_MODE: 'anyone', LOGIN_MAX_FAILURES_PER_ACCOUNT: '0', TRUSTED_PROXY_HOPS: '0' })).toThrow(
      /SIGNUP_MODE[\s\S]*LOGIN_MAX_FAILURES_PER_ACCOUNT[\s\S]*TRUSTED_PROXY_HOPS/,
    );
  });
});
