import { describe, it, expect } from '@jest/globals';
import { readFileSync } from 'node:fs';
import {
  buildSchema,
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isListType,
  Kind,
  print,
  typeFromAST,
  type DocumentNode,
  type GraphQLInputType,
  type OperationDefinitionNode,
} from 'graphql';
import * as consoleDocuments from '../client/src/gql/graphql';
import { apiSchemaPath } from '../lib/schema-files';
import { parseGatewayEnv } from './env';
import { checkGatewayLimits } from './operation-limits';

const schema = buildSchema(readFileSync(apiSchemaPath(), 'utf8'));
const { limits } = parseGatewayEnv({});

/** A value for each required variable; page sizes at their largest (100) so the cost is not underestimated. */
function sampleValue(type: GraphQLInputType): unknown {
  const nullable = getNullableType(type);
  if (isListType(nullable)) return [sampleValue(nullable.ofType)];
  const named = getNamedType(nullable);
  if (isEnumType(named)) return named.getValues()[0]!.value;
  if (isInputObjectType(named)) return {};
  return ({ Int: 100, Float: 1, Boolean: true } as Record<string, unknown>)[named.name] ?? 'x';
}

function sampleVariables(document: DocumentNode): Record<string, unknown> {
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const variables: Record<string, unknown> = {};
  for (const definition of operation?.variableDefinitions ?? []) {
    const type = typeFromAST(schema, definition.type) as GraphQLInputType | undefined;
    if (type) variables[definition.variable.name.value] = sampleValue(type);
  }
  return variables;
}

const documents = Object.entries(consoleDocuments).filter(([name]) => name.endsWith('Document')) as Array<[string, DocumentNode]>;

describe('the default operation limits', () => {
  it.each(documents)("let the console's %s through for a logged-in user", (_name, document) => {
    expect(
      checkGatewayLimits(limits, schema, print(document), { variables: sampleVariables(document) }, { id: '1', email: 'a@b.c', role: 'guest' }),
    ).toBeUndefined();
  });

  it.each(['LoginDocument', 'AcceptInvitationDocument', 'InvitationPreviewDocument'])("let the console's %s through for an anonymous caller", (name) => {
    const document = documents.find(([n]) => n === name)![1];
    expect(checkGatewayLimits(limits, schema, print(document), { variables: sampleVariables(document) }, null)).toBeUndefined();
  });
});
