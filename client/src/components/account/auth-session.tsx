/**
 * What every mutation that logs someone in (`login`, `acceptInvitation`) asks for, and how the
 * answer becomes the session's tokens: one fragment, so both pages store the same pair.
 */
import { graphql, useFragment, type FragmentType } from '../../gql';
import type { SessionTokens } from '../../session';

export const AuthSessionFragment = graphql(`
  fragment AuthSession_payload on AuthPayload {
    accessToken
    refreshToken
    user {
      id
      email
      role
    }
  }
`);

export function sessionTokensOf(payload: FragmentType<typeof AuthSessionFragment>): SessionTokens {
  // `useFragment` only unmasks the type: a plain function despite its name, safe outside render.
  // eslint-disable-next-line react-hooks/rules-of-hooks
  const { accessToken, refreshToken } = useFragment(AuthSessionFragment, payload);
  return { accessToken, refreshToken };
}
