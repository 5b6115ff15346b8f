/** Direct GraphQL calls to the gateway, for a test to arrange data or act "through the API". */
export interface GraphQLResponse<T> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[];
}

export async function callGateway<T>(origin: string, token: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(`${origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as GraphQLResponse<T>;
  if (!body.data || body.errors?.length) throw new Error(`GraphQL call failed (${response.status}): ${JSON.stringify(body.errors)}`);
  return body.data;
}

export interface ListedJob {
  id: string;
  name: string;
  status: string;
  owner: { email: string };
  dataset: { name: string } | null;
}

export async function listJobs(origin: string, token: string): Promise<ListedJob[]> {
  const data = await callGateway<{ trainingJobs: { nodes: ListedJob[] } }>(
    origin,
    token,
    '{ trainingJobs(first: 20) { nodes { id name status owner { email } dataset { name } } } }',
  );
  return data.trainingJobs.nodes;
}

export async function cancelJob(origin: string, token: string, id: string): Promise<string> {
  const data = await callGateway<{ cancelTrainingJob: { status: string } }>(
    origin,
    token,
    'mutation ($id: ID!) { cancelTrainingJob(id: $id) { status } }',
    { id },
  );
  return data.cancelTrainingJob.status;
}
