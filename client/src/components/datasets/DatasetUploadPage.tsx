/**
 * `/datasets/new`: create a dataset and upload its images and annotation files (COCO JSON, YOLO
 * txt, VOC XML). Each file goes straight from the browser to the bucket in presigned parts, with a
 * progress bar per file and one for the total; a dropped connection is retried from the parts the
 * server recorded, and a file that still fails can be resumed. Finally the Labeler validates and
 * indexes the dataset and the page lists its per-file problems.
 */
import { useState, type FormEvent } from 'react';
import { useClient } from 'urql';
import { graphql } from '../../gql';
import { Field } from '../ui/Field';
import { ProgressBar } from '../ui/ProgressBar';
import { readFormErrors, fieldError } from '../ui/form-errors';
import { navigate } from '../navigation';
import { useDocumentTitle } from '../use-document-title';
import { datasetPathOf, transferFile, type UploadPlan } from './upload';
import { formatBytes } from '../ui/format-bytes';
import type { UserRole } from '../../gql/graphql';
import { createDatasetDenial } from '../roles';

const CreateDatasetMutation = graphql(`
  mutation CreateDatasetForUpload($input: CreateDatasetInput!) {
    createDataset(input: $input) {
      id
      name
    }
  }
`);

const StartUploadMutation = graphql(`
  mutation StartDatasetUpload($input: StartDatasetUploadInput!) {
    startDatasetUpload(input: $input) {
      id
      partSize
      partCount
      uploadedParts {
        partNumber
      }
      partUrls {
        partNumber
        url
      }
    }
  }
`);

const UploadStatusQuery = graphql(`
  query DatasetUploadStatus($datasetId: ID!, $uploadId: ID!) {
    datasetUpload(datasetId: $datasetId, uploadId: $uploadId) {
      id
      partSize
      partCount
      uploadedParts {
        partNumber
      }
      partUrls {
        partNumber
        url
      }
    }
  }
`);

const ConfirmPartMutation = graphql(`
  mutation ConfirmDatasetUploadPart($datasetId: ID!, $uploadId: ID!, $partNumber: Int!, $etag: String!) {
    confirmDatasetUploadPart(datasetId: $datasetId, uploadId: $uploadId, partNumber: $partNumber, etag: $etag) {
      partNumber
    }
  }
`);

const CompleteUploadMutation = graphql(`
  mutation CompleteDatasetUpload($datasetId: ID!, $uploadId: ID!) {
    completeDatasetUpload(datasetId: $datasetId, uploadId: $uploadId) {
      id
      state
    }
  }
`);

const FinalizeMutation = graphql(`
  mutation FinalizeUploadedDataset($id: ID!) {
    finalizeDataset(id: $id) {
      numImages
      numAnnotations
      classNames
      problems {
        path
        code
        message
      }
      problemsTruncated
    }
  }
`);

type FileState = {
  name: string;
  path: string;
  size: number;
  sent: number;
  status: 'waiting' | 'uploading' | 'done' | 'failed';
  error?: string;
  uploadId?: string;
};
type Validation = {
  numImages: number;
  numAnnotations: number;
  classNames: string[];
  problems: Array<{ path: string; code: string; message: string }>;
  problemsTruncated: boolean;
};

const PROBLEM_LABELS: Record<string, string> = {
  bad_image: 'Not a valid image',
  missing_image: 'Annotation for a missing image',
  unknown_class: 'Unknown class',
  bad_annotation: 'Unreadable annotation',
  annotation_too_large: 'Annotation file too large',
  bad_zip: 'Unreadable zip',
  zip_too_large: 'Zip expands too far',
  zip_encrypted: 'Encrypted zip entry',
  zip_unsupported_method: 'Unsupported zip compression',
  unsafe_path: 'Path outside the dataset',
  bad_path: 'Invalid file name',
  unsupported_file: 'Not an image or annotation file',
  file_too_large: 'File too large',
};

/** The upload form, or why the viewer's role may not create datasets (the page can be reached by its address). */
export function DatasetUploadPage({ role }: { role: UserRole }) {
  const denial = createDatasetDenial(role);
  return denial ? <UploadDenied denial={denial} /> : <DatasetUploadForm />;
}

function UploadDenied({ denial }: { denial: string }) {
  useDocumentTitle('New dataset');
  return (
    <section aria-labelledby="upload-title">
      <div className="section-head">
        <h1 id="upload-title">New dataset</h1>
      </div>
      <p className="notice" role="status" data-testid="upload-denied">
        {denial}
      </p>
    </section>
  );
}

function DatasetUploadForm() {
  useDocumentTitle('New dataset');
  const client = useClient();
  const [name, setName] = useState('');
  const [format, setFormat] = useState('coco');
  const [visibility, setVisibility] = useState('private');
  const [classNames, setClassNames] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [states, setStates] = useState<FileState[]>([]);
  const [datasetId, setDatasetId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<ReturnType<typeof readFormErrors> | null>(null);
  const [validation, setValidation] = useState<Validation | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const update = (index: number, patch: Partial<FileState>) => setStates((all) => all.map((s, i) => (i === index ? { ...s, ...patch } : s)));
  const total = states.reduce((sum, s) => sum + s.size, 0);
  const sent = states.reduce((sum, s) => sum + s.sent, 0);

  async function uploadOne(id: string, index: number, file: File, uploadId?: string): Promise<boolean> {
    const path = datasetPathOf(file.name, format);
    update(index, { status: 'uploading', error: undefined });
    try {
      let plan: UploadPlan;
      if (uploadId) {
        const res = await client.query(UploadStatusQuery, { datasetId: id, uploadId }, { requestPolicy: 'network-only' }).toPromise();
        if (!res.data?.datasetUpload) throw res.error ?? new Error('The upload is gone');
        plan = res.data.datasetUpload;
      } else {
        const res = await client
          .mutation(StartUploadMutation, { input: { datasetId: id, path, sizeBytes: file.size, contentType: file.type || null } })
          .toPromise();
        if (!res.data) throw res.error ?? new Error('The upload could not start');
        plan = res.data.startDatasetUpload;
      }
      update(index, { uploadId: plan.id });
      await transferFile(
        file,
        plan,
        {
          confirm: async (partNumber, etag) => {
            const res = await client.mutation(ConfirmPartMutation, { datasetId: id, uploadId: plan.id, partNumber, etag }).toPromise();
            if (res.error) throw res.error;
          },
          refresh: async () => {
            const res = await client.query(UploadStatusQuery, { datasetId: id, uploadId: plan.id }, { requestPolicy: 'network-only' }).toPromise();
            if (!res.data?.datasetUpload) throw res.error ?? new Error('The upload is gone');
            return res.data.datasetUpload;
          },
          complete: async () => {
            const res = await client.mutation(CompleteUploadMutation, { datasetId: id, uploadId: plan.id }).toPromise();
            if (res.error) throw res.error;
          },
        },
        (bytes) => update(index, { sent: bytes }),
      );
      update(index, { status: 'done', sent: file.size });
      return true;
    } catch (error) {
      const message = (error as { graphQLErrors?: Array<{ message: string }> }).graphQLErrors?.[0]?.message ?? (error as Error).message;
      update(index, { status: 'failed', error: message });
      return false;
    }
  }

  async function finalize(id: string) {
    const res = await client.mutation(FinalizeMutation, { id }).toPromise();
    if (res.data) setValidation(res.data.finalizeDataset);
    else setFailure(res.error?.graphQLErrors[0]?.message ?? 'Validation failed; try again.');
  }

  async function runUploads(id: string, which: number[], list: FileState[]) {
    setBusy(true);
    setFailure(null);
    let allDone = true;
    for (const index of which) allDone = (await uploadOne(id, index, files[index]!, list[index]?.uploadId)) && allDone;
    if (allDone) await finalize(id);
    else setFailure('Some files did not finish uploading. Resume them to continue where they stopped.');
    setBusy(false);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFormError(null);
    if (files.length === 0) {
      setFailure('Choose at least one file.');
      return;
    }
    setBusy(true);
    const res = await client
      .mutation(CreateDatasetMutation, {
        input: {
          name,
          format,
          visibility,
          classNames: classNames
            .split(',')
            .map((c) => c.trim())
            .filter(Boolean),
        },
      })
      .toPromise();
    const created = res.data?.createDataset;
    if (!created) {
      setFormError(readFormErrors(res.error));
      setBusy(false);
      return;
    }
    setDatasetId(created.id);
    const initial = files.map((f) => ({ name: f.name, path: datasetPathOf(f.name, format), size: f.size, sent: 0, status: 'waiting' as const }));
    setStates(initial);
    await runUploads(
      created.id,
      files.map((_, i) => i),
      initial,
    );
  }

  const failed = states.map((s, i) => (s.status === 'failed' ? i : -1)).filter((i) => i >= 0);
  const errors = formError;

  return (
    <section aria-labelledby="upload-title">
      <div className="section-head">
        <h1 id="upload-title">New dataset</h1>
      </div>
      {!datasetId && (
        <form className="card form" onSubmit={submit} noValidate data-testid="upload-form">
          <Field label="Dataset name" value={name} onChange={setName} error={errors ? fieldError(errors, 'name') : null} />
          <div className="field">
            <label htmlFor="upload-format">Annotation format</label>
            <select id="upload-format" value={format} onChange={(e) => setFormat(e.target.value)}>
              <option value="coco">COCO (JSON)</option>
              <option value="yolo">YOLO (txt)</option>
              <option value="voc">Pascal VOC (XML)</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="upload-visibility">Visibility</label>
            <select id="upload-visibility" value={visibility} onChange={(e) => setVisibility(e.target.value)}>
              <option value="private">Private</option>
              <option value="organization">Organization</option>
              <option value="public">Public</option>
            </select>
          </div>
          <Field
            label="Class names"
            value={classNames}
            onChange={setClassNames}
            error={errors ? fieldError(errors, 'classNames') : null}
            hint="Comma-separated, in label order; only needed when the annotation files do not name them."
          />
          <div className="field">
            <label htmlFor="upload-files">Images and annotation files, or a zip of them</label>
            <input
              id="upload-files"
              type="file"
              multiple
              accept=".png,.jpg,.jpeg,.bmp,.webp,.tif,.tiff,.json,.txt,.xml,.yaml,.yml,.names,.zip"
              onChange={(e) => setFiles([...(e.target.files ?? [])])}
            />
            <span className="muted small">
              {files.length} file(s), {formatBytes(files.reduce((s, f) => s + f.size, 0))}
            </span>
          </div>
          {errors?.form && (
            <p className="error" role="alert">
              {errors.form}
            </p>
          )}
          {failure && (
            <p className="error" role="alert">
              {failure}
            </p>
          )}
          <div className="form-footer">
            <button type="submit" disabled={busy}>
              Create and upload
            </button>
            <button type="button" className="secondary" onClick={() => navigate('/datasets')}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {datasetId && (
        <div className="card form" data-testid="upload-progress">
          <h2>Uploading</h2>
          <div data-testid="upload-total">
            <ProgressBar value={total ? (sent / total) * 100 : 100} label="Total upload" detail={`${formatBytes(sent)} of ${formatBytes(total)}`} />
          </div>
          <ul className="upload-files">
            {states.map((s) => (
              <li key={s.path} data-testid="upload-file" data-path={s.path} data-status={s.status}>
                <span className="upload-file-name">{s.path}</span>
                <ProgressBar
                  value={s.size ? (s.sent / s.size) * 100 : s.status === 'done' ? 100 : 0}
                  label={`Upload of ${s.name}`}
                  detail={s.error ?? s.status}
                />
              </li>
            ))}
          </ul>
          {failure && (
            <p className="error" role="alert" data-testid="upload-failure">
              {failure}
            </p>
          )}
          {failed.length > 0 && !busy && (
            <button type="button" onClick={() => void runUploads(datasetId, failed, states)}>
              Resume upload
            </button>
          )}
          {busy && !validation && <p className="muted">Working…</p>}
        </div>
      )}
      {validation && datasetId && (
        <div className="card form" data-testid="upload-validation">
          <h2>Validated</h2>
          <p data-testid="upload-summary">
            {validation.numImages} image(s), {validation.numAnnotations} annotation(s), classes: {validation.classNames.join(', ') || 'none'}
          </p>
          {validation.problems.length === 0 ? (
            <p className="muted">No problems found.</p>
          ) : (
            <>
              <h3>Problems</h3>
              <ul>
                {validation.problems.map((p) => (
                  <li key={`${p.path}-${p.code}`} data-testid="upload-problem" data-code={p.code} data-path={p.path}>
                    <strong>{PROBLEM_LABELS[p.code] ?? p.code}</strong>: <code>{p.path}</code> — {p.message}
                  </li>
                ))}
              </ul>
              {validation.problemsTruncated && <p className="muted">More problems were found than are listed.</p>}
            </>
          )}
          <a href={`/datasets/${encodeURIComponent(datasetId)}`} onClick={(e) => (e.preventDefault(), navigate(`/datasets/${encodeURIComponent(datasetId)}`))}>
            Open the dataset
          </a>
        </div>
      )}
    </section>
  );
}
