/** Routes of the model registry: `/models` and `/models/<id>`. */
import type { UserRole } from '../../gql/graphql';
import { ModelPage } from './ModelPage';
import { ModelsPage } from './ModelsPage';

const MODEL_PATH = /^\/models\/([^/]+)\/?$/;

export const isModelsPath = (path: string) => /^\/models\/?$/.test(path) || MODEL_PATH.test(path);

function decodeId(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

export function ModelsSection({ path, role }: { path: string; role: UserRole }) {
  const model = MODEL_PATH.exec(path)?.[1];
  if (model) return <ModelPage key={model} id={decodeId(model)} role={role} />;
  return <ModelsPage />;
}
