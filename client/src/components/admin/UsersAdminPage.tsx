/**
 * Admins only (`users`, `updateUserRole`, `deactivateUser`): every account, searchable, with its
 * role and state. Changing a role and deactivating both ask for confirmation first.
 */
import { useDeferredValue, useState } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import { DataTable, type Column } from '../ui/DataTable';
import { UserAdminRow } from './UserAdminRow';
import { useDocumentTitle } from '../use-document-title';

const PAGE_SIZE = 50;

const COLUMNS: Column[] = ['User', 'Role', 'Status', 'Since', { label: 'Actions', hidden: true }];

const AdminUsersQuery = graphql(`
  query AdminUsers($first: Int!, $search: String) {
    users(first: $first, search: $search) {
      totalCount
      pageInfo {
        hasNextPage
      }
      nodes {
        id
        ...UserAdminRow_user
      }
    }
  }
`);

export function UsersAdminPage({ viewerId }: { viewerId: string }) {
  useDocumentTitle('Users');
  const [search, setSearch] = useState('');
  const [first, setFirst] = useState(PAGE_SIZE);
  // Typing stays fluid; the query follows the settled text.
  const searched = useDeferredValue(search.trim());
  const [{ data, error, fetching }] = useQuery({ query: AdminUsersQuery, variables: { first, search: searched || null } });
  const users = data?.users;

  return (
    <section aria-labelledby="users-title">
      <div className="section-head">
        <h1 id="users-title">Users</h1>
        {users && (
          <span className="muted" data-testid="users-count">
            {users.nodes.length} of {users.totalCount}
          </span>
        )}
        <input
          type="search"
          className="search"
          placeholder="Search by e-mail or name"
          aria-label="Search users"
          value={search}
          onChange={(e) => {
            setSearch(e.target.value);
            setFirst(PAGE_SIZE);
          }}
        />
      </div>
      {error && !users && (
        <p className="error" role="alert">
          Could not load users: {error.message}
        </p>
      )}
      {fetching && !users && <p className="muted">Loading…</p>}
      {users && users.nodes.length === 0 && <p className="muted">No user matches “{searched}”.</p>}
      {users && users.nodes.length > 0 && (
        <DataTable columns={COLUMNS} className="jobs users">
          {users.nodes.map((user) => (
            <UserAdminRow key={user.id} user={user} viewerId={viewerId} />
          ))}
        </DataTable>
      )}
      {users?.pageInfo.hasNextPage && (
        <p>
          <button type="button" className="secondary" disabled={fetching} onClick={() => setFirst((n) => n + PAGE_SIZE)}>
            Show more
          </button>
        </p>
      )}
    </section>
  );
}
