/**
 * Managers and admins add someone to a project with a project role. The user is chosen among the
 * platform's accounts (`users`: every organization, searchable by e-mail or name); accounts that are
 * already members or deactivated are listed but cannot be chosen.
 */
import { useDeferredValue, useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import { Field } from '../ui/Field';
import { FormFooter } from '../ui/FormFooter';
import { fieldError, readFormErrors } from '../ui/form-errors';
import { PROJECT_ROLES, projectRoleLabel } from './format';

/** Also changes the role of someone who is already a member. */
export const AddProjectMemberMutation = graphql(`
  mutation AddProjectMember($projectId: ID!, $userId: ID!, $role: String!) {
    addProjectMember(projectId: $projectId, userId: $userId, role: $role) {
      role
      addedAt
      user {
        id
        email
        fullName
      }
    }
  }
`);

const MemberCandidatesQuery = graphql(`
  query MemberCandidates($first: Int!, $search: String) {
    users(first: $first, search: $search) {
      totalCount
      nodes {
        id
        email
        fullName
        isActive
      }
    }
  }
`);

const CANDIDATES = 20;

interface AddMemberFormProps {
  projectId: string;
  /** Ids of the current members. */
  memberIds: readonly string[];
  onDone(): void;
}

export function AddMemberForm({ projectId, memberIds, onDone }: AddMemberFormProps) {
  const [search, setSearch] = useState('');
  const [userId, setUserId] = useState('');
  const [role, setRole] = useState<string>('member');
  // Typing stays fluid; the query follows the settled text.
  const searched = useDeferredValue(search.trim());
  const [{ data, error: listError }] = useQuery({ query: MemberCandidatesQuery, variables: { first: CANDIDATES, search: searched || null } });
  const candidates = data?.users.nodes ?? [];
  const unavailable = (user: { id: string; isActive: boolean }) => (memberIds.includes(user.id) ? 'already a member' : user.isActive ? null : 'deactivated');
  // A choice the current search no longer lists is no choice.
  const chosen = candidates.some((user) => user.id === userId && !unavailable(user)) ? userId : '';
  const [result, add] = useMutation(AddProjectMemberMutation);
  const errors = readFormErrors(result.error);
  const formError = errors.form ?? fieldError(errors, 'projectId');

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const { data: added } = await add({ projectId, userId: chosen, role });
    if (added?.addProjectMember) onDone();
  }

  return (
    <form className="card form inline-form" onSubmit={submit} aria-label="Add a project member" noValidate>
      <h2>Add a member</h2>
      <Field label="Find a user" type="search" placeholder="E-mail or name" value={search} onChange={setSearch} error={null} autoFocus />
      <div className="field">
        <label htmlFor="member-user">User</label>
        <select id="member-user" name="userId" value={chosen} onChange={(e) => setUserId(e.target.value)}>
          <option value="">{data && candidates.length === 0 ? `No user matches “${searched}”` : 'Choose a user'}</option>
          {candidates.map((user) => {
            const reason = unavailable(user);
            return (
              <option key={user.id} value={user.id} disabled={reason !== null}>
                {`${user.email}${user.fullName ? ` · ${user.fullName}` : ''}${reason ? ` (${reason})` : ''}`}
              </option>
            );
          })}
        </select>
        {data && data.users.totalCount > candidates.length && (
          <span className="muted small">
            Showing {candidates.length} of {data.users.totalCount} users: narrow the search to find others.
          </span>
        )}
        {listError && !data && <span className="field-error">Could not load users: {listError.graphQLErrors[0]?.message ?? listError.message}</span>}
        {fieldError(errors, 'userId') && <span className="field-error">{fieldError(errors, 'userId')}</span>}
      </div>
      <div className="field">
        <label htmlFor="member-role">Project role</label>
        <select id="member-role" name="role" value={role} onChange={(e) => setRole(e.target.value)}>
          {PROJECT_ROLES.map((r) => (
            <option key={r} value={r}>
              {projectRoleLabel(r)}
            </option>
          ))}
        </select>
        <span className="muted small">Owners and members start jobs and create experiments; viewers only look.</span>
        {fieldError(errors, 'role') && <span className="field-error">{fieldError(errors, 'role')}</span>}
      </div>
      <FormFooter error={formError} busy={result.fetching} submitLabel="Add to project" busyLabel="Adding…" disabled={!chosen} onCancel={onDone} />
    </form>
  );
}
