/**
 * Invitations grant what they name, through the gateway on the whole stack: accepting a dataset
 * invitation grants its Labeler permission (VIEWER → READ_ONLY, EDITOR → READ_WRITE), accepting a
 * project invitation makes the invitee a project member, and only someone who may share a dataset
 * can invite to it. Revoking a grant (at the Labeler) or a membership (`removeProjectMember`) takes
 * effect on the very next request: nothing in the gateway or the subgraphs remembers the old answer.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Role } from '../lib/auth';
import { apiFor, createFixture, type Api } from '../labeler/contract/harness';
import { stableId } from '../subgraphs/platform/seed';
import { startStack, type Stack } from './harness/stack';

const INVITE = `mutation InviteForTest($i: InviteInput!) {
  inviteUser(input: $i) { token invitation { id datasetId datasetPermission projectId status } }
}`;
const ACCEPT = `mutation AcceptForTest($t: String!, $p: String) {
  acceptInvitation(token: $t, password: $p) { accessToken user { id email } }
}`;
const DATASET = 'query DatasetForTest($id: ID!) { dataset(id: $id) { id name myPermission } }';
const PROJECT = 'query ProjectForTest($id: ID!) { project(id: $id) { id myRole viewerCanCreateJobs } }';
const DETECTION = stableId('prj', 'detection');

let stack: Stack;
let labeler: Api;
const tokens = {} as Record<Role, string>;
/** Private datasets: one the manager owns, one the standard engineer owns. */
let managersDataset: string;
let engineersDataset: string;
let counter = 0;

const invite = (token: string, input: Record<string, unknown>) =>
  stack.graphql.request<{ inviteUser: { token: string; invitation: Record<string, unknown> } }>(INVITE, { i: input }, { token });

async function inviteAndAccept(input: Record<string, unknown>, password = 'a good passphrase') {
  const invited = await invite(tokens.manager, input);
  expect(invited.errors).toBeUndefined();
  const accepted = await stack.graphql.request<{ acceptInvitation: { accessToken: string; user: { id: string } } }>(ACCEPT, {
    t: invited.data!.inviteUser.token,
    p: password,
  });
  expect(accepted.errors).toBeUndefined();
  return { invitation: invited.data!.inviteUser.invitation, token: accepted.data!.acceptInvitation.accessToken, id: accepted.data!.acceptInvitation.user.id };
}

const newEmail = () => `invitee-${Date.now()}-${(counter += 1)}@example.com`;

beforeAll(async () => {
  stack = await startStack();
  for (const role of ['admin', 'manager', 'standard_engineer', 'guest'] as const) tokens[role] = await stack.login(`${role}@example.com`);
  labeler = apiFor({ url: stack.urls.labeler, key: stack.labelerServiceKey, userRateLimit: 100, external: false, close: async () => undefined });
  const common = { labeled: true, format: 'coco' as const, classes: ['circle' as const], images: 2, tags: ['invite'] };
  managersDataset = (await createFixture(labeler, { ...common, name: 'managers-private', visibility: 'private', ownerId: Number(stack.userIds.manager) })).id;
  engineersDataset = (
    await createFixture(labeler, { ...common, name: 'engineers-private', visibility: 'private', ownerId: Number(stack.userIds.standard_engineer) })
  ).id;
}, 120_000);

afterAll(async () => {
  await stack?.close();
});

describe('a dataset invitation', () => {
  it('grants READ_ONLY by default (VIEWER) once accepted, and nothing before', async () => {
    const invited = await invite(tokens.manager, { email: newEmail(), role: 'GUEST', datasetId: managersDataset });
    expect(invited.errors).toBeUndefined();
    expect(invited.data!.inviteUser.invitation).toMatchObject({ datasetId: managersDataset, datasetPermission: 'VIEWER', status: 'PENDING' });
    const accepted = await stack.graphql.request<{ acceptInvitation: { accessToken: string } }>(ACCEPT, {
      t: invited.data!.inviteUser.token,
      p: 'a good passphrase',
    });
    const res = await stack.graphql.request(DATASET, { id: managersDataset }, { token: accepted.data!.acceptInvitation.accessToken });
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ dataset: { id: managersDataset, name: 'managers-private', myPermission: 'READ_ONLY' } });
  });

  it('grants READ_WRITE for EDITOR', async () => {
    const invitee = await inviteAndAccept({ email: newEmail(), role: 'STANDARD_ENGINEER', datasetId: managersDataset, datasetPermission: 'EDITOR' });
    expect(invitee.invitation.datasetPermission).toBe('EDITOR');
    expect((await stack.graphql.request(DATASET, { id: managersDataset }, { token: invitee.token })).data).toMatchObject({
      dataset: { myPermission: 'READ_WRITE' },
    });
  });

  it('grants to an existing account that links itself with its password', async () => {
    const before = await stack.graphql.request(DATASET, { id: managersDataset }, { token: tokens.guest });
    expect(before.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const invited = await invite(tokens.manager, { email: 'guest@example.com', role: 'GUEST', datasetId: managersDataset });
    const linked = await stack.graphql.request(ACCEPT, { t: invited.data!.inviteUser.token, p: 'devpass' });
    expect(linked.errors).toBeUndefined();
    expect((await stack.graphql.request(DATASET, { id: managersDataset }, { token: tokens.guest })).data).toMatchObject({
      dataset: { myPermission: 'READ_ONLY' },
    });
    // Revoked at the Labeler: the next request no longer finds it.
    expect((await labeler(`/datasets/${managersDataset}/permissions/${stack.userIds.guest}`, { method: 'DELETE' })).body).toMatchObject({ revoked: true });
    const after = await stack.graphql.request(DATASET, { id: managersDataset }, { token: tokens.guest });
    expect(after.data?.dataset).toBeNull();
    expect(after.errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
  });

  it('is refused to an inviter who may not share the dataset (FORBIDDEN), for an unknown dataset (NOT_FOUND) and for a permission without a dataset', async () => {
    const foreign = await invite(tokens.manager, { email: newEmail(), role: 'GUEST', datasetId: engineersDataset });
    expect(foreign.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(foreign.errors?.[0]?.message).toMatch(/cannot share dataset/);
    const unknown = await invite(tokens.manager, { email: newEmail(), role: 'GUEST', datasetId: 'ds_00000000000000ff' });
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const loose = await invite(tokens.manager, { email: newEmail(), role: 'GUEST', datasetPermission: 'EDITOR' });
    expect(loose.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: { datasetPermission: expect.any(String) } });
    const malformed = await invite(tokens.manager, { email: newEmail(), role: 'GUEST', datasetId: 'not-a-dataset' });
    expect(malformed.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: { datasetId: expect.any(String) } });
  });

  it('may be sent by a platform admin for any dataset', async () => {
    const invited = await invite(tokens.admin, { email: newEmail(), role: 'GUEST', datasetId: engineersDataset });
    expect(invited.errors).toBeUndefined();
  });
});

describe('a project invitation', () => {
  it('makes the invitee a project member who may start jobs; removing the member takes effect on the next request', async () => {
    const invitee = await inviteAndAccept({ email: newEmail(), role: 'STANDARD_ENGINEER', projectId: DETECTION });
    expect(invitee.invitation.projectId).toBe(DETECTION);
    const member = await stack.graphql.request(PROJECT, { id: DETECTION }, { token: invitee.token });
    expect(member.errors).toBeUndefined();
    expect(member.data).toEqual({ project: { id: DETECTION, myRole: 'member', viewerCanCreateJobs: true } });

    const removed = await stack.graphql.request(
      'mutation RemoveForTest($p: ID!, $u: ID!) { removeProjectMember(projectId: $p, userId: $u) }',
      { p: DETECTION, u: invitee.id },
      { token: tokens.manager },
    );
    expect(removed.errors).toBeUndefined();
    expect((await stack.graphql.request(PROJECT, { id: DETECTION }, { token: invitee.token })).data).toEqual({ project: null });
  });
});
