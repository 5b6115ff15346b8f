/**
 * Generated code, committed and checked for drift (`npm run codegen:check`):
 * resolver types per subgraph (federation-aware) and typed documents for the console.
 * Each subgraph's section names its context type and, as entities appear, its mappers.
 */
import type { CodegenConfig } from '@graphql-codegen/cli';

const resolverPlugins = ['typescript', 'typescript-resolvers'];
const common = { federation: true, useIndexSignature: true, enumsAsTypes: true, useTypeImports: true, avoidOptionals: false };

const config: CodegenConfig = {
  overwrite: true,
  hooks: {},
  generates: {
    'subgraphs/users/__generated__/resolvers-types.ts': {
      schema: 'schema/users.graphql',
      plugins: resolverPlugins,
      config: { ...common, contextType: '../context#UsersContext', mappers: {} },
    },
    'subgraphs/platform/__generated__/resolvers-types.ts': {
      schema: 'schema/platform.graphql',
      plugins: resolverPlugins,
      config: { ...common, contextType: '../context#PlatformContext', mappers: {} },
    },
    'subgraphs/datasets/__generated__/resolvers-types.ts': {
      schema: 'schema/datasets.graphql',
      plugins: resolverPlugins,
      config: { ...common, contextType: '../context#DatasetsContext', mappers: {} },
    },
  },
};

export default config;
