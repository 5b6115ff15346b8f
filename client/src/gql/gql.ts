/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query Me {\n    me {\n      id\n      email\n      role\n    }\n  }\n": typeof types.MeDocument,
    "\n  fragment JobRow_job on TrainingJob {\n    id\n    name\n    status\n    progress\n    epoch\n    totalEpochs\n    errorMessage\n    updatedAt\n    owner {\n      id\n      email\n    }\n    dataset {\n      id\n      name\n    }\n  }\n": typeof types.JobRow_JobFragmentDoc,
    "\n  subscription JobRowUpdated($id: ID!) {\n    trainingJobUpdated(id: $id) {\n      id\n      status\n      progress\n      epoch\n      totalEpochs\n      errorMessage\n      updatedAt\n    }\n  }\n": typeof types.JobRowUpdatedDocument,
    "\n  mutation CancelJob($id: ID!) {\n    cancelTrainingJob(id: $id) {\n      id\n      status\n      updatedAt\n    }\n  }\n": typeof types.CancelJobDocument,
    "\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      accessToken\n      user {\n        id\n        email\n        role\n      }\n    }\n  }\n": typeof types.LoginDocument,
    "\n  query TrainingJobs($first: Int!) {\n    trainingJobs(first: $first) {\n      totalCount\n      nodes {\n        id\n        ...JobRow_job\n      }\n    }\n  }\n": typeof types.TrainingJobsDocument,
};
const documents: Documents = {
    "\n  query Me {\n    me {\n      id\n      email\n      role\n    }\n  }\n": types.MeDocument,
    "\n  fragment JobRow_job on TrainingJob {\n    id\n    name\n    status\n    progress\n    epoch\n    totalEpochs\n    errorMessage\n    updatedAt\n    owner {\n      id\n      email\n    }\n    dataset {\n      id\n      name\n    }\n  }\n": types.JobRow_JobFragmentDoc,
    "\n  subscription JobRowUpdated($id: ID!) {\n    trainingJobUpdated(id: $id) {\n      id\n      status\n      progress\n      epoch\n      totalEpochs\n      errorMessage\n      updatedAt\n    }\n  }\n": types.JobRowUpdatedDocument,
    "\n  mutation CancelJob($id: ID!) {\n    cancelTrainingJob(id: $id) {\n      id\n      status\n      updatedAt\n    }\n  }\n": types.CancelJobDocument,
    "\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      accessToken\n      user {\n        id\n        email\n        role\n      }\n    }\n  }\n": types.LoginDocument,
    "\n  query TrainingJobs($first: Int!) {\n    trainingJobs(first: $first) {\n      totalCount\n      nodes {\n        id\n        ...JobRow_job\n      }\n    }\n  }\n": types.TrainingJobsDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Me {\n    me {\n      id\n      email\n      role\n    }\n  }\n"): (typeof documents)["\n  query Me {\n    me {\n      id\n      email\n      role\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment JobRow_job on TrainingJob {\n    id\n    name\n    status\n    progress\n    epoch\n    totalEpochs\n    errorMessage\n    updatedAt\n    owner {\n      id\n      email\n    }\n    dataset {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  fragment JobRow_job on TrainingJob {\n    id\n    name\n    status\n    progress\n    epoch\n    totalEpochs\n    errorMessage\n    updatedAt\n    owner {\n      id\n      email\n    }\n    dataset {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription JobRowUpdated($id: ID!) {\n    trainingJobUpdated(id: $id) {\n      id\n      status\n      progress\n      epoch\n      totalEpochs\n      errorMessage\n      updatedAt\n    }\n  }\n"): (typeof documents)["\n  subscription JobRowUpdated($id: ID!) {\n    trainingJobUpdated(id: $id) {\n      id\n      status\n      progress\n      epoch\n      totalEpochs\n      errorMessage\n      updatedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelJob($id: ID!) {\n    cancelTrainingJob(id: $id) {\n      id\n      status\n      updatedAt\n    }\n  }\n"): (typeof documents)["\n  mutation CancelJob($id: ID!) {\n    cancelTrainingJob(id: $id) {\n      id\n      status\n      updatedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      accessToken\n      user {\n        id\n        email\n        role\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      accessToken\n      user {\n        id\n        email\n        role\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TrainingJobs($first: Int!) {\n    trainingJobs(first: $first) {\n      totalCount\n      nodes {\n        id\n        ...JobRow_job\n      }\n    }\n  }\n"): (typeof documents)["\n  query TrainingJobs($first: Int!) {\n    trainingJobs(first: $first) {\n      totalCount\n      nodes {\n        id\n        ...JobRow_job\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;