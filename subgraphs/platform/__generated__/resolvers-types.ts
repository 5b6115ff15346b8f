import type { GraphQLResolveInfo } from 'graphql';
import type { ProjectRecord } from '../project/project.entity';
import type { ExperimentRecord } from '../project/experiment.entity';
import type { ProjectMemberRow } from '../project/project-access';
import type { ProjectPage } from '../project/project.service';
import type { TrainingJobRecord } from '../training-job/training-job.entity';
import type { TrainingJobPage } from '../training-job/training-job.service';
import type { ModelRecord, ModelVersionRecord, ModelExportRecord, InferenceJobRecord } from '../model/model.entity';
import type { DeploymentRow } from '../deployment/runtime';
import type { DeploymentApiKeyRow } from '../deployment/deployment.service';
import type { ModelPage } from '../model/model.service';
import type { DatasetRef, DatasetSnapshotRecord } from '../snapshot/snapshot.entity';
import type { PlatformContext } from '../context';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  _FieldSet: { input: unknown; output: unknown; }
};

/** A file the worker stored in the internal bucket (checkpoint or final weights). */
export type Checkpoint = {
  __typename?: 'Checkpoint';
  /** Upload time (ISO 8601). */
  createdAt: Scalars['String']['output'];
  /** Presigned GET URL (valid about an hour); the bytes never pass through GraphQL. */
  downloadUrl: Scalars['String']['output'];
  /** File name, e.g. `final.json` or `epoch-10.pt`. */
  name: Scalars['String']['output'];
  /** Size in bytes as stored. */
  sizeBytes: Scalars['Float']['output'];
};

/** What a new experiment is. */
export type CreateExperimentInput = {
  /** Free-text description. */
  description?: InputMaybe<Scalars['String']['input']>;
  /** Name (1–120 characters), unique within the project. */
  name: Scalars['String']['input'];
  /** The project it belongs to; the caller must be its owner or member. */
  projectId: Scalars['ID']['input'];
};

/** What a new project is. */
export type CreateProjectInput = {
  /** Free-text description. */
  description?: InputMaybe<Scalars['String']['input']>;
  /** Name (1–120 characters). */
  name: Scalars['String']['input'];
};

/** What to train: a minimal `{ projectId, datasetId, name }` runs the reference trainer with defaults. */
export type CreateTrainingJobInput = {
  /** Configuration as a JSON object, Basic and Advanced fields together, e.g. `{"epochs": 20, "learningRate": 0.5}`. */
  config?: InputMaybe<Scalars['String']['input']>;
  /** Labeler dataset to train on; you need read permission on it. */
  datasetId: Scalars['ID']['input'];
  /** An experiment of the same project to group the job in. */
  experimentId?: InputMaybe<Scalars['ID']['input']>;
  /** Training framework (`reference`, `ultralytics`); see `trainingConfigSchema`. */
  framework?: InputMaybe<Scalars['String']['input']>;
  /** Retrying a request with the same key returns the job the first attempt created (unique per user). */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /** Model (default: the framework's default for the task). */
  model?: InputMaybe<Scalars['String']['input']>;
  /** Job name (1–200 characters). */
  name: Scalars['String']['input'];
  /** Project the job belongs to. */
  projectId: Scalars['ID']['input'];
  /** Task, e.g. `classification`, `detection`, `segmentation` (default: the framework's first). */
  task?: InputMaybe<Scalars['String']['input']>;
};

/** A new API key: `key` is shown this once and never stored (only its SHA-256 is). */
export type CreatedDeploymentApiKey = {
  __typename?: 'CreatedDeploymentApiKey';
  /** The key's record. */
  apiKey: DeploymentApiKey;
  /** The key (`vpk_…`); send it as `X-API-Key` or `Authorization: Bearer`. */
  key: Scalars['String']['output'];
};

export type Dataset = {
  __typename?: 'Dataset';
  /** Labeler dataset id (`ds_…`). */
  id: Scalars['ID']['output'];
  /** Immutable snapshots the platform took of this dataset for training, newest first (your own; managers and admins see all). */
  snapshots: Array<DatasetSnapshot>;
  /** Training jobs on this dataset visible to the caller, newest first (batched across datasets: one query per request level). */
  trainingJobs: TrainingJobConnection;
};


export type DatasetSnapshotsArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type DatasetTrainingJobsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

/**
 * An immutable copy of a dataset's objects taken when a job was created (T3): the manifest maps each
 * object key to content-addressed bytes in the internal bucket, so later changes to the dataset never
 * change what a job trained on.
 */
export type DatasetSnapshot = {
  __typename?: 'DatasetSnapshot';
  /** Creation time (ISO 8601). */
  createdAt: Scalars['String']['output'];
  /** Who created it (the owner of the job that needed it). */
  createdBy: User;
  /** The dataset it was taken from. */
  datasetId: Scalars['ID']['output'];
  /** Snapshot id (`snap_…`). */
  id: Scalars['ID']['output'];
  /** Number of objects (images, annotation files, …) in the snapshot. */
  objectCount: Scalars['Int']['output'];
  /** Sum of the objects' sizes in bytes. */
  totalBytes: Scalars['Float']['output'];
};

/** A model version served by the inference endpoint `POST /inference/v1/deployments/{id}/predict` (ONNX on CPU). */
export type Deployment = {
  __typename?: 'Deployment';
  /** Its API keys, newest first (empty for callers who may not manage them). */
  apiKeys: Array<DeploymentApiKey>;
  /** Creation time (ISO 8601). */
  createdAt: Scalars['String']['output'];
  /** Who created it. */
  createdBy: User;
  /** Path of its prediction endpoint on the API's origin. */
  endpointPath: Scalars['String']['output'];
  /** The ONNX export it serves (null when the reference model's checkpoint was exported on deployment). */
  export?: Maybe<ModelExport>;
  /** Deployment id (`dep_…`). */
  id: Scalars['ID']['output'];
  /** Request figures of the serving process. */
  metrics: DeploymentMetrics;
  /** SHA-256 of the ONNX file it serves (once READY). */
  modelSha256?: Maybe<Scalars['String']['output']>;
  /** The version it serves. */
  modelVersion: ModelVersion;
  /** Name (1–120 characters). */
  name: Scalars['String']['output'];
  /** The project it belongs to. */
  project: Project;
  /** When it became READY (ISO 8601). */
  readyAt?: Maybe<Scalars['String']['output']>;
  /** Lifecycle status. */
  status: DeploymentStatus;
  /** Why it is in its status (what it serves, why it failed, who stopped it). */
  statusReason?: Maybe<Scalars['String']['output']>;
  /** When it was stopped (ISO 8601). */
  stoppedAt?: Maybe<Scalars['String']['output']>;
  /** Last status change (ISO 8601). */
  updatedAt: Scalars['String']['output'];
};

/** A key that lets a program call one deployment's endpoint without a user token (`X-API-Key: vpk_…`). */
export type DeploymentApiKey = {
  __typename?: 'DeploymentApiKey';
  /** Creation time (ISO 8601). */
  createdAt: Scalars['String']['output'];
  /** Who created it. */
  createdBy: User;
  /** Key id (`dpk_…`). */
  id: Scalars['ID']['output'];
  /** Last time a request used it (ISO 8601). */
  lastUsedAt?: Maybe<Scalars['String']['output']>;
  /** What the key is for. */
  name: Scalars['String']['output'];
  /** The key's first characters, to recognise it; the key itself is shown only when created. */
  prefix: Scalars['String']['output'];
  /** When it was revoked (ISO 8601); a revoked key is refused. */
  revokedAt?: Maybe<Scalars['String']['output']>;
};

/** Prediction requests a deployment answered, as counted by the platform process serving it since it started. */
export type DeploymentMetrics = {
  __typename?: 'DeploymentMetrics';
  /** Requests refused with an error (bad image, stopped, …). */
  errorCount: Scalars['Int']['output'];
  /** Median time to answer a request, in ms, over the last 1000 requests (null before the first). */
  latencyP50Ms?: Maybe<Scalars['Float']['output']>;
  /** 99th percentile of the time to answer, in ms, over the last 1000 requests. */
  latencyP99Ms?: Maybe<Scalars['Float']['output']>;
  /** Images classified. */
  predictionCount: Scalars['Int']['output'];
  /** Requests answered (successful or refused). */
  requestCount: Scalars['Int']['output'];
};

/** Where a deployment is: PENDING → READY → STOPPED, or FAILED (`statusReason` says why). */
export type DeploymentStatus =
  /** The model could not be prepared or loaded. */
  | 'FAILED'
  /** Its ONNX model is being prepared and loaded. */
  | 'PENDING'
  /** Serving predictions at `endpointPath`. */
  | 'READY'
  /** Stopped by a user; it no longer answers. */
  | 'STOPPED';

/** A named group of training jobs inside a project, to compare runs side by side (T6). */
export type Experiment = {
  __typename?: 'Experiment';
  /**
   * Side-by-side comparison of its visible jobs: one row per job with its final metric values and
   * configuration, and the union of metric names as columns.
   */
  comparison: ExperimentComparison;
  /** Creation time (ISO 8601). */
  createdAt: Scalars['String']['output'];
  /** Who created it. */
  createdBy: User;
  /** Free-text description (what is being tried). */
  description?: Maybe<Scalars['String']['output']>;
  /** Experiment id (`exp_…`). */
  id: Scalars['ID']['output'];
  /** Name, unique within its project. */
  name: Scalars['String']['output'];
  /** The project it belongs to. */
  project: Project;
  /** How many users starred it. */
  starCount: Scalars['Int']['output'];
  /** True when the caller starred it. */
  starredByMe: Scalars['Boolean']['output'];
  /** Its training jobs visible to the caller, newest first. */
  trainingJobs: Array<TrainingJob>;
};

/** The jobs of an experiment compared: `metricNames` are the columns, `rows` one per job. */
export type ExperimentComparison = {
  __typename?: 'ExperimentComparison';
  /** Every metric series any of the jobs reported, sorted by name. */
  metricNames: Array<Scalars['String']['output']>;
  /** One row per job, newest first. */
  rows: Array<ExperimentComparisonRow>;
};

/** One job of a comparison. */
export type ExperimentComparisonRow = {
  __typename?: 'ExperimentComparisonRow';
  /** The last value of each metric series the job reported. */
  finalMetrics: Array<MetricPoint>;
  /** The job. */
  trainingJob: TrainingJob;
};

/** A file format a model version can be exported to. */
export type ExportFormat =
  /** Core ML (Apple devices). */
  | 'COREML'
  /** ONNX (runs in onnxruntime; the reference trainer produces it). */
  | 'ONNX'
  /** A TensorRT engine (NVIDIA GPU workers). */
  | 'TENSORRT'
  /** TensorFlow Lite (mobile and edge). */
  | 'TFLITE'
  /** TorchScript (PyTorch workers). */
  | 'TORCHSCRIPT';

/** The options an export was created with. */
export type ExportOptions = {
  __typename?: 'ExportOptions';
  /** Input image side in pixels, when given. */
  inputSize?: Maybe<Scalars['Int']['output']>;
  /** ONNX opset version, when given. */
  opset?: Maybe<Scalars['Int']['output']>;
  /** Numeric precision, when given. */
  precision?: Maybe<ExportPrecision>;
};

/** Options of an export; every one is optional and the worker's defaults apply. */
export type ExportOptionsInput = {
  /** Square input image side in pixels (8–4096; default the model's own). */
  inputSize?: InputMaybe<Scalars['Int']['input']>;
  /** ONNX opset version (7–21; default 13). */
  opset?: InputMaybe<Scalars['Int']['input']>;
  /** Numeric precision (default FP32). */
  precision?: InputMaybe<ExportPrecision>;
};

/** Numeric precision of an exported model. */
export type ExportPrecision =
  /** 16-bit floats. */
  | 'FP16'
  /** 32-bit floats (default). */
  | 'FP32'
  /** 8-bit integers (quantised). */
  | 'INT8';

/** Batch predictions of a model version over a dataset snapshot, run by a worker; the results are a JSON file. */
export type InferenceJob = {
  __typename?: 'InferenceJob';
  /** Creation time (ISO 8601). */
  createdAt: Scalars['String']['output'];
  /** Who started it. */
  createdBy: User;
  /** The snapshot predicted on. */
  datasetSnapshot?: Maybe<DatasetSnapshot>;
  /** Why it failed. */
  errorMessage?: Maybe<Scalars['String']['output']>;
  /** When it ended (ISO 8601). */
  finishedAt?: Maybe<Scalars['String']['output']>;
  /** Inference job id (`inf_…`). */
  id: Scalars['ID']['output'];
  /** The version predicting. */
  modelVersion: ModelVersion;
  /** Number of images predicted, once COMPLETED. */
  predictionCount?: Maybe<Scalars['Int']['output']>;
  /** Progress from 0 to 100. */
  progress: Scalars['Float']['output'];
  /** Why a QUEUED job still waits (no connected worker runs inference for the version's framework); null unless QUEUED. */
  queueReason?: Maybe<Scalars['String']['output']>;
  /** Size of the results file in bytes, once COMPLETED. */
  resultSizeBytes?: Maybe<Scalars['Float']['output']>;
  /**
   * Presigned GET URL of the results (valid about an hour), once COMPLETED: JSON
   * `{ "predictions": [{ "key", "label", "scores": { <class>: <probability> } }] }`.
   */
  resultUrl?: Maybe<Scalars['String']['output']>;
  /** Lifecycle status. */
  status: ModelJobStatus;
};

/** Severity of a training log line. */
export type LogLevel =
  /** Details for debugging. */
  | 'DEBUG'
  /** A failure. */
  | 'ERROR'
  /** Normal progress. */
  | 'INFO'
  /** Something unexpected that training survived. */
  | 'WARNING';

/** One log line of a training run. */
export type LogLine = {
  __typename?: 'LogLine';
  /** Opaque position of this line in the job's report stream: `trainingJobLogs(after:)` resumes after it (`id` is accepted too). */
  cursor: Scalars['String']['output'];
  /** Opaque, increasing id (also the paging cursor). */
  id: Scalars['ID']['output'];
  /** Severity. */
  level: LogLevel;
  /**
   * The text as a terminal would have shown it: no colour or other escape codes, carriage returns
   * applied (a progress bar redrawn in place reads as its last state), other control and
   * text-direction characters as U+FFFD.
   */
  message: Scalars['String']['output'];
  /** When the worker logged it (ISO 8601). */
  time: Scalars['String']['output'];
};

/** A page of log lines, oldest first. */
export type LogLineConnection = {
  __typename?: 'LogLineConnection';
  /** The lines of this page. */
  nodes: Array<LogLine>;
  /** Paging information (`endCursor` continues after the last line). */
  pageInfo: PageInfo;
};

/** One value of a metric series (loss, accuracy, learning rate, …) reported by the worker. */
export type MetricPoint = {
  __typename?: 'MetricPoint';
  /** When the platform stored it (ISO 8601). */
  at: Scalars['String']['output'];
  /** The attempt that reported it (1 for the first claim; a requeued job starts a new series). */
  attempt: Scalars['Int']['output'];
  /** Opaque position of this point in the job's report stream: `trainingJobMetrics(after:)` resumes after it. */
  cursor: Scalars['String']['output'];
  /** Epoch the value belongs to. */
  epoch?: Maybe<Scalars['Int']['output']>;
  /** Metric name, e.g. `loss`. */
  name: Scalars['String']['output'];
  /** Step within the run, when the worker reports per step. */
  step?: Maybe<Scalars['Int']['output']>;
  /** The value. */
  value: Scalars['Float']['output'];
};

/** A trained model of a project in the registry: numbered versions, each a completed training job (T6). */
export type Model = {
  __typename?: 'Model';
  /** Creation time (ISO 8601). */
  createdAt: Scalars['String']['output'];
  /** Who registered its first version. */
  createdBy: User;
  /** Free-text description. */
  description?: Maybe<Scalars['String']['output']>;
  /** Model id (`mdl_…`). */
  id: Scalars['ID']['output'];
  /** The newest version. */
  latestVersion?: Maybe<ModelVersion>;
  /** Name, unique within its project (1–120 characters). */
  name: Scalars['String']['output'];
  /** The project it belongs to; who sees the project sees its models. */
  project: Project;
  /** Number of versions. */
  versionCount: Scalars['Int']['output'];
  /** Its versions, newest (highest number) first. */
  versions: Array<ModelVersion>;
};

/** A page of models. */
export type ModelConnection = {
  __typename?: 'ModelConnection';
  /** The models of this page, newest first. */
  nodes: Array<Model>;
  /** Paging information. */
  pageInfo: PageInfo;
  /** Number of models visible to the caller. */
  totalCount: Scalars['Int']['output'];
};

/** An export of a model version to a deployable file format, run by a worker through the worker protocol. */
export type ModelExport = {
  __typename?: 'ModelExport';
  /** How many times a worker claimed it. */
  attempts: Scalars['Int']['output'];
  /** Creation time (ISO 8601). */
  createdAt: Scalars['String']['output'];
  /** Who asked for it. */
  createdBy: User;
  /** Presigned GET URL of the file (valid about an hour), once COMPLETED. */
  downloadUrl?: Maybe<Scalars['String']['output']>;
  /** Why it failed. */
  errorMessage?: Maybe<Scalars['String']['output']>;
  /** File name to save it under, e.g. `model-v3.onnx`. */
  fileName: Scalars['String']['output'];
  /** When it ended (ISO 8601). */
  finishedAt?: Maybe<Scalars['String']['output']>;
  /** Target format. */
  format: ExportFormat;
  /** Export id (`mex_…`). */
  id: Scalars['ID']['output'];
  /** The version exported. */
  modelVersion: ModelVersion;
  /** Options it was created with. */
  options: ExportOptions;
  /** Progress from 0 to 100. */
  progress: Scalars['Float']['output'];
  /**
   * Why a QUEUED export still waits, e.g. "Waiting for a worker that exports reference models to TENSORRT."
   * when no connected worker declared that format; null unless QUEUED.
   */
  queueReason?: Maybe<Scalars['String']['output']>;
  /** SHA-256 of the exported file (hex), once COMPLETED. */
  sha256?: Maybe<Scalars['String']['output']>;
  /** Size of the exported file in bytes, once COMPLETED. */
  sizeBytes?: Maybe<Scalars['Float']['output']>;
  /** When a worker first claimed it (ISO 8601). */
  startedAt?: Maybe<Scalars['String']['output']>;
  /** Lifecycle status. */
  status: ModelJobStatus;
};

/** Where an export or inference job is: QUEUED → RUNNING → COMPLETED | FAILED. */
export type ModelJobStatus =
  /** Stopped by a user. */
  | 'CANCELLED'
  /** Finished; the file is in the bucket. */
  | 'COMPLETED'
  /** Stopped by an error. */
  | 'FAILED'
  /** Waiting for a worker that can run it. */
  | 'QUEUED'
  /** A worker is running it. */
  | 'RUNNING';

/** The last value of one metric series of the training job, as it was when the version was registered. */
export type ModelMetric = {
  __typename?: 'ModelMetric';
  /** Metric name, e.g. `accuracy`. */
  name: Scalars['String']['output'];
  /** The value. */
  value: Scalars['Float']['output'];
};

/**
 * One registered version of a model: a COMPLETED training job, frozen with its metrics at registration
 * and its lineage (job → dataset snapshot → dataset).
 */
export type ModelVersion = {
  __typename?: 'ModelVersion';
  /** The job's model architecture, e.g. `softmax` or `yolov8n`. */
  architecture: Scalars['String']['output'];
  /** The weights and checkpoints of the job (files in the internal bucket). */
  artifacts: Array<Checkpoint>;
  /** Registration time (ISO 8601). */
  createdAt: Scalars['String']['output'];
  /** The dataset the snapshot was taken from (owned by the Labeler). */
  dataset?: Maybe<Dataset>;
  /** The immutable snapshot the job trained on. */
  datasetSnapshot?: Maybe<DatasetSnapshot>;
  /** Deployments of this version, newest first. */
  deployments: Array<Deployment>;
  /** Free-text description (what changed). */
  description?: Maybe<Scalars['String']['output']>;
  /** Exports of this version, newest first. */
  exports: Array<ModelExport>;
  /** Training framework of the job, e.g. `reference`. */
  framework: Scalars['String']['output'];
  /** Version id (`mv_…`). */
  id: Scalars['ID']['output'];
  /** Batch inference jobs run with this version, newest first. */
  inferenceJobs: Array<InferenceJob>;
  /** The training job that produced it (null when the caller may not see the job). */
  job?: Maybe<TrainingJob>;
  /** The job's final metric values at registration, sorted by name. */
  metrics: Array<ModelMetric>;
  /** The model it is a version of. */
  model: Model;
  /** Who registered it. */
  registeredBy: User;
  /** Task, e.g. `classification`. */
  task: Scalars['String']['output'];
  /** Version number within the model: 1, 2, … in registration order. */
  version: Scalars['Int']['output'];
};

export type Mutation = {
  __typename?: 'Mutation';
  /** Cancel a queued or running job (its owner, a manager or an admin). CONFLICT when it already ended. */
  cancelTrainingJob: TrainingJob;
  /**
   * Deploy a model version: an ONNX export of it (`exportId`, or its newest completed one; a reference
   * model without one is exported from its checkpoint). Starts PENDING, then READY or FAILED.
   * Owners and members of the project.
   */
  createDeployment: Deployment;
  /** Create an API key for a deployment; the key is in the answer only. Owners and members of the project. */
  createDeploymentApiKey: CreatedDeploymentApiKey;
  /** Create an experiment in a project you own or are a member of. CONFLICT when the name is taken there. */
  createExperiment: Experiment;
  /**
   * Queue an export of a version to `format`; a worker that declared the format for the version's
   * framework runs it (`queueReason` says when none is connected). Owners and members of the project.
   */
  createExport: ModelExport;
  /**
   * Queue batch predictions of a version over a dataset snapshot (default: the snapshot it was trained on);
   * a worker that runs inference for the version's framework writes the results as JSON. Owners and members of the project.
   */
  createInferenceJob: InferenceJob;
  /** Create a project; the caller becomes its owner. BAD_USER_INPUT for an empty or too long name. */
  createProject: Project;
  /**
   * Create a job: checks through the Labeler that the dataset exists and you may read it, snapshots it,
   * then queues the job, atomically. FORBIDDEN without read permission, BAD_USER_INPUT (with
   * `extensions.fields`) for an invalid configuration, UPSTREAM_UNAVAILABLE when the Labeler is down.
   */
  createTrainingJob: TrainingJob;
  /**
   * Register a COMPLETED training job as the next version of a model of its project (owners and members
   * of the project). NOT_FOUND for an unknown job, CONFLICT when the job is not COMPLETED or already a
   * version of that model, BAD_USER_INPUT for an invalid name.
   */
  registerModelVersion: ModelVersion;
  /** Queue a new job with the same snapshot and configuration as a FAILED or CANCELLED one (CONFLICT otherwise). */
  retryTrainingJob: TrainingJob;
  /** Revoke a deployment API key; requests with it are refused at once. Owners and members of the project. */
  revokeDeploymentApiKey: DeploymentApiKey;
  /**
   * Put a job into an experiment of the same project (or take it out with `experimentId: null`);
   * the job's owner, a project owner, a manager or an admin.
   */
  setTrainingJobExperiment: TrainingJob;
  /** Star or unstar an experiment for yourself. Anyone who can see it may star it. */
  starExperiment: Experiment;
  /** Stop a PENDING or READY deployment; its endpoint answers 409 DEPLOYMENT_NOT_READY from then on. Owners and members of the project. */
  stopDeployment: Deployment;
};


export type MutationCancelTrainingJobArgs = {
  id: Scalars['ID']['input'];
};


export type MutationCreateDeploymentArgs = {
  exportId?: InputMaybe<Scalars['ID']['input']>;
  modelVersionId: Scalars['ID']['input'];
  name: Scalars['String']['input'];
};


export type MutationCreateDeploymentApiKeyArgs = {
  deploymentId: Scalars['ID']['input'];
  name: Scalars['String']['input'];
};


export type MutationCreateExperimentArgs = {
  input: CreateExperimentInput;
};


export type MutationCreateExportArgs = {
  format: ExportFormat;
  modelVersionId: Scalars['ID']['input'];
  options?: InputMaybe<ExportOptionsInput>;
};


export type MutationCreateInferenceJobArgs = {
  datasetSnapshotId?: InputMaybe<Scalars['ID']['input']>;
  modelVersionId: Scalars['ID']['input'];
};


export type MutationCreateProjectArgs = {
  input: CreateProjectInput;
};


export type MutationCreateTrainingJobArgs = {
  input: CreateTrainingJobInput;
};


export type MutationRegisterModelVersionArgs = {
  input: RegisterModelVersionInput;
};


export type MutationRetryTrainingJobArgs = {
  id: Scalars['ID']['input'];
};


export type MutationRevokeDeploymentApiKeyArgs = {
  id: Scalars['ID']['input'];
};


export type MutationSetTrainingJobExperimentArgs = {
  experimentId?: InputMaybe<Scalars['ID']['input']>;
  jobId: Scalars['ID']['input'];
};


export type MutationStarExperimentArgs = {
  id: Scalars['ID']['input'];
  starred?: Scalars['Boolean']['input'];
};


export type MutationStopDeploymentArgs = {
  id: Scalars['ID']['input'];
};

/** Paging information for a connection. */
export type PageInfo = {
  __typename?: 'PageInfo';
  /** Cursor to pass as `after` for the next page. */
  endCursor?: Maybe<Scalars['String']['output']>;
  /** True when more items follow `endCursor`. */
  hasNextPage: Scalars['Boolean']['output'];
};

/** A group of training jobs with members and an owner. */
export type Project = {
  __typename?: 'Project';
  /** Creation time (ISO 8601). */
  createdAt: Scalars['String']['output'];
  /** Free-text description. */
  description?: Maybe<Scalars['String']['output']>;
  /** The project's experiments, starred first, then newest first. */
  experiments: Array<Experiment>;
  /** Project id. */
  id: Scalars['ID']['output'];
  /**
   * The project's members (the User DB's `project_members`), oldest first. Whoever sees the project
   * sees its members; the owner in `owner` is listed only when also added as a member.
   */
  members: Array<ProjectMember>;
  /**
   * The caller's role in the project: `owner` (created it or was made owner), `member` (may start jobs),
   * `viewer` (may look); managers and admins count as `owner`; null when the caller has none.
   */
  myRole?: Maybe<Scalars['String']['output']>;
  /** Project name. */
  name: Scalars['String']['output'];
  /** Who created the project. */
  owner: User;
  /** Training jobs of this project visible to the caller, newest first. */
  trainingJobs: TrainingJobConnection;
  /** True when the caller may start training jobs in this project (owner or member, or a manager or admin). */
  viewerCanCreateJobs: Scalars['Boolean']['output'];
};


/** A group of training jobs with members and an owner. */
export type ProjectTrainingJobsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<TrainingJobFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** A page of projects. */
export type ProjectConnection = {
  __typename?: 'ProjectConnection';
  /** The projects of this page. */
  nodes: Array<Project>;
  /** Paging information. */
  pageInfo: PageInfo;
  /** Number of projects visible to the caller. */
  totalCount: Scalars['Int']['output'];
};

/** A user's membership in a platform project (the platform shows them on `Project.members`). */
export type ProjectMember = {
  __typename?: 'ProjectMember';
  /** When the user was added (ISO 8601). */
  addedAt: Scalars['String']['output'];
  /** `owner`, `member` or `viewer`. */
  role: Scalars['String']['output'];
  /** The member. */
  user: User;
};

export type Query = {
  __typename?: 'Query';
  /** A deployment the caller can see (its project's members, managers and admins), or null. */
  deployment?: Maybe<Deployment>;
  /** Deployments the caller can see, newest first (of one project when given; at most `first`, 0–100, else BAD_USER_INPUT). */
  deployments: Array<Deployment>;
  /** One experiment, or null when it does not exist or its project is not visible to the caller. */
  experiment?: Maybe<Experiment>;
  /** One inference job, or null when it does not exist or is not visible. */
  inferenceJob?: Maybe<InferenceJob>;
  /** One model, or null when it does not exist or its project is not visible to the caller. */
  model?: Maybe<Model>;
  /** One export, or null when it does not exist or is not visible. */
  modelExport?: Maybe<ModelExport>;
  /** One model version, or null when it does not exist or is not visible. */
  modelVersion?: Maybe<ModelVersion>;
  /** Models of projects visible to the caller, newest first; `projectId` keeps one project's. */
  models: ModelConnection;
  /** One project, or null when it does not exist or is not visible to the caller. */
  project?: Maybe<Project>;
  /** Projects visible to the caller. */
  projects: ProjectConnection;
  /**
   * The configuration form of a framework and task as JSON: `{ "basic": <JSON Schema>, "advanced": <JSON Schema>, "models": [...] }`;
   * null when the framework does not do that task.
   */
  trainingConfigSchema?: Maybe<Scalars['String']['output']>;
  /** Every training framework with its tasks, in the order a form offers them (the first is the default). */
  trainingFrameworks: Array<TrainingFramework>;
  /** One training job, or null when it does not exist or is not visible to the caller. */
  trainingJob?: Maybe<TrainingJob>;
  /**
   * Training jobs visible to the caller (managers and admins see all; others their own and those of
   * projects they belong to), newest first, narrowed by `filter`.
   */
  trainingJobs: TrainingJobConnection;
};


export type QueryDeploymentArgs = {
  id: Scalars['ID']['input'];
};


export type QueryDeploymentsArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
  projectId?: InputMaybe<Scalars['ID']['input']>;
};


export type QueryExperimentArgs = {
  id: Scalars['ID']['input'];
};


export type QueryInferenceJobArgs = {
  id: Scalars['ID']['input'];
};


export type QueryModelArgs = {
  id: Scalars['ID']['input'];
};


export type QueryModelExportArgs = {
  id: Scalars['ID']['input'];
};


export type QueryModelVersionArgs = {
  id: Scalars['ID']['input'];
};


export type QueryModelsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  projectId?: InputMaybe<Scalars['ID']['input']>;
};


export type QueryProjectArgs = {
  id: Scalars['ID']['input'];
};


export type QueryProjectsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryTrainingConfigSchemaArgs = {
  framework: Scalars['String']['input'];
  task: Scalars['String']['input'];
};


export type QueryTrainingJobArgs = {
  id: Scalars['ID']['input'];
};


export type QueryTrainingJobsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<TrainingJobFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** What to register: a COMPLETED job as the next version of a model of the job's project (created by name if new). */
export type RegisterModelVersionInput = {
  /** Free-text description of this version. */
  description?: InputMaybe<Scalars['String']['input']>;
  /** The completed training job. */
  jobId: Scalars['ID']['input'];
  /** Model name (1–120 characters; letters, digits, space and `_ . -`); a new name creates the model in the job's project. */
  modelName: Scalars['String']['input'];
};

export type Subscription = {
  __typename?: 'Subscription';
  /**
   * Emits each training job created from now on (new or retried) that the caller may see, as `trainingJobs`
   * lists them; with `projectId`, only that project's. Visibility is checked per job when it is created.
   * Requires a token in `connection_init`.
   */
  trainingJobCreated: TrainingJob;
  /**
   * The job's log lines of `level` and above as they are stored, in frames of new lines (delta stream);
   * `after` as for `trainingJobMetrics` (a `LogLine.id` works too). Never drops a line.
   */
  trainingJobLogs: TrainingJobLogsBatch;
  /**
   * The job's metric points as they are stored, in frames of new points (delta stream). `after` omitted:
   * from the first point (the history comes first, in frames of at most 1000 points), then live. A client
   * that reconnects with the `cursor` of the last frame it received gets exactly the points it missed.
   * Never drops a point; frames are at least 100 ms apart per subscriber. Ends after the last point of an
   * ended job. Who may see the job, as `trainingJobUpdated` (NOT_FOUND otherwise, also when access is lost).
   */
  trainingJobMetrics: TrainingJobMetricsBatch;
  /** The job's resource samples as they are stored, in frames of new samples (delta stream); `after` as for `trainingJobMetrics`. */
  trainingJobSystem: TrainingJobSystemBatch;
  /** Emits the job each time it changes (status, progress, …). Requires a token in `connection_init`. */
  trainingJobUpdated: TrainingJob;
};


export type SubscriptionTrainingJobCreatedArgs = {
  projectId?: InputMaybe<Scalars['ID']['input']>;
};


export type SubscriptionTrainingJobLogsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  jobId: Scalars['ID']['input'];
  level?: InputMaybe<LogLevel>;
};


export type SubscriptionTrainingJobMetricsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  jobId: Scalars['ID']['input'];
};


export type SubscriptionTrainingJobSystemArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  jobId: Scalars['ID']['input'];
};


export type SubscriptionTrainingJobUpdatedArgs = {
  id: Scalars['ID']['input'];
};

/** Resource use of the training process at one moment. */
export type SystemSample = {
  __typename?: 'SystemSample';
  /** When the worker measured it (ISO 8601). */
  at: Scalars['String']['output'];
  /** CPU use of the training process in percent of one core. */
  cpuPercent?: Maybe<Scalars['Float']['output']>;
  /** Opaque position of this sample in the job's report stream: `trainingJobSystem(after:)` resumes after it. */
  cursor: Scalars['String']['output'];
  /** GPU memory in use, bytes (null without a GPU). */
  gpuMemoryBytes?: Maybe<Scalars['Float']['output']>;
  /** GPU utilisation in percent (null without a GPU). */
  gpuPercent?: Maybe<Scalars['Float']['output']>;
  /** Resident memory of the training process in bytes. */
  memoryBytes?: Maybe<Scalars['Float']['output']>;
};

/** A training framework the platform runs, and the tasks it trains. */
export type TrainingFramework = {
  __typename?: 'TrainingFramework';
  /** Its name, the `framework` of `createTrainingJob` and `trainingConfigSchema`, e.g. `reference` or `ultralytics`. */
  name: Scalars['String']['output'];
  /** The tasks it trains, e.g. `classification`, `detection`; the first is the default. */
  tasks: Array<Scalars['String']['output']>;
};

/** One training run of a model on a snapshot of a dataset. */
export type TrainingJob = {
  __typename?: 'TrainingJob';
  /** How many times a worker claimed the job (a lost lease requeues it). */
  attempts: Scalars['Int']['output'];
  /** Checkpoints and weights the worker uploaded. */
  checkpoints: Array<Checkpoint>;
  /** Validated configuration with defaults filled in, as a JSON object (keys sorted: the same text at every read). */
  config: Scalars['String']['output'];
  /** Creation time (ISO 8601). */
  createdAt: Scalars['String']['output'];
  /** The dataset trained on (owned by the Labeler); null with an error when the Labeler cannot resolve it. */
  dataset?: Maybe<Dataset>;
  /** The snapshot itself (null for jobs from before snapshots existed). */
  datasetSnapshot?: Maybe<DatasetSnapshot>;
  /** Id of the immutable dataset snapshot the job trains on. */
  datasetSnapshotId?: Maybe<Scalars['String']['output']>;
  /** Current epoch (0 before the first one ends). */
  epoch: Scalars['Int']['output'];
  /** Why the job failed or was cancelled. */
  errorMessage?: Maybe<Scalars['String']['output']>;
  /** Estimated seconds left, as reported by the worker. */
  etaSeconds?: Maybe<Scalars['Int']['output']>;
  /** The experiment the job is grouped in, if any. */
  experiment?: Maybe<Experiment>;
  /** The last value of each metric series of the current attempt, sorted by name. */
  finalMetrics: Array<MetricPoint>;
  /** When the job ended: COMPLETED, FAILED or CANCELLED (ISO 8601); null while it is active. */
  finishedAt?: Maybe<Scalars['String']['output']>;
  /** Training framework, e.g. `reference` or `ultralytics`. */
  framework: Scalars['String']['output'];
  /** Job id. */
  id: Scalars['ID']['output'];
  /** Log lines, oldest first; `level` keeps that level and above. */
  logs: LogLineConnection;
  /** Names of the metric series one attempt reported (the current one unless `attempt` picks another). */
  metricNames: Array<Scalars['String']['output']>;
  /**
   * Metric points of one attempt, oldest first: the current one (`attempts`) unless `attempt` picks
   * another; `name` picks one series (e.g. `loss`).
   */
  metrics: Array<MetricPoint>;
  /** Model, e.g. `softmax` or `yolov8n`. */
  model: Scalars['String']['output'];
  /** Model versions registered from this job. */
  modelVersions: Array<ModelVersion>;
  /** Job name. */
  name: Scalars['String']['output'];
  /** Who started the job. */
  owner: User;
  /** Progress from 0 to 100. */
  progress: Scalars['Float']['output'];
  /** The project the job belongs to. */
  project: Project;
  /**
   * Why a QUEUED job still waits, e.g. "Waiting for a worker that runs ultralytics." when no connected
   * worker declared that framework (and task), or that every such worker is busy; null unless QUEUED.
   */
  queueReason?: Maybe<Scalars['String']['output']>;
  /** The failed or cancelled job this one retries. */
  retryOf?: Maybe<TrainingJob>;
  /** When a worker first claimed the job (ISO 8601); null while it has never run. */
  startedAt?: Maybe<Scalars['String']['output']>;
  /** Lifecycle status. */
  status: TrainingJobStatus;
  /** The latest resource samples, oldest first. */
  systemSamples: Array<SystemSample>;
  /** Task, e.g. `classification`. */
  task: Scalars['String']['output'];
  /** Epochs planned. */
  totalEpochs: Scalars['Int']['output'];
  /** Last change (ISO 8601). */
  updatedAt: Scalars['String']['output'];
};


/** One training run of a model on a snapshot of a dataset. */
export type TrainingJobLogsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  level?: InputMaybe<LogLevel>;
};


/** One training run of a model on a snapshot of a dataset. */
export type TrainingJobMetricNamesArgs = {
  attempt?: InputMaybe<Scalars['Int']['input']>;
};


/** One training run of a model on a snapshot of a dataset. */
export type TrainingJobMetricsArgs = {
  attempt?: InputMaybe<Scalars['Int']['input']>;
  name?: InputMaybe<Scalars['String']['input']>;
};


/** One training run of a model on a snapshot of a dataset. */
export type TrainingJobSystemSamplesArgs = {
  last?: InputMaybe<Scalars['Int']['input']>;
};

/** A page of training jobs. */
export type TrainingJobConnection = {
  __typename?: 'TrainingJobConnection';
  /** The jobs of this page, newest first. */
  nodes: Array<TrainingJob>;
  /** Paging information. */
  pageInfo: PageInfo;
  /** Number of jobs visible to the caller, across all pages. */
  totalCount: Scalars['Int']['output'];
};

/** Conditions on a list of training jobs; every condition given must hold. */
export type TrainingJobFilter = {
  /** Jobs on this Labeler dataset. */
  datasetId?: InputMaybe<Scalars['ID']['input']>;
  /** Jobs in this experiment. */
  experimentId?: InputMaybe<Scalars['ID']['input']>;
  /** Only the caller's own jobs. */
  mine?: InputMaybe<Scalars['Boolean']['input']>;
  /** Jobs of this project. */
  projectId?: InputMaybe<Scalars['ID']['input']>;
  /** Case-insensitive part of the job name. */
  search?: InputMaybe<Scalars['String']['input']>;
  /** Any of these statuses. */
  status?: InputMaybe<Array<TrainingJobStatus>>;
};

/** New log lines of one job, oldest first: one frame of `trainingJobLogs`. */
export type TrainingJobLogsBatch = {
  __typename?: 'TrainingJobLogsBatch';
  /** Cursor of the last line: subscribe again with `after` set to it to continue without gap or duplicate. */
  cursor: Scalars['String']['output'];
  /** The job. */
  jobId: Scalars['ID']['output'];
  /** The lines of this frame, oldest first; never empty. */
  lines: Array<LogLine>;
};

/**
 * New metric points of one job, oldest first: one frame of `trainingJobMetrics`. Points reported in
 * quick succession arrive together in one frame (at most about 10 frames per second).
 */
export type TrainingJobMetricsBatch = {
  __typename?: 'TrainingJobMetricsBatch';
  /** Cursor of the last point: subscribe again with `after` set to it to continue without gap or duplicate. */
  cursor: Scalars['String']['output'];
  /** The job. */
  jobId: Scalars['ID']['output'];
  /** The points of this frame, oldest first; never empty. */
  points: Array<MetricPoint>;
};

/** Where a training job is in its lifecycle: QUEUED → RUNNING → COMPLETED | FAILED | CANCELLED. */
export type TrainingJobStatus =
  /** Stopped by a user. */
  | 'CANCELLED'
  /** Finished successfully. */
  | 'COMPLETED'
  /** Stopped by an error. */
  | 'FAILED'
  /** Waiting for a worker. */
  | 'QUEUED'
  /** A worker is training it. */
  | 'RUNNING';

/** New resource samples of one job, oldest first: one frame of `trainingJobSystem`. */
export type TrainingJobSystemBatch = {
  __typename?: 'TrainingJobSystemBatch';
  /** Cursor of the last sample: subscribe again with `after` set to it to continue without gap or duplicate. */
  cursor: Scalars['String']['output'];
  /** The job. */
  jobId: Scalars['ID']['output'];
  /** The samples of this frame, oldest first; never empty. */
  samples: Array<SystemSample>;
};

export type User = {
  __typename?: 'User';
  id: Scalars['ID']['output'];
};

export type WithIndex<TObject> = TObject & Record<string, any>;
export type ResolversObject<TObject> = WithIndex<TObject>;

export type ResolverTypeWrapper<T> = Promise<T> | T;

export type ReferenceResolver<TResult, TReference, TContext> = (
      reference: TReference,
      context: TContext,
      info: GraphQLResolveInfo
    ) => Promise<TResult> | TResult;

      type ScalarCheck<T, S> = S extends true ? T : NullableCheck<T, S>;
      type NullableCheck<T, S> = Maybe<T> extends T ? Maybe<ListCheck<NonNullable<T>, S>> : ListCheck<T, S>;
      type ListCheck<T, S> = T extends (infer U)[] ? NullableCheck<U, S>[] : GraphQLRecursivePick<T, S>;
      export type GraphQLRecursivePick<T, S> = { [K in keyof T & keyof S]: ScalarCheck<T[K], S[K]> };
    

export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

/** Mapping of federation types */
export type FederationTypes = ResolversObject<{
  Dataset: Dataset;
  Deployment: Deployment;
  Experiment: Experiment;
  InferenceJob: InferenceJob;
  Model: Model;
  ModelExport: ModelExport;
  ModelVersion: ModelVersion;
  Project: Project;
  TrainingJob: TrainingJob;
}>;

/** Mapping of federation reference types */
export type FederationReferenceTypes = ResolversObject<{
  Dataset:
    ( { __typename: 'Dataset' }
    & GraphQLRecursivePick<FederationTypes['Dataset'], {"id":true}> );
  Deployment:
    ( { __typename: 'Deployment' }
    & GraphQLRecursivePick<FederationTypes['Deployment'], {"id":true}> );
  Experiment:
    ( { __typename: 'Experiment' }
    & GraphQLRecursivePick<FederationTypes['Experiment'], {"id":true}> );
  InferenceJob:
    ( { __typename: 'InferenceJob' }
    & GraphQLRecursivePick<FederationTypes['InferenceJob'], {"id":true}> );
  Model:
    ( { __typename: 'Model' }
    & GraphQLRecursivePick<FederationTypes['Model'], {"id":true}> );
  ModelExport:
    ( { __typename: 'ModelExport' }
    & GraphQLRecursivePick<FederationTypes['ModelExport'], {"id":true}> );
  ModelVersion:
    ( { __typename: 'ModelVersion' }
    & GraphQLRecursivePick<FederationTypes['ModelVersion'], {"id":true}> );
  Project:
    ( { __typename: 'Project' }
    & GraphQLRecursivePick<FederationTypes['Project'], {"id":true}> );
  TrainingJob:
    ( { __typename: 'TrainingJob' }
    & GraphQLRecursivePick<FederationTypes['TrainingJob'], {"id":true}> );
}>;



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  Checkpoint: ResolverTypeWrapper<Checkpoint>;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  CreateExperimentInput: CreateExperimentInput;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  CreateProjectInput: CreateProjectInput;
  CreateTrainingJobInput: CreateTrainingJobInput;
  CreatedDeploymentApiKey: ResolverTypeWrapper<Omit<CreatedDeploymentApiKey, 'apiKey'> & { apiKey: ResolversTypes['DeploymentApiKey'] }>;
  Dataset: ResolverTypeWrapper<DatasetRef>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  DatasetSnapshot: ResolverTypeWrapper<DatasetSnapshotRecord>;
  Deployment: ResolverTypeWrapper<DeploymentRow>;
  DeploymentApiKey: ResolverTypeWrapper<DeploymentApiKeyRow>;
  DeploymentMetrics: ResolverTypeWrapper<DeploymentMetrics>;
  DeploymentStatus: DeploymentStatus;
  Experiment: ResolverTypeWrapper<ExperimentRecord>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  ExperimentComparison: ResolverTypeWrapper<Omit<ExperimentComparison, 'rows'> & { rows: Array<ResolversTypes['ExperimentComparisonRow']> }>;
  ExperimentComparisonRow: ResolverTypeWrapper<Omit<ExperimentComparisonRow, 'trainingJob'> & { trainingJob: ResolversTypes['TrainingJob'] }>;
  ExportFormat: ExportFormat;
  ExportOptions: ResolverTypeWrapper<ExportOptions>;
  ExportOptionsInput: ExportOptionsInput;
  ExportPrecision: ExportPrecision;
  InferenceJob: ResolverTypeWrapper<InferenceJobRecord>;
  LogLevel: LogLevel;
  LogLine: ResolverTypeWrapper<LogLine>;
  LogLineConnection: ResolverTypeWrapper<LogLineConnection>;
  MetricPoint: ResolverTypeWrapper<MetricPoint>;
  Model: ResolverTypeWrapper<ModelRecord>;
  ModelConnection: ResolverTypeWrapper<ModelPage>;
  ModelExport: ResolverTypeWrapper<ModelExportRecord>;
  ModelJobStatus: ModelJobStatus;
  ModelMetric: ResolverTypeWrapper<ModelMetric>;
  ModelVersion: ResolverTypeWrapper<ModelVersionRecord>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Project: ResolverTypeWrapper<ProjectRecord>;
  ProjectConnection: ResolverTypeWrapper<ProjectPage>;
  ProjectMember: ResolverTypeWrapper<ProjectMemberRow>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  RegisterModelVersionInput: RegisterModelVersionInput;
  Subscription: ResolverTypeWrapper<Record<PropertyKey, never>>;
  SystemSample: ResolverTypeWrapper<SystemSample>;
  TrainingFramework: ResolverTypeWrapper<TrainingFramework>;
  TrainingJob: ResolverTypeWrapper<TrainingJobRecord>;
  TrainingJobConnection: ResolverTypeWrapper<TrainingJobPage>;
  TrainingJobFilter: TrainingJobFilter;
  TrainingJobLogsBatch: ResolverTypeWrapper<TrainingJobLogsBatch>;
  TrainingJobMetricsBatch: ResolverTypeWrapper<TrainingJobMetricsBatch>;
  TrainingJobStatus: TrainingJobStatus;
  TrainingJobSystemBatch: ResolverTypeWrapper<TrainingJobSystemBatch>;
  User: ResolverTypeWrapper<User>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  Checkpoint: Checkpoint;
  Float: Scalars['Float']['output'];
  CreateExperimentInput: CreateExperimentInput;
  ID: Scalars['ID']['output'];
  CreateProjectInput: CreateProjectInput;
  CreateTrainingJobInput: CreateTrainingJobInput;
  CreatedDeploymentApiKey: Omit<CreatedDeploymentApiKey, 'apiKey'> & { apiKey: ResolversParentTypes['DeploymentApiKey'] };
  Dataset: DatasetRef;
  Int: Scalars['Int']['output'];
  DatasetSnapshot: DatasetSnapshotRecord;
  Deployment: DeploymentRow;
  DeploymentApiKey: DeploymentApiKeyRow;
  DeploymentMetrics: DeploymentMetrics;
  Experiment: ExperimentRecord;
  Boolean: Scalars['Boolean']['output'];
  ExperimentComparison: Omit<ExperimentComparison, 'rows'> & { rows: Array<ResolversParentTypes['ExperimentComparisonRow']> };
  ExperimentComparisonRow: Omit<ExperimentComparisonRow, 'trainingJob'> & { trainingJob: ResolversParentTypes['TrainingJob'] };
  ExportOptions: ExportOptions;
  ExportOptionsInput: ExportOptionsInput;
  InferenceJob: InferenceJobRecord;
  LogLine: LogLine;
  LogLineConnection: LogLineConnection;
  MetricPoint: MetricPoint;
  Model: ModelRecord;
  ModelConnection: ModelPage;
  ModelExport: ModelExportRecord;
  ModelMetric: ModelMetric;
  ModelVersion: ModelVersionRecord;
  Mutation: Record<PropertyKey, never>;
  PageInfo: PageInfo;
  Project: ProjectRecord;
  ProjectConnection: ProjectPage;
  ProjectMember: ProjectMemberRow;
  Query: Record<PropertyKey, never>;
  RegisterModelVersionInput: RegisterModelVersionInput;
  Subscription: Record<PropertyKey, never>;
  SystemSample: SystemSample;
  TrainingFramework: TrainingFramework;
  TrainingJob: TrainingJobRecord;
  TrainingJobConnection: TrainingJobPage;
  TrainingJobFilter: TrainingJobFilter;
  TrainingJobLogsBatch: TrainingJobLogsBatch;
  TrainingJobMetricsBatch: TrainingJobMetricsBatch;
  TrainingJobSystemBatch: TrainingJobSystemBatch;
  User: User;
  String: Scalars['String']['output'];
}>;

export type AccessDirectiveArgs = {
  role: Scalars['String']['input'];
};

export type AccessDirectiveResolver<Result, Parent, ContextType = PlatformContext, Args = AccessDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type CheckpointResolvers<ContextType = PlatformContext, ParentType extends ResolversParentTypes['Checkpoint'] = ResolversParentTypes['Checkpoint']> = ResolversObject<{
  createdAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  downloadUrl?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  sizeBytes?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
}>;

export type CreatedDeploymentApiKeyResolvers<ContextType = PlatformContext, ParentType extends ResolversParentTypes['CreatedDeploymentApiKey'] = ResolversParentTypes['CreatedDeploymentApiKey']> = ResolversObject<{
  apiKey?: Resolver<ResolversTypes['DeploymentApiKey'], ParentType, ContextType>;
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type DatasetResolvers<ContextType = PlatformContext, ParentType extends ResolversParentTypes['Dataset'] = ResolversParentTypes['Dataset'], FederationReferenceType extends FederationReferenceTypes['Dataset'] = FederationReferenceTypes['Dataset']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Dataset']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  snapshots?: Resolver<Array<ResolversTypes['DatasetSnapshot']>, ParentType, ContextType, RequireFields<DatasetSnapshotsArgs, 'first'>>;
  trainingJobs?: Resolver<ResolversTypes['TrainingJobConnection'], ParentType, ContextType, RequireFields<DatasetTrainingJobsArgs, 'first'>>;
}>;

export type DatasetSnapshotResolvers<ContextType = PlatformContext, ParentType extends ResolversParentTypes['DatasetSnapshot'] = ResolversParentTypes['DatasetSnapshot']> = ResolversObject<{
  createdAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  createdBy?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
  datasetId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  objectCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  totalBytes?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
}>;

export type DeploymentResolvers<ContextType = PlatformContext, ParentType extends ResolversParentTypes['Deployment'] = ResolversParentTypes['Deployment'], FederationReferenceType extends FederationReferenceTypes['Deployment'] = FederationReferenceTypes['Deployment']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Deployment']> | FederationReferenceType, FederationReferenceType, ContextType>;
  apiKeys?: Resolver<Array<ResolversTypes['DeploymentApiKey']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  createdBy?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
  endpointPath?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  export?: Resolver<Maybe<ResolversTypes['ModelExport']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  metrics?: Resolver<ResolversTypes['DeploymentMetrics'], ParentType, ContextType>;
  modelSha256?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  modelVersion?: Resolver<ResolversTypes['ModelVersion'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  project?: Resolver<ResolversTypes['Project'], ParentType, ContextType>;
  readyAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['DeploymentStatus'], ParentType, ContextType>;
  statusReason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  stoppedAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type DeploymentApiKeyResolvers<ContextType = PlatformContext, ParentType extends ResolversParentTypes['DeploymentApiKey'] = ResolversParentTypes['DeploymentApiKey']> = ResolversObject<{
  createdAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  createdBy?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  lastUsedAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  prefix?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  revokedAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type DeploymentMetricsResolvers<ContextType = PlatformContext, ParentType extends ResolversParentTypes['DeploymentMetrics'] = ResolversParentTypes['DeploymentMetrics']> = ResolversObject<{
  errorCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  latencyP50Ms?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  latencyP99Ms?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  predictionCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  requestCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type ExperimentResolvers<ContextType = PlatformContext, ParentType extends ResolversParentTypes['Experiment'] = ResolversParentTypes['Experiment'], FederationReferenceType extends FederationReferenceTypes['Experiment'] = FederationReferenceTypes['Experiment']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Experiment']> | FederationReferenceType, FederationReferenceType, ContextType>;
  comparison?: Resolver<ResolversTypes['ExperimentComparison'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  createdBy?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  project?: Resolver<ResolversTypes['Project'], ParentType, ContextType>;
  starCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  starredByMe?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  trainingJobs?: Resolver<Array<ResolversTypes['TrainingJob']>, ParentType, ContextType>;
}>;

export type ExperimentComparisonResolvers<ContextType = PlatformContext, ParentType extends ResolversParentTypes['ExperimentComparison'] = ResolversParentTypes['ExperimentComparison']> = ResolversObject<{
  metricNames?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  rows?: Resolver<Array<ResolversTypes['ExperimentComparisonRow']>, ParentType, ContextType>;
}>;

export type ExperimentComparisonRowResolvers<ContextType = PlatformContext, ParentType extends ResolversParentTypes['ExperimentComparisonRow'] = ResolversParentTypes['ExperimentComparisonRow']> = ResolversObject<{
  finalMetrics?: Resolver<Array<ResolversTypes['MetricPoint']>, ParentType, ContextType>;
  trainingJob?: Resolver<ResolversTypes['TrainingJob'], ParentType, ContextType>;
}>;

export type ExportOptionsResolvers<ContextType = PlatformContext, ParentType extends ResolversParentTypes['ExportOptions'] = ResolversParentTypes['ExportOptions']> = ResolversObject<{
  inputSize?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  opset?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  precision?: Resolver<Maybe<ResolversTypes['ExportPrecision']>, ParentType, ContextType>;
}>;

export type InferenceJobResolvers<ContextType = PlatformContext, ParentType extends ResolversParentTypes['InferenceJob'] = ResolversParentTypes['InferenceJob'], FederationReferenceType extends FederationReferenceTypes['InferenceJob'] = FederationReferenceTypes['InferenceJob']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['InferenceJob']> | FederationReferenceType, FederationReferenceType, ContextType>;
  createdAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  createdBy?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
  datasetSnapshot?: Resolver<Maybe<ResolversTypes['DatasetSnapshot']>, ParentType, ContextType>;
  errorMessage?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  finishedAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  modelVersion?: Resolver<ResolversTypes['ModelVersion'], ParentType, ContextType>;
  predictionCount?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  progress?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  queueReason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  resultSizeBytes?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  resultUrl?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['ModelJobStatus'], ParentType, ContextType>;
}>;

export type LogLineResolvers<ContextType = PlatformContext, ParentType extends ResolversParentTypes['LogLine'] = ResolversParentTypes['LogLine']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  level?: Resolver<ResolversTypes['LogLevel'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  time?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type LogLineConnectionResolvers<ContextType = PlatformContext, ParentType extends ResolversParentTypes['LogLineConnection'] = ResolversParentTypes['LogLineConnection']> = ResolversObject<{
  nodes?: Resolver<Array<ResolversTypes['LogLine']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
}>;

export type MetricPointResolvers<ContextType = PlatformContext, ParentType extends ResolversParentTypes['MetricPoint'] = ResolversParentTypes['MetricPoint']> = ResolversObject<{
  at?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  attempt?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  epoch?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  step?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  value?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
}>;

export type ModelResolvers<ContextType = PlatformContext, ParentType extends ResolversParentTypes['Model'] = ResolversParentTypes['Model'], FederationReferenceType extends FederationReferenceTypes['Model'] = FederationReferenceTypes['Model']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Model']> | FederationReferenceType, FederationReferenceType, ContextType>;
  createdAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  createdBy?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  latestVersion?: Resolver<Maybe<ResolversTypes['ModelVersion']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  project?: Resolver<ResolversTypes['Project'], ParentType, ContextType>;
  versionCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  versions?: Resolver<Array<ResolversTypes['ModelVersion']>, ParentType, ContextType>;
}>;

export type ModelConnectionResolvers<ContextType = PlatformContext, ParentType extends ResolversParentTypes['ModelConnection'] = ResolversParentTypes['ModelConnection']> = ResolversObject<{
  nodes?: Resolver<Array<ResolversTypes['Model']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type ModelExportResolvers<ContextType = PlatformContext, ParentType extends ResolversParentTypes['ModelExport'] = ResolversParentTypes['ModelExport'], FederationReferenceType extends FederationReferenceTypes['ModelExport'] = FederationReferenceTypes['ModelExport']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['ModelExport']> | FederationReferenceType, FederationReferenceType, ContextType>;
  attempts?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  createdBy?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
  downloadUrl?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  errorMessage?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  fileName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  finishedAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  format?: Resolver<ResolversTypes['ExportFormat'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  modelVersion?: Resolver<ResolversTypes['ModelVersion'], ParentType, ContextType>;
  options?: Resolver<ResolversTypes['ExportOptions'], ParentType, ContextType>;
  progress?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  queueReason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  sha256?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  sizeBytes?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  startedAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['ModelJobStatus'], ParentType, ContextType>;
}>;

export type ModelMetricResolvers<ContextType = PlatformContext, ParentType extends ResolversParentTypes['ModelMetric'] = ResolversParentTypes['ModelMetric']> = ResolversObject<{
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  value?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
}>;

export type ModelVersionResolvers<ContextType = PlatformContext, ParentType extends ResolversParentTypes['ModelVersion'] = ResolversParentTypes['ModelVersion'], FederationReferenceType extends FederationReferenceTypes['ModelVersion'] = FederationReferenceTypes['ModelVersion']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['ModelVersion']> | FederationReferenceType, FederationReferenceType, ContextType>;
  architecture?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  artifacts?: Resolver<Array<ResolversTypes['Checkpoint']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  dataset?: Resolver<Maybe<ResolversTypes['Dataset']>, ParentType, ContextType>;
  datasetSnapshot?: Resolver<Maybe<ResolversTypes['DatasetSnapshot']>, ParentType, ContextType>;
  deployments?: Resolver<Array<ResolversTypes['Deployment']>, ParentType, ContextType>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  exports?: Resolver<Array<ResolversTypes['ModelExport']>, ParentType, ContextType>;
  framework?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  inferenceJobs?: Resolver<Array<ResolversTypes['InferenceJob']>, ParentType, ContextType>;
  job?: Resolver<Maybe<ResolversTypes['TrainingJob']>, ParentType, ContextType>;
  metrics?: Resolver<Array<ResolversTypes['ModelMetric']>, ParentType, ContextType>;
  model?: Resolver<ResolversTypes['Model'], ParentType, ContextType>;
  registeredBy?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
  task?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type MutationResolvers<ContextType = PlatformContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  cancelTrainingJob?: Resolver<ResolversTypes['TrainingJob'], ParentType, ContextType, RequireFields<MutationCancelTrainingJobArgs, 'id'>>;
  createDeployment?: Resolver<ResolversTypes['Deployment'], ParentType, ContextType, RequireFields<MutationCreateDeploymentArgs, 'modelVersionId' | 'name'>>;
  createDeploymentApiKey?: Resolver<ResolversTypes['CreatedDeploymentApiKey'], ParentType, ContextType, RequireFields<MutationCreateDeploymentApiKeyArgs, 'deploymentId' | 'name'>>;
  createExperiment?: Resolver<ResolversTypes['Experiment'], ParentType, ContextType, RequireFields<MutationCreateExperimentArgs, 'input'>>;
  createExport?: Resolver<ResolversTypes['ModelExport'], ParentType, ContextType, RequireFields<MutationCreateExportArgs, 'format' | 'modelVersionId'>>;
  createInferenceJob?: Resolver<ResolversTypes['InferenceJob'], ParentType, ContextType, RequireFields<MutationCreateInferenceJobArgs, 'modelVersionId'>>;
  createProject?: Resolver<ResolversTypes['Project'], ParentType, ContextType, RequireFields<MutationCreateProjectArgs, 'input'>>;
  createTrainingJob?: Resolver<ResolversTypes['TrainingJob'], ParentType, ContextType, RequireFields<MutationCreateTrainingJobArgs, 'input'>>;
  registerModelVersion?: Resolver<ResolversTypes['ModelVersion'], ParentType, ContextType, RequireFields<MutationRegisterModelVersionArgs, 'input'>>;
  retryTrainingJob?: Resolver<ResolversTypes['TrainingJob'], ParentType, ContextType, RequireFields<MutationRetryTrainingJobArgs, 'id'>>;
  revokeDeploymentApiKey?: Resolver<ResolversTypes['DeploymentApiKey'], ParentType, ContextType, RequireFields<MutationRevokeDeploymentApiKeyArgs, 'id'>>;
  setTrainingJobExperiment?: Resolver<ResolversTypes['TrainingJob'], ParentType, ContextType, RequireFields<MutationSetTrainingJobExperimentArgs, 'jobId'>>;
  starExperiment?: Resolver<ResolversTypes['Experiment'], ParentType, ContextType, RequireFields<MutationStarExperimentArgs, 'id' | 'starred'>>;
  stopDeployment?: Resolver<ResolversTypes['Deployment'], ParentType, ContextType, RequireFields<MutationStopDeploymentArgs, 'id'>>;
}>;

export type PageInfoResolvers<ContextType = PlatformContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = ResolversObject<{
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
}>;

export type ProjectResolvers<ContextType = PlatformContext, ParentType extends ResolversParentTypes['Project'] = ResolversParentTypes['Project'], FederationReferenceType extends FederationReferenceTypes['Project'] = FederationReferenceTypes['Project']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Project']> | FederationReferenceType, FederationReferenceType, ContextType>;
  createdAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  experiments?: Resolver<Array<ResolversTypes['Experiment']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  members?: Resolver<Array<ResolversTypes['ProjectMember']>, ParentType, ContextType>;
  myRole?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  owner?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
  trainingJobs?: Resolver<ResolversTypes['TrainingJobConnection'], ParentType, ContextType, RequireFields<ProjectTrainingJobsArgs, 'first'>>;
  viewerCanCreateJobs?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
}>;

export type ProjectConnectionResolvers<ContextType = PlatformContext, ParentType extends ResolversParentTypes['ProjectConnection'] = ResolversParentTypes['ProjectConnection']> = ResolversObject<{
  nodes?: Resolver<Array<ResolversTypes['Project']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type ProjectMemberResolvers<ContextType = PlatformContext, ParentType extends ResolversParentTypes['ProjectMember'] = ResolversParentTypes['ProjectMember']> = ResolversObject<{
  addedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  role?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  user?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
}>;

export type QueryResolvers<ContextType = PlatformContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  deployment?: Resolver<Maybe<ResolversTypes['Deployment']>, ParentType, ContextType, RequireFields<QueryDeploymentArgs, 'id'>>;
  deployments?: Resolver<Array<ResolversTypes['Deployment']>, ParentType, ContextType, RequireFields<QueryDeploymentsArgs, 'first'>>;
  experiment?: Resolver<Maybe<ResolversTypes['Experiment']>, ParentType, ContextType, RequireFields<QueryExperimentArgs, 'id'>>;
  inferenceJob?: Resolver<Maybe<ResolversTypes['InferenceJob']>, ParentType, ContextType, RequireFields<QueryInferenceJobArgs, 'id'>>;
  model?: Resolver<Maybe<ResolversTypes['Model']>, ParentType, ContextType, RequireFields<QueryModelArgs, 'id'>>;
  modelExport?: Resolver<Maybe<ResolversTypes['ModelExport']>, ParentType, ContextType, RequireFields<QueryModelExportArgs, 'id'>>;
  modelVersion?: Resolver<Maybe<ResolversTypes['ModelVersion']>, ParentType, ContextType, RequireFields<QueryModelVersionArgs, 'id'>>;
  models?: Resolver<ResolversTypes['ModelConnection'], ParentType, ContextType, RequireFields<QueryModelsArgs, 'first'>>;
  project?: Resolver<Maybe<ResolversTypes['Project']>, ParentType, ContextType, RequireFields<QueryProjectArgs, 'id'>>;
  projects?: Resolver<ResolversTypes['ProjectConnection'], ParentType, ContextType, RequireFields<QueryProjectsArgs, 'first'>>;
  trainingConfigSchema?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType, RequireFields<QueryTrainingConfigSchemaArgs, 'framework' | 'task'>>;
  trainingFrameworks?: Resolver<Array<ResolversTypes['TrainingFramework']>, ParentType, ContextType>;
  trainingJob?: Resolver<Maybe<ResolversTypes['TrainingJob']>, ParentType, ContextType, RequireFields<QueryTrainingJobArgs, 'id'>>;
  trainingJobs?: Resolver<ResolversTypes['TrainingJobConnection'], ParentType, ContextType, RequireFields<QueryTrainingJobsArgs, 'first'>>;
}>;

export type SubscriptionResolvers<ContextType = PlatformContext, ParentType extends ResolversParentTypes['Subscription'] = ResolversParentTypes['Subscription']> = ResolversObject<{
  trainingJobCreated?: SubscriptionResolver<ResolversTypes['TrainingJob'], "trainingJobCreated", ParentType, ContextType, Partial<SubscriptionTrainingJobCreatedArgs>>;
  trainingJobLogs?: SubscriptionResolver<ResolversTypes['TrainingJobLogsBatch'], "trainingJobLogs", ParentType, ContextType, RequireFields<SubscriptionTrainingJobLogsArgs, 'jobId'>>;
  trainingJobMetrics?: SubscriptionResolver<ResolversTypes['TrainingJobMetricsBatch'], "trainingJobMetrics", ParentType, ContextType, RequireFields<SubscriptionTrainingJobMetricsArgs, 'jobId'>>;
  trainingJobSystem?: SubscriptionResolver<ResolversTypes['TrainingJobSystemBatch'], "trainingJobSystem", ParentType, ContextType, RequireFields<SubscriptionTrainingJobSystemArgs, 'jobId'>>;
  trainingJobUpdated?: SubscriptionResolver<ResolversTypes['TrainingJob'], "trainingJobUpdated", ParentType, ContextType, RequireFields<SubscriptionTrainingJobUpdatedArgs, 'id'>>;
}>;

export type SystemSampleResolvers<ContextType = PlatformContext, ParentType extends ResolversParentTypes['SystemSample'] = ResolversParentTypes['SystemSample']> = ResolversObject<{
  at?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  cpuPercent?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  gpuMemoryBytes?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  gpuPercent?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  memoryBytes?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
}>;

export type TrainingFrameworkResolvers<ContextType = PlatformContext, ParentType extends ResolversParentTypes['TrainingFramework'] = ResolversParentTypes['TrainingFramework']> = ResolversObject<{
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  tasks?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type TrainingJobResolvers<ContextType = PlatformContext, ParentType extends ResolversParentTypes['TrainingJob'] = ResolversParentTypes['TrainingJob'], FederationReferenceType extends FederationReferenceTypes['TrainingJob'] = FederationReferenceTypes['TrainingJob']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['TrainingJob']> | FederationReferenceType, FederationReferenceType, ContextType>;
  attempts?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  checkpoints?: Resolver<Array<ResolversTypes['Checkpoint']>, ParentType, ContextType>;
  config?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  dataset?: Resolver<Maybe<ResolversTypes['Dataset']>, ParentType, ContextType>;
  datasetSnapshot?: Resolver<Maybe<ResolversTypes['DatasetSnapshot']>, ParentType, ContextType>;
  datasetSnapshotId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  epoch?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  errorMessage?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  etaSeconds?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  experiment?: Resolver<Maybe<ResolversTypes['Experiment']>, ParentType, ContextType>;
  finalMetrics?: Resolver<Array<ResolversTypes['MetricPoint']>, ParentType, ContextType>;
  finishedAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  framework?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  logs?: Resolver<ResolversTypes['LogLineConnection'], ParentType, ContextType, RequireFields<TrainingJobLogsArgs, 'first'>>;
  metricNames?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType, Partial<TrainingJobMetricNamesArgs>>;
  metrics?: Resolver<Array<ResolversTypes['MetricPoint']>, ParentType, ContextType, Partial<TrainingJobMetricsArgs>>;
  model?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  modelVersions?: Resolver<Array<ResolversTypes['ModelVersion']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  owner?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
  progress?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  project?: Resolver<ResolversTypes['Project'], ParentType, ContextType>;
  queueReason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  retryOf?: Resolver<Maybe<ResolversTypes['TrainingJob']>, ParentType, ContextType>;
  startedAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['TrainingJobStatus'], ParentType, ContextType>;
  systemSamples?: Resolver<Array<ResolversTypes['SystemSample']>, ParentType, ContextType, RequireFields<TrainingJobSystemSamplesArgs, 'last'>>;
  task?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  totalEpochs?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type TrainingJobConnectionResolvers<ContextType = PlatformContext, ParentType extends ResolversParentTypes['TrainingJobConnection'] = ResolversParentTypes['TrainingJobConnection']> = ResolversObject<{
  nodes?: Resolver<Array<ResolversTypes['TrainingJob']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type TrainingJobLogsBatchResolvers<ContextType = PlatformContext, ParentType extends ResolversParentTypes['TrainingJobLogsBatch'] = ResolversParentTypes['TrainingJobLogsBatch']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  jobId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  lines?: Resolver<Array<ResolversTypes['LogLine']>, ParentType, ContextType>;
}>;

export type TrainingJobMetricsBatchResolvers<ContextType = PlatformContext, ParentType extends ResolversParentTypes['TrainingJobMetricsBatch'] = ResolversParentTypes['TrainingJobMetricsBatch']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  jobId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  points?: Resolver<Array<ResolversTypes['MetricPoint']>, ParentType, ContextType>;
}>;

export type TrainingJobSystemBatchResolvers<ContextType = PlatformContext, ParentType extends ResolversParentTypes['TrainingJobSystemBatch'] = ResolversParentTypes['TrainingJobSystemBatch']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  jobId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  samples?: Resolver<Array<ResolversTypes['SystemSample']>, ParentType, ContextType>;
}>;

export type UserResolvers<ContextType = PlatformContext, ParentType extends ResolversParentTypes['User'] = ResolversParentTypes['User']> = ResolversObject<{
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type Resolvers<ContextType = PlatformContext> = ResolversObject<{
  Checkpoint?: CheckpointResolvers<ContextType>;
  CreatedDeploymentApiKey?: CreatedDeploymentApiKeyResolvers<ContextType>;
  Dataset?: DatasetResolvers<ContextType>;
  DatasetSnapshot?: DatasetSnapshotResolvers<ContextType>;
  Deployment?: DeploymentResolvers<ContextType>;
  DeploymentApiKey?: DeploymentApiKeyResolvers<ContextType>;
  DeploymentMetrics?: DeploymentMetricsResolvers<ContextType>;
  Experiment?: ExperimentResolvers<ContextType>;
  ExperimentComparison?: ExperimentComparisonResolvers<ContextType>;
  ExperimentComparisonRow?: ExperimentComparisonRowResolvers<ContextType>;
  ExportOptions?: ExportOptionsResolvers<ContextType>;
  InferenceJob?: InferenceJobResolvers<ContextType>;
  LogLine?: LogLineResolvers<ContextType>;
  LogLineConnection?: LogLineConnectionResolvers<ContextType>;
  MetricPoint?: MetricPointResolvers<ContextType>;
  Model?: ModelResolvers<ContextType>;
  ModelConnection?: ModelConnectionResolvers<ContextType>;
  ModelExport?: ModelExportResolvers<ContextType>;
  ModelMetric?: ModelMetricResolvers<ContextType>;
  ModelVersion?: ModelVersionResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Project?: ProjectResolvers<ContextType>;
  ProjectConnection?: ProjectConnectionResolvers<ContextType>;
  ProjectMember?: ProjectMemberResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  Subscription?: SubscriptionResolvers<ContextType>;
  SystemSample?: SystemSampleResolvers<ContextType>;
  TrainingFramework?: TrainingFrameworkResolvers<ContextType>;
  TrainingJob?: TrainingJobResolvers<ContextType>;
  TrainingJobConnection?: TrainingJobConnectionResolvers<ContextType>;
  TrainingJobLogsBatch?: TrainingJobLogsBatchResolvers<ContextType>;
  TrainingJobMetricsBatch?: TrainingJobMetricsBatchResolvers<ContextType>;
  TrainingJobSystemBatch?: TrainingJobSystemBatchResolvers<ContextType>;
  User?: UserResolvers<ContextType>;
}>;

export type DirectiveResolvers<ContextType = PlatformContext> = ResolversObject<{
  access?: AccessDirectiveResolver<any, any, ContextType>;
}>;
