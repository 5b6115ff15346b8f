/**
 * `@access(role:)` enforcement. Every root field of a subgraph's SDL must declare who may run it;
 * `enforceAccess` wraps the root resolvers so the subgraph itself refuses callers below the
 * declared role, whatever the gateway did. A root field without `@access` is a start-up error.
 */
import { Kind, type DocumentNode, type GraphQLFieldResolver, type GraphQLSchema, type StringValueNode } from 'graphql';
import { ROLES, requireRole, requireUser, type AuthUser, type Role } from './auth';

export type AccessRule = 'public' | Role;
export const ROOT_TYPES = ['Query', 'Mutation', 'Subscription'] as const;

/** `{ "Query.me": "public", "Mutation.cancelTrainingJob": "standard_engineer", … }` from an SDL document. */
export function accessRules(typeDefs: DocumentNode): Map<string, AccessRule> {
  const rules = new Map<string, AccessRule>();
  for (const def of typeDefs.definitions) {
    if (def.kind !== Kind.OBJECT_TYPE_DEFINITION && def.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
    if (!(ROOT_TYPES as readonly string[]).includes(def.name.value)) continue;
    for (const field of def.fields ?? []) {
      const key = `${def.name.value}.${field.name.value}`;
      const directive = field.directives?.find((d) => d.name.value === 'access');
      const arg = directive?.arguments?.find((a) => a.name.value === 'role');
      if (!arg || arg.value.kind !== Kind.STRING) throw new Error(`${key} declares no @access(role:) in the SDL`);
      const role = (arg.value as StringValueNode).value;
      if (role !== 'public' && !(ROLES as readonly string[]).includes(role)) throw new Error(`${key}: unknown @access role "${role}"`);
      rules.set(key, role as AccessRule);
    }
  }
  return rules;
}

/** Throws UNAUTHENTICATED / FORBIDDEN when `user` may not run a field with `rule`. */
export function checkAccess(rule: AccessRule, user: AuthUser | null | undefined): void {
  if (rule === 'public') return;
  if (rule === 'guest') requireUser(user);
  else requireRole(user, rule);
}

type ResolverMap = Record<string, Record<string, unknown>>;
type ContextWithUser = { user: AuthUser | null };

/**
 * Wrap each root resolver of `resolvers` with its access check. Subscription fields are
 * `{ subscribe, resolve? }` objects: the check runs before `subscribe`.
 */
export function enforceAccess<R extends object>(typeDefs: DocumentNode, resolvers: R): R {
  const rules = accessRules(typeDefs);
  const out: ResolverMap = { ...(resolvers as unknown as ResolverMap) };
  for (const [key, rule] of rules) {
    const [typeName, fieldName] = key.split('.') as [string, string];
    const typeResolvers = out[typeName];
    const resolver = typeResolvers?.[fieldName];
    if (!typeResolvers || resolver === undefined) throw new Error(`${key} is in the SDL but has no resolver`);
    let wrapped: unknown;
    if (typeof resolver === 'function') {
      const fn = resolver as GraphQLFieldResolver<unknown, ContextWithUser>;
      wrapped = (parent: unknown, args: Record<string, unknown>, ctx: ContextWithUser, info: Parameters<typeof fn>[3]) => {
        checkAccess(rule, ctx.user);
        return fn(parent, args, ctx, info);
      };
    } else {
      const sub = resolver as { subscribe: GraphQLFieldResolver<unknown, ContextWithUser>; resolve?: unknown };
      wrapped = {
        ...sub,
        subscribe: (parent: unknown, args: Record<string, unknown>, ctx: ContextWithUser, info: Parameters<typeof sub.subscribe>[3]) => {
          checkAccess(rule, ctx.user);
          return sub.subscribe(parent, args, ctx, info);
        },
      };
    }
    out[typeName] = { ...out[typeName], [fieldName]: wrapped };
  }
  return out as unknown as R;
}

/**
 * `_entities` is a root field that `buildSubgraphSchema` adds without `@access`: the gateway uses it,
 * and so can anyone who reaches a subgraph. It needs a verified caller (the gateway forwards the
 * caller's token); each `__resolveReference` then applies the same rules as the root fields.
 * Checked once per request, not once per representation, so an anonymous batch costs one error.
 */
export function requireCallerForEntities(schema: GraphQLSchema): GraphQLSchema {
  const field = schema.getQueryType()?.getFields()._entities;
  if (!field?.resolve) throw new Error('the subgraph schema has no _entities resolver to guard');
  const resolve = field.resolve as GraphQLFieldResolver<unknown, ContextWithUser>;
  field.resolve = (parent, args, ctx: ContextWithUser, info) => {
    checkAccess('guest', ctx.user);
    return resolve(parent, args, ctx, info);
  };
  return schema;
}
