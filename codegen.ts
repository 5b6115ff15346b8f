/**
 * Generated code, committed and checked for drift (`npm run codegen:check`):
 * resolver types per subgraph (federation-aware) and typed documents for the console.
 * Each subgraph's section names its context type and, as entities appear, its mappers.
 */
import type { CodegenConfig } from '@graphql-codegen/cli';
import { addTypenameSelectionDocumentTransform } from '@graphql-codegen/client-preset';

const resolverPlugins = ['typescript', 'typescript-resolvers'];
const common = { federation: true, useIndexSignature: true, enumsAsTypes: true, useTypeImports: true, avoidOptionals: false };

const config: CodegenConfig = {
  overwrite: true,
  hooks: {},
  generates: {
    'subgraphs/users/__generated__/resolvers-types.ts': {
      schema: 'schema/users.graphql',
      plugins: resolverPlugins,
      config: {
        ...common,
        contextType: '../context#UsersContext',
        mappers: {
          User: '../user/user.entity#UserRecord',
          Organization: '../organization/organization.entity#OrganizationRecord',
          Invitation: '../invitation/invitation.entity#InvitationRecord',
          ProjectMember: '../project-member/project-member.entity#ProjectMemberRecord',
        },
      },
    },
    'subgraphs/platform/__generated__/resolvers-types.ts': {
      schema: 'schema/platform.graphql',
      plugins: resolverPlugins,
      config: {
        ...common,
        contextType: '../context#PlatformContext',
        mappers: {
          Project: '../project/project.entity#ProjectRecord',
          Experiment: '../project/experiment.entity#ExperimentRecord',
          ProjectMember: '../project/project-access#ProjectMemberRow',
          ProjectConnection: '../project/project.service#ProjectPage',
          TrainingJob: '../training-job/training-job.entity#TrainingJobRecord',
          TrainingJobConnection: '../training-job/training-job.service#TrainingJobPage',
          Model: '../model/model.entity#ModelRecord',
          ModelVersion: '../model/model.entity#ModelVersionRecord',
          ModelExport: '../model/model.entity#ModelExportRecord',
          InferenceJob: '../model/model.entity#InferenceJobRecord',
          Deployment: '../deployment/runtime#DeploymentRow',
          DeploymentApiKey: '../deployment/deployment.service#DeploymentApiKeyRow',
          ModelConnection: '../model/model.service#ModelPage',
          Dataset: '../snapshot/snapshot.entity#DatasetRef',
          DatasetSnapshot: '../snapshot/snapshot.entity#DatasetSnapshotRecord',
        },
      },
    },
    'subgraphs/datasets/__generated__/resolvers-types.ts': {
      schema: 'schema/datasets.graphql',
      plugins: resolverPlugins,
      config: {
        ...common,
        contextType: '../context#DatasetsContext',
        mappers: { Dataset: '../dataset/dataset.model#DatasetParent', User: '../dataset/dataset.model#UserRef' },
      },
    },
    // Typed documents for the console: `graphql()` beside each component, fragments unmasked with `useFragment`.
    'client/src/gql/': {
      preset: 'client',
      schema: 'schema/api.graphql',
      documents: ['client/src/**/*.tsx', '!client/src/gql/**'],
      // persistedDocuments: each document carries its sha256 hash (`__meta__.hash`) and
      // persisted-documents.json maps hash → text; the console sends hashes only (trusted documents,
      // decisions.md #43). `__typename` is added here, as urql's cache adds it, so the stored text is
      // exactly what the console would have sent.
      documentTransforms: [addTypenameSelectionDocumentTransform],
      presetConfig: { fragmentMasking: { unmaskFunctionName: 'useFragment' }, persistedDocuments: { mode: 'embedHashInDocument', hashAlgorithm: 'sha256' } },
      config: { enumsAsTypes: true, useTypeImports: true },
    },
  },
};

export default config;
