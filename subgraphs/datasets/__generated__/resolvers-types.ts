import type { GraphQLResolveInfo } from 'graphql';
import type { DatasetParent, UserRef } from '../dataset/dataset.model';
import type { DatasetsContext } from '../context';
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

/** Boxes of one class. */
export type ClassCount = {
  __typename?: 'ClassCount';
  /** The class name. */
  className: Scalars['String']['output'];
  /** Number of boxes of this class. */
  count: Scalars['Int']['output'];
};

/** A new, empty dataset in the Labeler, owned by the caller; files are added with `startDatasetUpload`. */
export type CreateDatasetInput = {
  /** Class names in label order, when the annotation files do not carry them (YOLO without `classes.txt`, VOC). */
  classNames?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Free text, at most 5000 characters. */
  description?: InputMaybe<Scalars['String']['input']>;
  /** Annotation format of the files to come: `coco`, `yolo` or `voc` (case-insensitive). */
  format: Scalars['String']['input'];
  /** 1 to 200 characters. */
  name: Scalars['String']['input'];
  /** Free-form tags (at most 50, each 1 to 64 characters). */
  tags?: InputMaybe<Array<Scalars['String']['input']>>;
  /** `public`, `private` (default) or `organization`. */
  visibility?: InputMaybe<Scalars['String']['input']>;
};

/**
 * A dataset owned by the Labeler, the single source of truth. The platform stores only its id;
 * every field here is read through the Labeler's batch endpoint, one call per GraphQL request.
 * Its text (name, description, tags, class names, and the class names of boxes and statistics) has
 * each control or text-direction character shown as U+FFFD: the Labeler's own tools may write what
 * `createDataset` refuses, and such a character makes text display in another order than it is stored.
 */
export type Dataset = {
  __typename?: 'Dataset';
  /** Class names, in label order. */
  classNames: Array<Scalars['String']['output']>;
  /** Creation time (ISO 8601). */
  createdAt: Scalars['String']['output'];
  /** Free-text description. */
  description?: Maybe<Scalars['String']['output']>;
  /**
   * A presigned URL of the dataset archive (images + annotations). The caller's permission is checked
   * first (D7): FORBIDDEN without read access. `expiresIn` is in seconds (1 to 604800).
   */
  downloadUrl: PresignedUrl;
  /** Annotation format: `coco`, `yolo`, `voc`, … */
  format: Scalars['String']['output'];
  /** Labeler dataset id (`ds_…`). */
  id: Scalars['ID']['output'];
  /**
   * One page of the dataset's images in key order, each with its presigned GET URL (15 minutes), its
   * split and its annotation boxes: page through all of them with `after` = `pageInfo.endCursor`.
   * `first` is 1 to 100 (BAD_USER_INPUT otherwise). Same permission check as `downloadUrl`; a legacy
   * dataset fails with CONFLICT.
   */
  imagePage: DatasetImageConnection;
  /**
   * The first `first` images (1 to 100) with presigned GET URLs, for thumbnails. Same permission
   * check as `downloadUrl`.
   */
  images: Array<DatasetImage>;
  /**
   * True for a legacy dataset: one from before the Labeler owned datasets, kept read-only in the
   * Platform DB (`is_legacy`) and served from there, also while the Labeler is down. Its fields are
   * the metadata that table stored; what it did not store reads as: name = id, format and
   * storageType `unknown`, storagePath empty, visibility `private` (unless stored `public`), counts 0
   * or derived from classNames, no tags, no owner. Platform admins and the owners of training jobs
   * that used it may read it (READ_ONLY); its `images` and `downloadUrl` fail with CONFLICT (its
   * files are not in the Labeler). False for every Labeler dataset.
   */
  isLegacy: Scalars['Boolean']['output'];
  /** Whether annotation is complete. */
  labeled: Scalars['Boolean']['output'];
  /**
   * What the caller may do with this dataset: the Labeler's level (owners are ADMIN; a public dataset
   * gives everyone READ_ONLY; grants give their level), ADMIN for platform admins, null when none.
   */
  myPermission?: Maybe<DatasetPermissionLevel>;
  /** Human-readable name. */
  name: Scalars['String']['output'];
  /** Number of classes. */
  numClasses: Scalars['Int']['output'];
  /** Number of images. */
  numImages: Scalars['Int']['output'];
  /** The dataset's owner. */
  owner?: Maybe<User>;
  /**
   * Boxes per class and images per split, read from the dataset's annotation files as stored now.
   * Same permission check as `downloadUrl`; a legacy dataset fails with CONFLICT.
   */
  statistics: DatasetStatistics;
  /** Folder of the dataset's objects in the external bucket, e.g. `datasets/ds_…/`. */
  storagePath: Scalars['String']['output'];
  /** Where the Labeler keeps the objects: `r2`, `s3`, `minio`, … */
  storageType: Scalars['String']['output'];
  /** Free-form tags. */
  tags: Array<Scalars['String']['output']>;
  /** Last update time (ISO 8601). */
  updatedAt: Scalars['String']['output'];
  /** `public`, `private` or `organization`. */
  visibility: Scalars['String']['output'];
};


/**
 * A dataset owned by the Labeler, the single source of truth. The platform stores only its id;
 * every field here is read through the Labeler's batch endpoint, one call per GraphQL request.
 * Its text (name, description, tags, class names, and the class names of boxes and statistics) has
 * each control or text-direction character shown as U+FFFD: the Labeler's own tools may write what
 * `createDataset` refuses, and such a character makes text display in another order than it is stored.
 */
export type DatasetDownloadUrlArgs = {
  expiresIn?: InputMaybe<Scalars['Int']['input']>;
};


/**
 * A dataset owned by the Labeler, the single source of truth. The platform stores only its id;
 * every field here is read through the Labeler's batch endpoint, one call per GraphQL request.
 * Its text (name, description, tags, class names, and the class names of boxes and statistics) has
 * each control or text-direction character shown as U+FFFD: the Labeler's own tools may write what
 * `createDataset` refuses, and such a character makes text display in another order than it is stored.
 */
export type DatasetImagePageArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


/**
 * A dataset owned by the Labeler, the single source of truth. The platform stores only its id;
 * every field here is read through the Labeler's batch endpoint, one call per GraphQL request.
 * Its text (name, description, tags, class names, and the class names of boxes and statistics) has
 * each control or text-direction character shown as U+FFFD: the Labeler's own tools may write what
 * `createDataset` refuses, and such a character makes text display in another order than it is stored.
 */
export type DatasetImagesArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** A page of datasets. */
export type DatasetConnection = {
  __typename?: 'DatasetConnection';
  /** The datasets of this page. */
  nodes: Array<Dataset>;
  /** Paging information. */
  pageInfo: PageInfo;
  /** Number of datasets matching, across all pages. */
  totalCount: Scalars['Int']['output'];
};

/** A problem the Labeler found in one file while validating a dataset. */
export type DatasetFileProblem = {
  __typename?: 'DatasetFileProblem';
  /**
   * `bad_image`, `missing_image` (an annotation names an image that was not uploaded), `unknown_class`, `bad_annotation` or `annotation_too_large`;
   * for uploaded zips `bad_zip`, `zip_too_large`, `zip_encrypted`, `zip_unsupported_method`, `unsafe_path`, `bad_path`, `unsupported_file` or `file_too_large`.
   */
  code: Scalars['String']['output'];
  /** What is wrong, in words. */
  message: Scalars['String']['output'];
  /** Path inside the dataset's folder; for an entry of an uploaded zip, `the.zip!/entry`. */
  path: Scalars['String']['output'];
};

/** Narrows `datasets`; every given condition must hold. */
export type DatasetFilter = {
  /** Annotation format: `coco`, `yolo`, `voc` (case-insensitive). */
  format?: InputMaybe<Scalars['String']['input']>;
  /** Only labeled (true) or unlabeled (false) datasets. */
  labeled?: InputMaybe<Scalars['Boolean']['input']>;
  /** Only datasets the caller owns. */
  mine?: InputMaybe<Scalars['Boolean']['input']>;
  /** Datasets carrying every one of these tags (at most 50, each at most 64 characters, else BAD_USER_INPUT). */
  tags?: InputMaybe<Array<Scalars['String']['input']>>;
  /** `public`, `private` or `organization` (case-insensitive). */
  visibility?: InputMaybe<Scalars['String']['input']>;
};

/** One image of a dataset, for thumbnails. */
export type DatasetImage = {
  __typename?: 'DatasetImage';
  /** Its annotation boxes (empty when it has none); null from `images`, which lists thumbnails only. */
  annotations?: Maybe<Array<ImageAnnotation>>;
  /** Object key in the external bucket, e.g. `datasets/ds_…/images/img_000.png`. */
  key: Scalars['String']['output'];
  /** Size in bytes, when the Labeler reports it. */
  sizeBytes?: Maybe<Scalars['Int']['output']>;
  /** `train`, `val`, `test` or `unassigned` (from the folders of its key); null from `images`, which lists thumbnails only. */
  split?: Maybe<Scalars['String']['output']>;
  /** Presigned GET URL of the image (valid for 15 minutes). */
  url: Scalars['String']['output'];
};

/** A page of a dataset's images. */
export type DatasetImageConnection = {
  __typename?: 'DatasetImageConnection';
  /** The images of this page, in key order. */
  nodes: Array<DatasetImage>;
  /** Paging information. */
  pageInfo: PageInfo;
  /** Number of images in the dataset, across all pages. */
  totalCount: Scalars['Int']['output'];
};

/** What a user may do with a dataset, as the Labeler records it (`read_only`, `read_write`, `admin`). */
export type DatasetPermissionLevel =
  /** Also change visibility and grant or revoke permissions (owners have it). */
  | 'ADMIN'
  /** Read metadata, images and the archive. */
  | 'READ_ONLY'
  /** Also upload and change files. */
  | 'READ_WRITE';

/** How a dataset's annotations and images are distributed. */
export type DatasetStatistics = {
  __typename?: 'DatasetStatistics';
  /** Boxes per class, in label order (classes no box uses count 0). */
  classCounts: Array<ClassCount>;
  /** Number of annotation boxes. */
  numAnnotations: Scalars['Int']['output'];
  /** Images per split (`train`, `val`, `test`, `unassigned`), from folders named so; only splits that have images. */
  splitCounts: Array<SplitCount>;
};

/**
 * A resumable upload of one file, straight from the browser to the bucket: PUT each part's bytes
 * (`(partNumber - 1) × partSize` up to `partNumber × partSize`) to its URL, confirm the part with the
 * ETag the bucket answered (`confirmDatasetUploadPart`), then `completeDatasetUpload`. After a dropped
 * connection, `datasetUpload` lists the parts already confirmed and gives fresh URLs for the rest.
 */
export type DatasetUpload = {
  __typename?: 'DatasetUpload';
  datasetId: Scalars['ID']['output'];
  /** When `partUrls` stop working (ISO 8601). */
  expiresAt: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  partCount: Scalars['Int']['output'];
  /** Bytes per part (the last part may be shorter). */
  partSize: Scalars['Int']['output'];
  /** Presigned PUT URLs of the parts not confirmed yet (valid until `expiresAt`). */
  partUrls: Array<DatasetUploadPartUrl>;
  path: Scalars['String']['output'];
  sizeBytes: Scalars['Float']['output'];
  /** `uploading` or `completed`. */
  state: Scalars['String']['output'];
  /** Parts confirmed so far. */
  uploadedParts: Array<DatasetUploadPart>;
};

/** A part the bucket stored, with its ETag. */
export type DatasetUploadPart = {
  __typename?: 'DatasetUploadPart';
  etag: Scalars['String']['output'];
  partNumber: Scalars['Int']['output'];
};

/** Where to PUT one part. */
export type DatasetUploadPartUrl = {
  __typename?: 'DatasetUploadPartUrl';
  partNumber: Scalars['Int']['output'];
  url: Scalars['String']['output'];
};

/** What validating and indexing a dataset found. */
export type DatasetValidation = {
  __typename?: 'DatasetValidation';
  /** Classes, in label order. */
  classNames: Array<Scalars['String']['output']>;
  /** The dataset with its new counts and class names. */
  dataset: Dataset;
  /** Annotations (boxes) found. */
  numAnnotations: Scalars['Int']['output'];
  /** Valid images. */
  numImages: Scalars['Int']['output'];
  /** Per-file problems (at most 500). */
  problems: Array<DatasetFileProblem>;
  /** More problems were found than listed. */
  problemsTruncated: Scalars['Boolean']['output'];
};

/** One annotation box of an image, in fractions of the image's width and height (0 to 1), from its top-left corner. */
export type ImageAnnotation = {
  __typename?: 'ImageAnnotation';
  /** The box's class name. */
  className: Scalars['String']['output'];
  /** Height, as a fraction of the image height. */
  height: Scalars['Float']['output'];
  /** Width, as a fraction of the image width. */
  width: Scalars['Float']['output'];
  /** Left edge, as a fraction of the image width. */
  x: Scalars['Float']['output'];
  /** Top edge, as a fraction of the image height. */
  y: Scalars['Float']['output'];
};

export type Mutation = {
  __typename?: 'Mutation';
  /** Assemble the confirmed parts into the file; UPLOAD_INCOMPLETE names the missing parts. */
  completeDatasetUpload: DatasetUpload;
  /** Record that a part is stored, with the ETag the bucket answered its PUT with. */
  confirmDatasetUploadPart: DatasetUploadPart;
  /** Create an empty dataset owned by the caller. */
  createDataset: Dataset;
  /** Validate and index the dataset's files (counts, classes, archive) and report per-file problems. */
  finalizeDataset: DatasetValidation;
  /** Start a resumable upload of one file into a dataset the caller may write (READ_WRITE or ADMIN). */
  startDatasetUpload: DatasetUpload;
};


export type MutationCompleteDatasetUploadArgs = {
  datasetId: Scalars['ID']['input'];
  uploadId: Scalars['ID']['input'];
};


export type MutationConfirmDatasetUploadPartArgs = {
  datasetId: Scalars['ID']['input'];
  etag: Scalars['String']['input'];
  partNumber: Scalars['Int']['input'];
  uploadId: Scalars['ID']['input'];
};


export type MutationCreateDatasetArgs = {
  input: CreateDatasetInput;
};


export type MutationFinalizeDatasetArgs = {
  id: Scalars['ID']['input'];
};


export type MutationStartDatasetUploadArgs = {
  input: StartDatasetUploadInput;
};

/** Paging information for a connection. */
export type PageInfo = {
  __typename?: 'PageInfo';
  /** Cursor to pass as `after` for the next page. */
  endCursor?: Maybe<Scalars['String']['output']>;
  /** True when more items follow `endCursor`. */
  hasNextPage: Scalars['Boolean']['output'];
};

/** A time-limited URL that lets a browser or trainer fetch an object directly from storage. */
export type PresignedUrl = {
  __typename?: 'PresignedUrl';
  /** When the URL stops working (ISO 8601). */
  expiresAt: Scalars['String']['output'];
  /** The URL; anyone holding it can fetch the object until it expires. */
  url: Scalars['String']['output'];
};

export type Query = {
  __typename?: 'Query';
  /** One dataset, or null (with a NOT_FOUND error) when it does not exist or is not visible to the caller. */
  dataset?: Maybe<Dataset>;
  /** An upload of the caller's (write access to the dataset needed), to resume it: confirmed parts and URLs for the rest. */
  datasetUpload?: Maybe<DatasetUpload>;
  /** Datasets visible to the caller, newest first, optionally narrowed by `filter`. */
  datasets: DatasetConnection;
};


export type QueryDatasetArgs = {
  id: Scalars['ID']['input'];
};


export type QueryDatasetUploadArgs = {
  datasetId: Scalars['ID']['input'];
  uploadId: Scalars['ID']['input'];
};


export type QueryDatasetsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<DatasetFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** Images of one split. */
export type SplitCount = {
  __typename?: 'SplitCount';
  /** Number of images in this split. */
  count: Scalars['Int']['output'];
  /** `train`, `val`, `test` or `unassigned`. */
  split: Scalars['String']['output'];
};

/** One file to upload into a dataset's folder. */
export type StartDatasetUploadInput = {
  /** MIME type the browser will send with every part (default `application/octet-stream`). */
  contentType?: InputMaybe<Scalars['String']['input']>;
  datasetId: Scalars['ID']['input'];
  /**
   * Path inside the dataset's folder: `images/…` for images, `annotations/…json` (COCO), `labels/…txt`
   * and `classes.txt` (YOLO), `Annotations/…xml` (VOC). Relative, no `..`, at most 100 characters.
   */
  path: Scalars['String']['input'];
  /** Size of the file in bytes (a Float: files may exceed 2 GiB). */
  sizeBytes: Scalars['Float']['input'];
};

export type User = {
  __typename?: 'User';
  /** Datasets owned by this user, as far as the caller may see them (public, granted, or all for admins), newest first. */
  datasets: DatasetConnection;
  id: Scalars['ID']['output'];
};


export type UserDatasetsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
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
  User: User;
}>;

/** Mapping of federation reference types */
export type FederationReferenceTypes = ResolversObject<{
  Dataset:
    ( { __typename: 'Dataset' }
    & GraphQLRecursivePick<FederationTypes['Dataset'], {"id":true}> );
  User:
    ( { __typename: 'User' }
    & GraphQLRecursivePick<FederationTypes['User'], {"id":true}> );
}>;



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  ClassCount: ResolverTypeWrapper<ClassCount>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  CreateDatasetInput: CreateDatasetInput;
  Dataset: ResolverTypeWrapper<DatasetParent>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  DatasetConnection: ResolverTypeWrapper<Omit<DatasetConnection, 'nodes'> & { nodes: Array<ResolversTypes['Dataset']> }>;
  DatasetFileProblem: ResolverTypeWrapper<DatasetFileProblem>;
  DatasetFilter: DatasetFilter;
  DatasetImage: ResolverTypeWrapper<DatasetImage>;
  DatasetImageConnection: ResolverTypeWrapper<DatasetImageConnection>;
  DatasetPermissionLevel: DatasetPermissionLevel;
  DatasetStatistics: ResolverTypeWrapper<DatasetStatistics>;
  DatasetUpload: ResolverTypeWrapper<DatasetUpload>;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  DatasetUploadPart: ResolverTypeWrapper<DatasetUploadPart>;
  DatasetUploadPartUrl: ResolverTypeWrapper<DatasetUploadPartUrl>;
  DatasetValidation: ResolverTypeWrapper<Omit<DatasetValidation, 'dataset'> & { dataset: ResolversTypes['Dataset'] }>;
  ImageAnnotation: ResolverTypeWrapper<ImageAnnotation>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  PresignedUrl: ResolverTypeWrapper<PresignedUrl>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  SplitCount: ResolverTypeWrapper<SplitCount>;
  StartDatasetUploadInput: StartDatasetUploadInput;
  User: ResolverTypeWrapper<UserRef>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  ClassCount: ClassCount;
  Int: Scalars['Int']['output'];
  CreateDatasetInput: CreateDatasetInput;
  Dataset: DatasetParent;
  ID: Scalars['ID']['output'];
  Boolean: Scalars['Boolean']['output'];
  DatasetConnection: Omit<DatasetConnection, 'nodes'> & { nodes: Array<ResolversParentTypes['Dataset']> };
  DatasetFileProblem: DatasetFileProblem;
  DatasetFilter: DatasetFilter;
  DatasetImage: DatasetImage;
  DatasetImageConnection: DatasetImageConnection;
  DatasetStatistics: DatasetStatistics;
  DatasetUpload: DatasetUpload;
  Float: Scalars['Float']['output'];
  DatasetUploadPart: DatasetUploadPart;
  DatasetUploadPartUrl: DatasetUploadPartUrl;
  DatasetValidation: Omit<DatasetValidation, 'dataset'> & { dataset: ResolversParentTypes['Dataset'] };
  ImageAnnotation: ImageAnnotation;
  Mutation: Record<PropertyKey, never>;
  PageInfo: PageInfo;
  PresignedUrl: PresignedUrl;
  Query: Record<PropertyKey, never>;
  SplitCount: SplitCount;
  StartDatasetUploadInput: StartDatasetUploadInput;
  User: UserRef;
  String: Scalars['String']['output'];
}>;

export type AccessDirectiveArgs = {
  role: Scalars['String']['input'];
};

export type AccessDirectiveResolver<Result, Parent, ContextType = DatasetsContext, Args = AccessDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type ClassCountResolvers<ContextType = DatasetsContext, ParentType extends ResolversParentTypes['ClassCount'] = ResolversParentTypes['ClassCount']> = ResolversObject<{
  className?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  count?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type DatasetResolvers<ContextType = DatasetsContext, ParentType extends ResolversParentTypes['Dataset'] = ResolversParentTypes['Dataset'], FederationReferenceType extends FederationReferenceTypes['Dataset'] = FederationReferenceTypes['Dataset']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Dataset']> | FederationReferenceType, FederationReferenceType, ContextType>;
  classNames?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  downloadUrl?: Resolver<ResolversTypes['PresignedUrl'], ParentType, ContextType, RequireFields<DatasetDownloadUrlArgs, 'expiresIn'>>;
  format?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  imagePage?: Resolver<ResolversTypes['DatasetImageConnection'], ParentType, ContextType, RequireFields<DatasetImagePageArgs, 'first'>>;
  images?: Resolver<Array<ResolversTypes['DatasetImage']>, ParentType, ContextType, RequireFields<DatasetImagesArgs, 'first'>>;
  isLegacy?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  labeled?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  myPermission?: Resolver<Maybe<ResolversTypes['DatasetPermissionLevel']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  numClasses?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  numImages?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  owner?: Resolver<Maybe<ResolversTypes['User']>, ParentType, ContextType>;
  statistics?: Resolver<ResolversTypes['DatasetStatistics'], ParentType, ContextType>;
  storagePath?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  storageType?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  tags?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  visibility?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type DatasetConnectionResolvers<ContextType = DatasetsContext, ParentType extends ResolversParentTypes['DatasetConnection'] = ResolversParentTypes['DatasetConnection']> = ResolversObject<{
  nodes?: Resolver<Array<ResolversTypes['Dataset']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type DatasetFileProblemResolvers<ContextType = DatasetsContext, ParentType extends ResolversParentTypes['DatasetFileProblem'] = ResolversParentTypes['DatasetFileProblem']> = ResolversObject<{
  code?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  path?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type DatasetImageResolvers<ContextType = DatasetsContext, ParentType extends ResolversParentTypes['DatasetImage'] = ResolversParentTypes['DatasetImage']> = ResolversObject<{
  annotations?: Resolver<Maybe<Array<ResolversTypes['ImageAnnotation']>>, ParentType, ContextType>;
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  sizeBytes?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  split?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  url?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type DatasetImageConnectionResolvers<ContextType = DatasetsContext, ParentType extends ResolversParentTypes['DatasetImageConnection'] = ResolversParentTypes['DatasetImageConnection']> = ResolversObject<{
  nodes?: Resolver<Array<ResolversTypes['DatasetImage']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type DatasetStatisticsResolvers<ContextType = DatasetsContext, ParentType extends ResolversParentTypes['DatasetStatistics'] = ResolversParentTypes['DatasetStatistics']> = ResolversObject<{
  classCounts?: Resolver<Array<ResolversTypes['ClassCount']>, ParentType, ContextType>;
  numAnnotations?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  splitCounts?: Resolver<Array<ResolversTypes['SplitCount']>, ParentType, ContextType>;
}>;

export type DatasetUploadResolvers<ContextType = DatasetsContext, ParentType extends ResolversParentTypes['DatasetUpload'] = ResolversParentTypes['DatasetUpload']> = ResolversObject<{
  datasetId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  expiresAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  partCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  partSize?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  partUrls?: Resolver<Array<ResolversTypes['DatasetUploadPartUrl']>, ParentType, ContextType>;
  path?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  sizeBytes?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  state?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  uploadedParts?: Resolver<Array<ResolversTypes['DatasetUploadPart']>, ParentType, ContextType>;
}>;

export type DatasetUploadPartResolvers<ContextType = DatasetsContext, ParentType extends ResolversParentTypes['DatasetUploadPart'] = ResolversParentTypes['DatasetUploadPart']> = ResolversObject<{
  etag?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  partNumber?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type DatasetUploadPartUrlResolvers<ContextType = DatasetsContext, ParentType extends ResolversParentTypes['DatasetUploadPartUrl'] = ResolversParentTypes['DatasetUploadPartUrl']> = ResolversObject<{
  partNumber?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  url?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type DatasetValidationResolvers<ContextType = DatasetsContext, ParentType extends ResolversParentTypes['DatasetValidation'] = ResolversParentTypes['DatasetValidation']> = ResolversObject<{
  classNames?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  dataset?: Resolver<ResolversTypes['Dataset'], ParentType, ContextType>;
  numAnnotations?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  numImages?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  problems?: Resolver<Array<ResolversTypes['DatasetFileProblem']>, ParentType, ContextType>;
  problemsTruncated?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
}>;

export type ImageAnnotationResolvers<ContextType = DatasetsContext, ParentType extends ResolversParentTypes['ImageAnnotation'] = ResolversParentTypes['ImageAnnotation']> = ResolversObject<{
  className?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  height?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  width?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  x?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  y?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
}>;

export type MutationResolvers<ContextType = DatasetsContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  completeDatasetUpload?: Resolver<ResolversTypes['DatasetUpload'], ParentType, ContextType, RequireFields<MutationCompleteDatasetUploadArgs, 'datasetId' | 'uploadId'>>;
  confirmDatasetUploadPart?: Resolver<ResolversTypes['DatasetUploadPart'], ParentType, ContextType, RequireFields<MutationConfirmDatasetUploadPartArgs, 'datasetId' | 'etag' | 'partNumber' | 'uploadId'>>;
  createDataset?: Resolver<ResolversTypes['Dataset'], ParentType, ContextType, RequireFields<MutationCreateDatasetArgs, 'input'>>;
  finalizeDataset?: Resolver<ResolversTypes['DatasetValidation'], ParentType, ContextType, RequireFields<MutationFinalizeDatasetArgs, 'id'>>;
  startDatasetUpload?: Resolver<ResolversTypes['DatasetUpload'], ParentType, ContextType, RequireFields<MutationStartDatasetUploadArgs, 'input'>>;
}>;

export type PageInfoResolvers<ContextType = DatasetsContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = ResolversObject<{
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
}>;

export type PresignedUrlResolvers<ContextType = DatasetsContext, ParentType extends ResolversParentTypes['PresignedUrl'] = ResolversParentTypes['PresignedUrl']> = ResolversObject<{
  expiresAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  url?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type QueryResolvers<ContextType = DatasetsContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  dataset?: Resolver<Maybe<ResolversTypes['Dataset']>, ParentType, ContextType, RequireFields<QueryDatasetArgs, 'id'>>;
  datasetUpload?: Resolver<Maybe<ResolversTypes['DatasetUpload']>, ParentType, ContextType, RequireFields<QueryDatasetUploadArgs, 'datasetId' | 'uploadId'>>;
  datasets?: Resolver<ResolversTypes['DatasetConnection'], ParentType, ContextType, RequireFields<QueryDatasetsArgs, 'first'>>;
}>;

export type SplitCountResolvers<ContextType = DatasetsContext, ParentType extends ResolversParentTypes['SplitCount'] = ResolversParentTypes['SplitCount']> = ResolversObject<{
  count?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  split?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type UserResolvers<ContextType = DatasetsContext, ParentType extends ResolversParentTypes['User'] = ResolversParentTypes['User'], FederationReferenceType extends FederationReferenceTypes['User'] = FederationReferenceTypes['User']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['User']> | FederationReferenceType, FederationReferenceType, ContextType>;
  datasets?: Resolver<ResolversTypes['DatasetConnection'], ParentType, ContextType, RequireFields<UserDatasetsArgs, 'first'>>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type Resolvers<ContextType = DatasetsContext> = ResolversObject<{
  ClassCount?: ClassCountResolvers<ContextType>;
  Dataset?: DatasetResolvers<ContextType>;
  DatasetConnection?: DatasetConnectionResolvers<ContextType>;
  DatasetFileProblem?: DatasetFileProblemResolvers<ContextType>;
  DatasetImage?: DatasetImageResolvers<ContextType>;
  DatasetImageConnection?: DatasetImageConnectionResolvers<ContextType>;
  DatasetStatistics?: DatasetStatisticsResolvers<ContextType>;
  DatasetUpload?: DatasetUploadResolvers<ContextType>;
  DatasetUploadPart?: DatasetUploadPartResolvers<ContextType>;
  DatasetUploadPartUrl?: DatasetUploadPartUrlResolvers<ContextType>;
  DatasetValidation?: DatasetValidationResolvers<ContextType>;
  ImageAnnotation?: ImageAnnotationResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  PresignedUrl?: PresignedUrlResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  SplitCount?: SplitCountResolvers<ContextType>;
  User?: UserResolvers<ContextType>;
}>;

export type DirectiveResolvers<ContextType = DatasetsContext> = ResolversObject<{
  access?: AccessDirectiveResolver<any, any, ContextType>;
}>;
