/**
 * Asks the API for a fresh presigned URL (the subgraph checks the caller's permission first) and
 * sends the browser straight to the object store: the archive's bytes never pass through GraphQL.
 */
import { useState } from 'react';
import { useClient } from 'urql';
import { graphql } from '../../gql';
import { classifyError, problemMessage } from './dataset-errors';

/** Short-lived on purpose: the URL is used at once. */
const EXPIRES_IN_SECONDS = 300;

const DatasetDownloadUrlQuery = graphql(`
  query DatasetDownloadUrl($id: ID!, $expiresIn: Int!) {
    dataset(id: $id) {
      id
      downloadUrl(expiresIn: $expiresIn) {
        url
        expiresAt
      }
    }
  }
`);

export function DownloadButton({ datasetId, datasetName }: { datasetId: string; datasetName: string }) {
  const client = useClient();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  async function download() {
    setBusy(true);
    setMessage(null);
    try {
      const result = await client
        .query(DatasetDownloadUrlQuery, { id: datasetId, expiresIn: EXPIRES_IN_SECONDS }, { requestPolicy: 'network-only' })
        .toPromise();
      const url = result.data?.dataset?.downloadUrl.url;
      if (url) {
        // The archive is served as an attachment type, so the console stays on this page.
        window.location.assign(url);
      } else {
        setMessage(problemMessage(classifyError(result.error) ?? 'other', result.error));
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="download">
      <button type="button" className="primary" onClick={() => void download()} disabled={busy} aria-label={`Download ${datasetName}`}>
        {busy ? 'Preparing download…' : 'Download'}
      </button>
      {message && (
        <p className="error small" role="alert" data-testid="download-problem">
          {message}
        </p>
      )}
    </div>
  );
}
