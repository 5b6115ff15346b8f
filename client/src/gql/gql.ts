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
    "\n  query Me {\n    me {\n      id\n      email\n      fullName\n      role\n      organization {\n        id\n        name\n      }\n    }\n  }\n": typeof types.MeDocument,
    "\n  fragment JobRow_job on TrainingJob {\n    id\n    name\n    status\n    queueReason\n    errorMessage\n    createdAt\n    updatedAt\n    startedAt\n    finishedAt\n    ...JobProgress_job\n    owner {\n      id\n      email\n    }\n    dataset {\n      id\n      name\n    }\n  }\n": typeof types.JobRow_JobFragmentDoc,
    "\n  subscription JobRowUpdated($id: ID!) {\n    trainingJobUpdated(id: $id) {\n      id\n      status\n      queueReason\n      errorMessage\n      updatedAt\n      startedAt\n      finishedAt\n      ...JobProgress_job\n    }\n  }\n": typeof types.JobRowUpdatedDocument,
    "\n  mutation CancelJob($id: ID!) {\n    cancelTrainingJob(id: $id) {\n      id\n      status\n      updatedAt\n    }\n  }\n": typeof types.CancelJobDocument,
    "\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      ...AuthSession_payload\n    }\n  }\n": typeof types.LoginDocument,
    "\n  query InvitationPreview($token: String!) {\n    invitationPreview(token: $token) {\n      email\n      role\n      organizationName\n      status\n      expiresAt\n    }\n  }\n": typeof types.InvitationPreviewDocument,
    "\n  mutation AcceptInvitation($token: String!, $password: String!, $fullName: String!) {\n    acceptInvitation(token: $token, password: $password, fullName: $fullName) {\n      ...AuthSession_payload\n    }\n  }\n": typeof types.AcceptInvitationDocument,
    "\n  mutation Logout($refreshToken: String!) {\n    logout(refreshToken: $refreshToken)\n  }\n": typeof types.LogoutDocument,
    "\n  query Profile {\n    me {\n      id\n      email\n      fullName\n      role\n      createdAt\n      organization {\n        id\n        name\n      }\n    }\n  }\n": typeof types.ProfileDocument,
    "\n  mutation UpdateProfile($fullName: String!) {\n    updateProfile(fullName: $fullName) {\n      id\n      fullName\n    }\n  }\n": typeof types.UpdateProfileDocument,
    "\n  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {\n    changePassword(currentPassword: $currentPassword, newPassword: $newPassword)\n  }\n": typeof types.ChangePasswordDocument,
    "\n  fragment AuthSession_payload on AuthPayload {\n    accessToken\n    refreshToken\n    user {\n      id\n      email\n      role\n    }\n  }\n": typeof types.AuthSession_PayloadFragmentDoc,
    "\n  fragment UserAdminRow_user on User {\n    id\n    email\n    fullName\n    role\n    isActive\n    createdAt\n  }\n": typeof types.UserAdminRow_UserFragmentDoc,
    "\n  mutation UpdateUserRole($userId: ID!, $role: UserRole!) {\n    updateUserRole(userId: $userId, role: $role) {\n      id\n      role\n    }\n  }\n": typeof types.UpdateUserRoleDocument,
    "\n  mutation DeactivateUser($userId: ID!) {\n    deactivateUser(userId: $userId) {\n      id\n      isActive\n    }\n  }\n": typeof types.DeactivateUserDocument,
    "\n  query AdminUsers($first: Int!, $search: String) {\n    users(first: $first, search: $search) {\n      totalCount\n      pageInfo {\n        hasNextPage\n      }\n      nodes {\n        id\n        ...UserAdminRow_user\n      }\n    }\n  }\n": typeof types.AdminUsersDocument,
    "\n  query DatasetDetail($id: ID!) {\n    dataset(id: $id) {\n      id\n      name\n      description\n      format\n      labeled\n      visibility\n      storageType\n      storagePath\n      numImages\n      numClasses\n      classNames\n      tags\n      createdAt\n      updatedAt\n      owner {\n        id\n        email\n      }\n      myPermission\n      isLegacy\n    }\n  }\n": typeof types.DatasetDetailDocument,
    "\n  fragment DatasetRow_dataset on Dataset {\n    id\n    name\n    format\n    labeled\n    visibility\n    numImages\n    numClasses\n    tags\n    owner {\n      id\n      email\n    }\n  }\n": typeof types.DatasetRow_DatasetFragmentDoc,
    "\n  mutation CreateDatasetForUpload($input: CreateDatasetInput!) {\n    createDataset(input: $input) {\n      id\n      name\n    }\n  }\n": typeof types.CreateDatasetForUploadDocument,
    "\n  mutation StartDatasetUpload($input: StartDatasetUploadInput!) {\n    startDatasetUpload(input: $input) {\n      id\n      partSize\n      partCount\n      uploadedParts {\n        partNumber\n      }\n      partUrls {\n        partNumber\n        url\n      }\n    }\n  }\n": typeof types.StartDatasetUploadDocument,
    "\n  query DatasetUploadStatus($datasetId: ID!, $uploadId: ID!) {\n    datasetUpload(datasetId: $datasetId, uploadId: $uploadId) {\n      id\n      partSize\n      partCount\n      uploadedParts {\n        partNumber\n      }\n      partUrls {\n        partNumber\n        url\n      }\n    }\n  }\n": typeof types.DatasetUploadStatusDocument,
    "\n  mutation ConfirmDatasetUploadPart($datasetId: ID!, $uploadId: ID!, $partNumber: Int!, $etag: String!) {\n    confirmDatasetUploadPart(datasetId: $datasetId, uploadId: $uploadId, partNumber: $partNumber, etag: $etag) {\n      partNumber\n    }\n  }\n": typeof types.ConfirmDatasetUploadPartDocument,
    "\n  mutation CompleteDatasetUpload($datasetId: ID!, $uploadId: ID!) {\n    completeDatasetUpload(datasetId: $datasetId, uploadId: $uploadId) {\n      id\n      state\n    }\n  }\n": typeof types.CompleteDatasetUploadDocument,
    "\n  mutation FinalizeUploadedDataset($id: ID!) {\n    finalizeDataset(id: $id) {\n      numImages\n      numAnnotations\n      classNames\n      problems {\n        path\n        code\n        message\n      }\n      problemsTruncated\n    }\n  }\n": typeof types.FinalizeUploadedDatasetDocument,
    "\n  query DatasetViewer($id: ID!, $first: Int!, $after: String) {\n    dataset(id: $id) {\n      id\n      imagePage(first: $first, after: $after) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        nodes {\n          key\n          url\n          split\n          annotations {\n            className\n            x\n            y\n            width\n            height\n          }\n        }\n      }\n    }\n  }\n": typeof types.DatasetViewerDocument,
    "\n  query DatasetStatistics($id: ID!) {\n    dataset(id: $id) {\n      id\n      statistics {\n        numAnnotations\n        classCounts {\n          className\n          count\n        }\n        splitCounts {\n          split\n          count\n        }\n      }\n    }\n  }\n": typeof types.DatasetStatisticsDocument,
    "\n  query Datasets($filter: DatasetFilter, $first: Int!, $after: String) {\n    datasets(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        ...DatasetRow_dataset\n      }\n    }\n  }\n": typeof types.DatasetsDocument,
    "\n  query DatasetDownloadUrl($id: ID!, $expiresIn: Int!) {\n    dataset(id: $id) {\n      id\n      downloadUrl(expiresIn: $expiresIn) {\n        url\n        expiresAt\n      }\n    }\n  }\n": typeof types.DatasetDownloadUrlDocument,
    "\n  query Deployments {\n    deployments(first: 50) {\n      id\n      name\n      status\n      createdAt\n      modelVersion {\n        id\n        version\n        model {\n          id\n          name\n        }\n      }\n    }\n    models(first: 50) {\n      nodes {\n        id\n        name\n        project {\n          id\n          viewerCanCreateJobs\n        }\n        versions {\n          id\n          version\n        }\n      }\n    }\n  }\n": typeof types.DeploymentsDocument,
    "\n  query DeploymentPage($id: ID!) {\n    deployment(id: $id) {\n      id\n      name\n      status\n      statusReason\n      endpointPath\n      modelSha256\n      createdAt\n      project {\n        id\n        viewerCanCreateJobs\n      }\n      modelVersion {\n        id\n        version\n        model {\n          id\n          name\n        }\n      }\n      metrics {\n        requestCount\n        errorCount\n        predictionCount\n        latencyP50Ms\n        latencyP99Ms\n      }\n    }\n  }\n": typeof types.DeploymentPageDocument,
    "\n  mutation CreateDeployment($modelVersionId: ID!, $name: String!) {\n    createDeployment(modelVersionId: $modelVersionId, name: $name) {\n      id\n      status\n    }\n  }\n": typeof types.CreateDeploymentDocument,
    "\n  mutation StopDeployment($id: ID!) {\n    stopDeployment(id: $id) {\n      id\n      status\n      statusReason\n    }\n  }\n": typeof types.StopDeploymentDocument,
    "\n  query ModelPage($id: ID!) {\n    model(id: $id) {\n      id\n      name\n      createdAt\n      project {\n        id\n        name\n        viewerCanCreateJobs\n      }\n      versions {\n        id\n        version\n        description\n        framework\n        task\n        architecture\n        createdAt\n        registeredBy {\n          id\n          email\n        }\n        metrics {\n          name\n          value\n        }\n        job {\n          id\n          name\n        }\n        datasetSnapshot {\n          id\n          objectCount\n        }\n        dataset {\n          id\n          name\n        }\n        artifacts {\n          name\n          sizeBytes\n          downloadUrl\n        }\n        exports {\n          id\n          format\n          status\n          queueReason\n          progress\n          sizeBytes\n          sha256\n          fileName\n          downloadUrl\n          errorMessage\n          options {\n            opset\n            precision\n            inputSize\n          }\n        }\n      }\n    }\n  }\n": typeof types.ModelPageDocument,
    "\n  mutation CreateExport($modelVersionId: ID!, $format: ExportFormat!, $options: ExportOptionsInput) {\n    createExport(modelVersionId: $modelVersionId, format: $format, options: $options) {\n      id\n      status\n    }\n  }\n": typeof types.CreateExportDocument,
    "\n  query Models($first: Int!, $after: String) {\n    models(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        name\n        createdAt\n        versionCount\n        project {\n          id\n          name\n        }\n        latestVersion {\n          id\n          version\n          metrics {\n            name\n            value\n          }\n        }\n      }\n    }\n  }\n": typeof types.ModelsDocument,
    "\n  query JobModelVersions($id: ID!) {\n    trainingJob(id: $id) {\n      id\n      modelVersions {\n        id\n        version\n        model {\n          id\n          name\n        }\n      }\n    }\n  }\n": typeof types.JobModelVersionsDocument,
    "\n  mutation RegisterModelVersion($input: RegisterModelVersionInput!) {\n    registerModelVersion(input: $input) {\n      id\n      version\n      model {\n        id\n      }\n    }\n  }\n": typeof types.RegisterModelVersionDocument,
    "\n  query OrganizationInvitations($id: ID!) {\n    organization(id: $id) {\n      id\n      invitations {\n        id\n        email\n        role\n        status\n        expiresAt\n        acceptedAt\n        createdAt\n        invitedBy {\n          id\n          email\n        }\n      }\n    }\n  }\n": typeof types.OrganizationInvitationsDocument,
    "\n  mutation RevokeInvitation($id: ID!) {\n    revokeInvitation(id: $id) {\n      id\n      status\n    }\n  }\n": typeof types.RevokeInvitationDocument,
    "\n  mutation InviteUser($input: InviteInput!) {\n    inviteUser(input: $input) {\n      token\n      acceptUrl\n      invitation {\n        id\n        email\n        role\n        status\n        expiresAt\n        projectId\n        datasetId\n        datasetPermission\n      }\n    }\n  }\n": typeof types.InviteUserDocument,
    "\n  query InviteTargets {\n    projects(first: 100) {\n      nodes {\n        id\n        name\n      }\n    }\n    datasets(first: 100) {\n      nodes {\n        id\n        name\n        myPermission\n      }\n    }\n  }\n": typeof types.InviteTargetsDocument,
    "\n  fragment MembersTable_user on User {\n    id\n    email\n    fullName\n    role\n    isActive\n  }\n": typeof types.MembersTable_UserFragmentDoc,
    "\n  query Organization($id: ID!) {\n    organization(id: $id) {\n      id\n      name\n      createdAt\n      members {\n        id\n        ...MembersTable_user\n      }\n    }\n  }\n": typeof types.OrganizationDocument,
    "\n  mutation RenameOrganization($id: ID!, $name: String!) {\n    renameOrganization(id: $id, name: $name) {\n      id\n      name\n    }\n  }\n": typeof types.RenameOrganizationDocument,
    "\n  mutation AddProjectMember($projectId: ID!, $userId: ID!, $role: String!) {\n    addProjectMember(projectId: $projectId, userId: $userId, role: $role) {\n      role\n      addedAt\n      user {\n        id\n        email\n        fullName\n      }\n    }\n  }\n": typeof types.AddProjectMemberDocument,
    "\n  query MemberCandidates($first: Int!, $search: String) {\n    users(first: $first, search: $search) {\n      totalCount\n      nodes {\n        id\n        email\n        fullName\n        isActive\n      }\n    }\n  }\n": typeof types.MemberCandidatesDocument,
    "\n  fragment Comparison_experiment on Experiment {\n    comparison {\n      metricNames\n      rows {\n        trainingJob {\n          id\n          name\n          status\n          model\n          config\n        }\n        finalMetrics {\n          name\n          value\n        }\n      }\n    }\n  }\n": typeof types.Comparison_ExperimentFragmentDoc,
    "\n  query ExperimentCurves($id: ID!) {\n    experiment(id: $id) {\n      id\n      trainingJobs {\n        id\n        name\n      }\n    }\n  }\n": typeof types.ExperimentCurvesDocument,
    "\n  query ExperimentPage($id: ID!) {\n    experiment(id: $id) {\n      id\n      name\n      description\n      createdAt\n      starredByMe\n      starCount\n      createdBy {\n        id\n        email\n      }\n      project {\n        id\n        name\n        viewerCanCreateJobs\n      }\n      trainingJobs {\n        id\n        ...JobRow_job\n      }\n      comparison {\n        metricNames\n      }\n      ...Comparison_experiment\n    }\n  }\n": typeof types.ExperimentPageDocument,
    "\n  fragment ExperimentItem_experiment on Experiment {\n    id\n    name\n    description\n    starredByMe\n    starCount\n    createdAt\n    createdBy {\n      id\n      email\n    }\n  }\n": typeof types.ExperimentItem_ExperimentFragmentDoc,
    "\n  query ProjectMembers($id: ID!) {\n    project(id: $id) {\n      id\n      members {\n        role\n        addedAt\n        user {\n          id\n          email\n          fullName\n        }\n      }\n    }\n  }\n": typeof types.ProjectMembersDocument,
    "\n  mutation RemoveProjectMember($projectId: ID!, $userId: ID!) {\n    removeProjectMember(projectId: $projectId, userId: $userId)\n  }\n": typeof types.RemoveProjectMemberDocument,
    "\n  mutation CreateExperiment($input: CreateExperimentInput!) {\n    createExperiment(input: $input) {\n      id\n      name\n      project {\n        id\n      }\n    }\n  }\n": typeof types.CreateExperimentDocument,
    "\n  mutation CreateProject($input: CreateProjectInput!) {\n    createProject(input: $input) {\n      id\n      name\n    }\n  }\n": typeof types.CreateProjectDocument,
    "\n  query ProjectPage($id: ID!) {\n    project(id: $id) {\n      id\n      name\n      description\n      createdAt\n      myRole\n      viewerCanCreateJobs\n      owner {\n        id\n        email\n      }\n      experiments {\n        id\n        ...ExperimentItem_experiment\n      }\n    }\n  }\n": typeof types.ProjectPageDocument,
    "\n  query Projects($first: Int!, $after: String) {\n    projects(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        name\n        description\n        myRole\n        createdAt\n        owner {\n          id\n          email\n        }\n      }\n    }\n  }\n": typeof types.ProjectsDocument,
    "\n  mutation StarExperiment($id: ID!, $starred: Boolean!) {\n    starExperiment(id: $id, starred: $starred) {\n      id\n      starredByMe\n      starCount\n    }\n  }\n": typeof types.StarExperimentDocument,
    "\n  query JobExperiment($id: ID!) {\n    me {\n      id\n      role\n    }\n    trainingJob(id: $id) {\n      id\n      owner {\n        id\n      }\n      experiment {\n        id\n        name\n      }\n      project {\n        id\n        name\n        myRole\n        experiments {\n          id\n          name\n        }\n      }\n    }\n  }\n": typeof types.JobExperimentDocument,
    "\n  mutation SetTrainingJobExperiment($jobId: ID!, $experimentId: ID) {\n    setTrainingJobExperiment(jobId: $jobId, experimentId: $experimentId) {\n      id\n      experiment {\n        id\n        name\n      }\n    }\n  }\n": typeof types.SetTrainingJobExperimentDocument,
    "\n  query JobPage($id: ID!) {\n    trainingJob(id: $id) {\n      id\n      name\n      status\n      queueReason\n      epoch\n      totalEpochs\n      etaSeconds\n      errorMessage\n      framework\n      task\n      model\n      config\n      attempts\n      createdAt\n      updatedAt\n      startedAt\n      finishedAt\n      ...JobProgress_job\n      dataset {\n        id\n        name\n      }\n      datasetSnapshot {\n        id\n        objectCount\n        totalBytes\n        createdAt\n      }\n      retryOf {\n        id\n        name\n      }\n      project {\n        id\n        viewerCanCreateJobs\n      }\n    }\n  }\n": typeof types.JobPageDocument,
    "\n  query JobCheckpoints($id: ID!) {\n    trainingJob(id: $id) {\n      id\n      checkpoints {\n        name\n        sizeBytes\n        downloadUrl\n      }\n    }\n  }\n": typeof types.JobCheckpointsDocument,
    "\n  subscription JobPageUpdated($id: ID!) {\n    trainingJobUpdated(id: $id) {\n      id\n      status\n      queueReason\n      epoch\n      totalEpochs\n      etaSeconds\n      errorMessage\n      attempts\n      updatedAt\n      startedAt\n      finishedAt\n      ...JobProgress_job\n    }\n  }\n": typeof types.JobPageUpdatedDocument,
    "\n  mutation CancelFromJobPage($id: ID!) {\n    cancelTrainingJob(id: $id) {\n      id\n      status\n    }\n  }\n": typeof types.CancelFromJobPageDocument,
    "\n  mutation RetryFromJobPage($id: ID!) {\n    retryTrainingJob(id: $id) {\n      id\n    }\n  }\n": typeof types.RetryFromJobPageDocument,
    "\n  fragment JobProgress_job on TrainingJob {\n    progress\n    epoch\n    totalEpochs\n  }\n": typeof types.JobProgress_JobFragmentDoc,
    "\n  query TrainingJobs($first: Int!, $after: String, $filter: TrainingJobFilter) {\n    trainingJobs(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        ...JobRow_job\n      }\n    }\n  }\n": typeof types.TrainingJobsDocument,
    "\n  subscription JobsListCreated($projectId: ID) {\n    trainingJobCreated(projectId: $projectId) {\n      id\n    }\n  }\n": typeof types.JobsListCreatedDocument,
    "\n  query NewJobOptions {\n    projects(first: 100) {\n      nodes {\n        id\n        name\n        viewerCanCreateJobs\n      }\n    }\n    datasets(first: 100) {\n      nodes {\n        id\n        name\n        labeled\n        numImages\n      }\n    }\n  }\n": typeof types.NewJobOptionsDocument,
    "\n  query NewJobExperiments($projectId: ID!) {\n    project(id: $projectId) {\n      id\n      experiments {\n        id\n        name\n      }\n    }\n  }\n": typeof types.NewJobExperimentsDocument,
    "\n  query TrainingFrameworks {\n    trainingFrameworks {\n      name\n      tasks\n    }\n  }\n": typeof types.TrainingFrameworksDocument,
    "\n  query TrainingConfigSchema($framework: String!, $task: String!) {\n    trainingConfigSchema(framework: $framework, task: $task)\n  }\n": typeof types.TrainingConfigSchemaDocument,
    "\n  mutation CreateTrainingJob($input: CreateTrainingJobInput!) {\n    createTrainingJob(input: $input) {\n      id\n    }\n  }\n": typeof types.CreateTrainingJobDocument,
    "\n  subscription JobLogsStream($jobId: ID!, $after: String) {\n    trainingJobLogs(jobId: $jobId, after: $after) {\n      cursor\n      lines {\n        cursor\n        id\n        level\n        message\n        time\n      }\n    }\n  }\n": typeof types.JobLogsStreamDocument,
    "\n  subscription JobMetricsStream($jobId: ID!, $after: String) {\n    trainingJobMetrics(jobId: $jobId, after: $after) {\n      cursor\n      points {\n        cursor\n        name\n        epoch\n        step\n        value\n      }\n    }\n  }\n": typeof types.JobMetricsStreamDocument,
    "\n  subscription JobSystemStream($jobId: ID!, $after: String) {\n    trainingJobSystem(jobId: $jobId, after: $after) {\n      cursor\n      samples {\n        cursor\n        at\n        cpuPercent\n        memoryBytes\n        gpuPercent\n        gpuMemoryBytes\n      }\n    }\n  }\n": typeof types.JobSystemStreamDocument,
};
const documents: Documents = {
    "\n  query Me {\n    me {\n      id\n      email\n      fullName\n      role\n      organization {\n        id\n        name\n      }\n    }\n  }\n": types.MeDocument,
    "\n  fragment JobRow_job on TrainingJob {\n    id\n    name\n    status\n    queueReason\n    errorMessage\n    createdAt\n    updatedAt\n    startedAt\n    finishedAt\n    ...JobProgress_job\n    owner {\n      id\n      email\n    }\n    dataset {\n      id\n      name\n    }\n  }\n": types.JobRow_JobFragmentDoc,
    "\n  subscription JobRowUpdated($id: ID!) {\n    trainingJobUpdated(id: $id) {\n      id\n      status\n      queueReason\n      errorMessage\n      updatedAt\n      startedAt\n      finishedAt\n      ...JobProgress_job\n    }\n  }\n": types.JobRowUpdatedDocument,
    "\n  mutation CancelJob($id: ID!) {\n    cancelTrainingJob(id: $id) {\n      id\n      status\n      updatedAt\n    }\n  }\n": types.CancelJobDocument,
    "\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      ...AuthSession_payload\n    }\n  }\n": types.LoginDocument,
    "\n  query InvitationPreview($token: String!) {\n    invitationPreview(token: $token) {\n      email\n      role\n      organizationName\n      status\n      expiresAt\n    }\n  }\n": types.InvitationPreviewDocument,
    "\n  mutation AcceptInvitation($token: String!, $password: String!, $fullName: String!) {\n    acceptInvitation(token: $token, password: $password, fullName: $fullName) {\n      ...AuthSession_payload\n    }\n  }\n": types.AcceptInvitationDocument,
    "\n  mutation Logout($refreshToken: String!) {\n    logout(refreshToken: $refreshToken)\n  }\n": types.LogoutDocument,
    "\n  query Profile {\n    me {\n      id\n      email\n      fullName\n      role\n      createdAt\n      organization {\n        id\n        name\n      }\n    }\n  }\n": types.ProfileDocument,
    "\n  mutation UpdateProfile($fullName: String!) {\n    updateProfile(fullName: $fullName) {\n      id\n      fullName\n    }\n  }\n": types.UpdateProfileDocument,
    "\n  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {\n    changePassword(currentPassword: $currentPassword, newPassword: $newPassword)\n  }\n": types.ChangePasswordDocument,
    "\n  fragment AuthSession_payload on AuthPayload {\n    accessToken\n    refreshToken\n    user {\n      id\n      email\n      role\n    }\n  }\n": types.AuthSession_PayloadFragmentDoc,
    "\n  fragment UserAdminRow_user on User {\n    id\n    email\n    fullName\n    role\n    isActive\n    createdAt\n  }\n": types.UserAdminRow_UserFragmentDoc,
    "\n  mutation UpdateUserRole($userId: ID!, $role: UserRole!) {\n    updateUserRole(userId: $userId, role: $role) {\n      id\n      role\n    }\n  }\n": types.UpdateUserRoleDocument,
    "\n  mutation DeactivateUser($userId: ID!) {\n    deactivateUser(userId: $userId) {\n      id\n      isActive\n    }\n  }\n": types.DeactivateUserDocument,
    "\n  query AdminUsers($first: Int!, $search: String) {\n    users(first: $first, search: $search) {\n      totalCount\n      pageInfo {\n        hasNextPage\n      }\n      nodes {\n        id\n        ...UserAdminRow_user\n      }\n    }\n  }\n": types.AdminUsersDocument,
    "\n  query DatasetDetail($id: ID!) {\n    dataset(id: $id) {\n      id\n      name\n      description\n      format\n      labeled\n      visibility\n      storageType\n      storagePath\n      numImages\n      numClasses\n      classNames\n      tags\n      createdAt\n      updatedAt\n      owner {\n        id\n        email\n      }\n      myPermission\n      isLegacy\n    }\n  }\n": types.DatasetDetailDocument,
    "\n  fragment DatasetRow_dataset on Dataset {\n    id\n    name\n    format\n    labeled\n    visibility\n    numImages\n    numClasses\n    tags\n    owner {\n      id\n      email\n    }\n  }\n": types.DatasetRow_DatasetFragmentDoc,
    "\n  mutation CreateDatasetForUpload($input: CreateDatasetInput!) {\n    createDataset(input: $input) {\n      id\n      name\n    }\n  }\n": types.CreateDatasetForUploadDocument,
    "\n  mutation StartDatasetUpload($input: StartDatasetUploadInput!) {\n    startDatasetUpload(input: $input) {\n      id\n      partSize\n      partCount\n      uploadedParts {\n        partNumber\n      }\n      partUrls {\n        partNumber\n        url\n      }\n    }\n  }\n": types.StartDatasetUploadDocument,
    "\n  query DatasetUploadStatus($datasetId: ID!, $uploadId: ID!) {\n    datasetUpload(datasetId: $datasetId, uploadId: $uploadId) {\n      id\n      partSize\n      partCount\n      uploadedParts {\n        partNumber\n      }\n      partUrls {\n        partNumber\n        url\n      }\n    }\n  }\n": types.DatasetUploadStatusDocument,
    "\n  mutation ConfirmDatasetUploadPart($datasetId: ID!, $uploadId: ID!, $partNumber: Int!, $etag: String!) {\n    confirmDatasetUploadPart(datasetId: $datasetId, uploadId: $uploadId, partNumber: $partNumber, etag: $etag) {\n      partNumber\n    }\n  }\n": types.ConfirmDatasetUploadPartDocument,
    "\n  mutation CompleteDatasetUpload($datasetId: ID!, $uploadId: ID!) {\n    completeDatasetUpload(datasetId: $datasetId, uploadId: $uploadId) {\n      id\n      state\n    }\n  }\n": types.CompleteDatasetUploadDocument,
    "\n  mutation FinalizeUploadedDataset($id: ID!) {\n    finalizeDataset(id: $id) {\n      numImages\n      numAnnotations\n      classNames\n      problems {\n        path\n        code\n        message\n      }\n      problemsTruncated\n    }\n  }\n": types.FinalizeUploadedDatasetDocument,
    "\n  query DatasetViewer($id: ID!, $first: Int!, $after: String) {\n    dataset(id: $id) {\n      id\n      imagePage(first: $first, after: $after) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        nodes {\n          key\n          url\n          split\n          annotations {\n            className\n            x\n            y\n            width\n            height\n          }\n        }\n      }\n    }\n  }\n": types.DatasetViewerDocument,
    "\n  query DatasetStatistics($id: ID!) {\n    dataset(id: $id) {\n      id\n      statistics {\n        numAnnotations\n        classCounts {\n          className\n          count\n        }\n        splitCounts {\n          split\n          count\n        }\n      }\n    }\n  }\n": types.DatasetStatisticsDocument,
    "\n  query Datasets($filter: DatasetFilter, $first: Int!, $after: String) {\n    datasets(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        ...DatasetRow_dataset\n      }\n    }\n  }\n": types.DatasetsDocument,
    "\n  query DatasetDownloadUrl($id: ID!, $expiresIn: Int!) {\n    dataset(id: $id) {\n      id\n      downloadUrl(expiresIn: $expiresIn) {\n        url\n        expiresAt\n      }\n    }\n  }\n": types.DatasetDownloadUrlDocument,
    "\n  query Deployments {\n    deployments(first: 50) {\n      id\n      name\n      status\n      createdAt\n      modelVersion {\n        id\n        version\n        model {\n          id\n          name\n        }\n      }\n    }\n    models(first: 50) {\n      nodes {\n        id\n        name\n        project {\n          id\n          viewerCanCreateJobs\n        }\n        versions {\n          id\n          version\n        }\n      }\n    }\n  }\n": types.DeploymentsDocument,
    "\n  query DeploymentPage($id: ID!) {\n    deployment(id: $id) {\n      id\n      name\n      status\n      statusReason\n      endpointPath\n      modelSha256\n      createdAt\n      project {\n        id\n        viewerCanCreateJobs\n      }\n      modelVersion {\n        id\n        version\n        model {\n          id\n          name\n        }\n      }\n      metrics {\n        requestCount\n        errorCount\n        predictionCount\n        latencyP50Ms\n        latencyP99Ms\n      }\n    }\n  }\n": types.DeploymentPageDocument,
    "\n  mutation CreateDeployment($modelVersionId: ID!, $name: String!) {\n    createDeployment(modelVersionId: $modelVersionId, name: $name) {\n      id\n      status\n    }\n  }\n": types.CreateDeploymentDocument,
    "\n  mutation StopDeployment($id: ID!) {\n    stopDeployment(id: $id) {\n      id\n      status\n      statusReason\n    }\n  }\n": types.StopDeploymentDocument,
    "\n  query ModelPage($id: ID!) {\n    model(id: $id) {\n      id\n      name\n      createdAt\n      project {\n        id\n        name\n        viewerCanCreateJobs\n      }\n      versions {\n        id\n        version\n        description\n        framework\n        task\n        architecture\n        createdAt\n        registeredBy {\n          id\n          email\n        }\n        metrics {\n          name\n          value\n        }\n        job {\n          id\n          name\n        }\n        datasetSnapshot {\n          id\n          objectCount\n        }\n        dataset {\n          id\n          name\n        }\n        artifacts {\n          name\n          sizeBytes\n          downloadUrl\n        }\n        exports {\n          id\n          format\n          status\n          queueReason\n          progress\n          sizeBytes\n          sha256\n          fileName\n          downloadUrl\n          errorMessage\n          options {\n            opset\n            precision\n            inputSize\n          }\n        }\n      }\n    }\n  }\n": types.ModelPageDocument,
    "\n  mutation CreateExport($modelVersionId: ID!, $format: ExportFormat!, $options: ExportOptionsInput) {\n    createExport(modelVersionId: $modelVersionId, format: $format, options: $options) {\n      id\n      status\n    }\n  }\n": types.CreateExportDocument,
    "\n  query Models($first: Int!, $after: String) {\n    models(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        name\n        createdAt\n        versionCount\n        project {\n          id\n          name\n        }\n        latestVersion {\n          id\n          version\n          metrics {\n            name\n            value\n          }\n        }\n      }\n    }\n  }\n": types.ModelsDocument,
    "\n  query JobModelVersions($id: ID!) {\n    trainingJob(id: $id) {\n      id\n      modelVersions {\n        id\n        version\n        model {\n          id\n          name\n        }\n      }\n    }\n  }\n": types.JobModelVersionsDocument,
    "\n  mutation RegisterModelVersion($input: RegisterModelVersionInput!) {\n    registerModelVersion(input: $input) {\n      id\n      version\n      model {\n        id\n      }\n    }\n  }\n": types.RegisterModelVersionDocument,
    "\n  query OrganizationInvitations($id: ID!) {\n    organization(id: $id) {\n      id\n      invitations {\n        id\n        email\n        role\n        status\n        expiresAt\n        acceptedAt\n        createdAt\n        invitedBy {\n          id\n          email\n        }\n      }\n    }\n  }\n": types.OrganizationInvitationsDocument,
    "\n  mutation RevokeInvitation($id: ID!) {\n    revokeInvitation(id: $id) {\n      id\n      status\n    }\n  }\n": types.RevokeInvitationDocument,
    "\n  mutation InviteUser($input: InviteInput!) {\n    inviteUser(input: $input) {\n      token\n      acceptUrl\n      invitation {\n        id\n        email\n        role\n        status\n        expiresAt\n        projectId\n        datasetId\n        datasetPermission\n      }\n    }\n  }\n": types.InviteUserDocument,
    "\n  query InviteTargets {\n    projects(first: 100) {\n      nodes {\n        id\n        name\n      }\n    }\n    datasets(first: 100) {\n      nodes {\n        id\n        name\n        myPermission\n      }\n    }\n  }\n": types.InviteTargetsDocument,
    "\n  fragment MembersTable_user on User {\n    id\n    email\n    fullName\n    role\n    isActive\n  }\n": types.MembersTable_UserFragmentDoc,
    "\n  query Organization($id: ID!) {\n    organization(id: $id) {\n      id\n      name\n      createdAt\n      members {\n        id\n        ...MembersTable_user\n      }\n    }\n  }\n": types.OrganizationDocument,
    "\n  mutation RenameOrganization($id: ID!, $name: String!) {\n    renameOrganization(id: $id, name: $name) {\n      id\n      name\n    }\n  }\n": types.RenameOrganizationDocument,
    "\n  mutation AddProjectMember($projectId: ID!, $userId: ID!, $role: String!) {\n    addProjectMember(projectId: $projectId, userId: $userId, role: $role) {\n      role\n      addedAt\n      user {\n        id\n        email\n        fullName\n      }\n    }\n  }\n": types.AddProjectMemberDocument,
    "\n  query MemberCandidates($first: Int!, $search: String) {\n    users(first: $first, search: $search) {\n      totalCount\n      nodes {\n        id\n        email\n        fullName\n        isActive\n      }\n    }\n  }\n": types.MemberCandidatesDocument,
    "\n  fragment Comparison_experiment on Experiment {\n    comparison {\n      metricNames\n      rows {\n        trainingJob {\n          id\n          name\n          status\n          model\n          config\n        }\n        finalMetrics {\n          name\n          value\n        }\n      }\n    }\n  }\n": types.Comparison_ExperimentFragmentDoc,
    "\n  query ExperimentCurves($id: ID!) {\n    experiment(id: $id) {\n      id\n      trainingJobs {\n        id\n        name\n      }\n    }\n  }\n": types.ExperimentCurvesDocument,
    "\n  query ExperimentPage($id: ID!) {\n    experiment(id: $id) {\n      id\n      name\n      description\n      createdAt\n      starredByMe\n      starCount\n      createdBy {\n        id\n        email\n      }\n      project {\n        id\n        name\n        viewerCanCreateJobs\n      }\n      trainingJobs {\n        id\n        ...JobRow_job\n      }\n      comparison {\n        metricNames\n      }\n      ...Comparison_experiment\n    }\n  }\n": types.ExperimentPageDocument,
    "\n  fragment ExperimentItem_experiment on Experiment {\n    id\n    name\n    description\n    starredByMe\n    starCount\n    createdAt\n    createdBy {\n      id\n      email\n    }\n  }\n": types.ExperimentItem_ExperimentFragmentDoc,
    "\n  query ProjectMembers($id: ID!) {\n    project(id: $id) {\n      id\n      members {\n        role\n        addedAt\n        user {\n          id\n          email\n          fullName\n        }\n      }\n    }\n  }\n": types.ProjectMembersDocument,
    "\n  mutation RemoveProjectMember($projectId: ID!, $userId: ID!) {\n    removeProjectMember(projectId: $projectId, userId: $userId)\n  }\n": types.RemoveProjectMemberDocument,
    "\n  mutation CreateExperiment($input: CreateExperimentInput!) {\n    createExperiment(input: $input) {\n      id\n      name\n      project {\n        id\n      }\n    }\n  }\n": types.CreateExperimentDocument,
    "\n  mutation CreateProject($input: CreateProjectInput!) {\n    createProject(input: $input) {\n      id\n      name\n    }\n  }\n": types.CreateProjectDocument,
    "\n  query ProjectPage($id: ID!) {\n    project(id: $id) {\n      id\n      name\n      description\n      createdAt\n      myRole\n      viewerCanCreateJobs\n      owner {\n        id\n        email\n      }\n      experiments {\n        id\n        ...ExperimentItem_experiment\n      }\n    }\n  }\n": types.ProjectPageDocument,
    "\n  query Projects($first: Int!, $after: String) {\n    projects(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        name\n        description\n        myRole\n        createdAt\n        owner {\n          id\n          email\n        }\n      }\n    }\n  }\n": types.ProjectsDocument,
    "\n  mutation StarExperiment($id: ID!, $starred: Boolean!) {\n    starExperiment(id: $id, starred: $starred) {\n      id\n      starredByMe\n      starCount\n    }\n  }\n": types.StarExperimentDocument,
    "\n  query JobExperiment($id: ID!) {\n    me {\n      id\n      role\n    }\n    trainingJob(id: $id) {\n      id\n      owner {\n        id\n      }\n      experiment {\n        id\n        name\n      }\n      project {\n        id\n        name\n        myRole\n        experiments {\n          id\n          name\n        }\n      }\n    }\n  }\n": types.JobExperimentDocument,
    "\n  mutation SetTrainingJobExperiment($jobId: ID!, $experimentId: ID) {\n    setTrainingJobExperiment(jobId: $jobId, experimentId: $experimentId) {\n      id\n      experiment {\n        id\n        name\n      }\n    }\n  }\n": types.SetTrainingJobExperimentDocument,
    "\n  query JobPage($id: ID!) {\n    trainingJob(id: $id) {\n      id\n      name\n      status\n      queueReason\n      epoch\n      totalEpochs\n      etaSeconds\n      errorMessage\n      framework\n      task\n      model\n      config\n      attempts\n      createdAt\n      updatedAt\n      startedAt\n      finishedAt\n      ...JobProgress_job\n      dataset {\n        id\n        name\n      }\n      datasetSnapshot {\n        id\n        objectCount\n        totalBytes\n        createdAt\n      }\n      retryOf {\n        id\n        name\n      }\n      project {\n        id\n        viewerCanCreateJobs\n      }\n    }\n  }\n": types.JobPageDocument,
    "\n  query JobCheckpoints($id: ID!) {\n    trainingJob(id: $id) {\n      id\n      checkpoints {\n        name\n        sizeBytes\n        downloadUrl\n      }\n    }\n  }\n": types.JobCheckpointsDocument,
    "\n  subscription JobPageUpdated($id: ID!) {\n    trainingJobUpdated(id: $id) {\n      id\n      status\n      queueReason\n      epoch\n      totalEpochs\n      etaSeconds\n      errorMessage\n      attempts\n      updatedAt\n      startedAt\n      finishedAt\n      ...JobProgress_job\n    }\n  }\n": types.JobPageUpdatedDocument,
    "\n  mutation CancelFromJobPage($id: ID!) {\n    cancelTrainingJob(id: $id) {\n      id\n      status\n    }\n  }\n": types.CancelFromJobPageDocument,
    "\n  mutation RetryFromJobPage($id: ID!) {\n    retryTrainingJob(id: $id) {\n      id\n    }\n  }\n": types.RetryFromJobPageDocument,
    "\n  fragment JobProgress_job on TrainingJob {\n    progress\n    epoch\n    totalEpochs\n  }\n": types.JobProgress_JobFragmentDoc,
    "\n  query TrainingJobs($first: Int!, $after: String, $filter: TrainingJobFilter) {\n    trainingJobs(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        ...JobRow_job\n      }\n    }\n  }\n": types.TrainingJobsDocument,
    "\n  subscription JobsListCreated($projectId: ID) {\n    trainingJobCreated(projectId: $projectId) {\n      id\n    }\n  }\n": types.JobsListCreatedDocument,
    "\n  query NewJobOptions {\n    projects(first: 100) {\n      nodes {\n        id\n        name\n        viewerCanCreateJobs\n      }\n    }\n    datasets(first: 100) {\n      nodes {\n        id\n        name\n        labeled\n        numImages\n      }\n    }\n  }\n": types.NewJobOptionsDocument,
    "\n  query NewJobExperiments($projectId: ID!) {\n    project(id: $projectId) {\n      id\n      experiments {\n        id\n        name\n      }\n    }\n  }\n": types.NewJobExperimentsDocument,
    "\n  query TrainingFrameworks {\n    trainingFrameworks {\n      name\n      tasks\n    }\n  }\n": types.TrainingFrameworksDocument,
    "\n  query TrainingConfigSchema($framework: String!, $task: String!) {\n    trainingConfigSchema(framework: $framework, task: $task)\n  }\n": types.TrainingConfigSchemaDocument,
    "\n  mutation CreateTrainingJob($input: CreateTrainingJobInput!) {\n    createTrainingJob(input: $input) {\n      id\n    }\n  }\n": types.CreateTrainingJobDocument,
    "\n  subscription JobLogsStream($jobId: ID!, $after: String) {\n    trainingJobLogs(jobId: $jobId, after: $after) {\n      cursor\n      lines {\n        cursor\n        id\n        level\n        message\n        time\n      }\n    }\n  }\n": types.JobLogsStreamDocument,
    "\n  subscription JobMetricsStream($jobId: ID!, $after: String) {\n    trainingJobMetrics(jobId: $jobId, after: $after) {\n      cursor\n      points {\n        cursor\n        name\n        epoch\n        step\n        value\n      }\n    }\n  }\n": types.JobMetricsStreamDocument,
    "\n  subscription JobSystemStream($jobId: ID!, $after: String) {\n    trainingJobSystem(jobId: $jobId, after: $after) {\n      cursor\n      samples {\n        cursor\n        at\n        cpuPercent\n        memoryBytes\n        gpuPercent\n        gpuMemoryBytes\n      }\n    }\n  }\n": types.JobSystemStreamDocument,
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
export function graphql(source: "\n  query Me {\n    me {\n      id\n      email\n      fullName\n      role\n      organization {\n        id\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  query Me {\n    me {\n      id\n      email\n      fullName\n      role\n      organization {\n        id\n        name\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment JobRow_job on TrainingJob {\n    id\n    name\n    status\n    queueReason\n    errorMessage\n    createdAt\n    updatedAt\n    startedAt\n    finishedAt\n    ...JobProgress_job\n    owner {\n      id\n      email\n    }\n    dataset {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  fragment JobRow_job on TrainingJob {\n    id\n    name\n    status\n    queueReason\n    errorMessage\n    createdAt\n    updatedAt\n    startedAt\n    finishedAt\n    ...JobProgress_job\n    owner {\n      id\n      email\n    }\n    dataset {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription JobRowUpdated($id: ID!) {\n    trainingJobUpdated(id: $id) {\n      id\n      status\n      queueReason\n      errorMessage\n      updatedAt\n      startedAt\n      finishedAt\n      ...JobProgress_job\n    }\n  }\n"): (typeof documents)["\n  subscription JobRowUpdated($id: ID!) {\n    trainingJobUpdated(id: $id) {\n      id\n      status\n      queueReason\n      errorMessage\n      updatedAt\n      startedAt\n      finishedAt\n      ...JobProgress_job\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelJob($id: ID!) {\n    cancelTrainingJob(id: $id) {\n      id\n      status\n      updatedAt\n    }\n  }\n"): (typeof documents)["\n  mutation CancelJob($id: ID!) {\n    cancelTrainingJob(id: $id) {\n      id\n      status\n      updatedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      ...AuthSession_payload\n    }\n  }\n"): (typeof documents)["\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      ...AuthSession_payload\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query InvitationPreview($token: String!) {\n    invitationPreview(token: $token) {\n      email\n      role\n      organizationName\n      status\n      expiresAt\n    }\n  }\n"): (typeof documents)["\n  query InvitationPreview($token: String!) {\n    invitationPreview(token: $token) {\n      email\n      role\n      organizationName\n      status\n      expiresAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AcceptInvitation($token: String!, $password: String!, $fullName: String!) {\n    acceptInvitation(token: $token, password: $password, fullName: $fullName) {\n      ...AuthSession_payload\n    }\n  }\n"): (typeof documents)["\n  mutation AcceptInvitation($token: String!, $password: String!, $fullName: String!) {\n    acceptInvitation(token: $token, password: $password, fullName: $fullName) {\n      ...AuthSession_payload\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Logout($refreshToken: String!) {\n    logout(refreshToken: $refreshToken)\n  }\n"): (typeof documents)["\n  mutation Logout($refreshToken: String!) {\n    logout(refreshToken: $refreshToken)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Profile {\n    me {\n      id\n      email\n      fullName\n      role\n      createdAt\n      organization {\n        id\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  query Profile {\n    me {\n      id\n      email\n      fullName\n      role\n      createdAt\n      organization {\n        id\n        name\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateProfile($fullName: String!) {\n    updateProfile(fullName: $fullName) {\n      id\n      fullName\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateProfile($fullName: String!) {\n    updateProfile(fullName: $fullName) {\n      id\n      fullName\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {\n    changePassword(currentPassword: $currentPassword, newPassword: $newPassword)\n  }\n"): (typeof documents)["\n  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {\n    changePassword(currentPassword: $currentPassword, newPassword: $newPassword)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AuthSession_payload on AuthPayload {\n    accessToken\n    refreshToken\n    user {\n      id\n      email\n      role\n    }\n  }\n"): (typeof documents)["\n  fragment AuthSession_payload on AuthPayload {\n    accessToken\n    refreshToken\n    user {\n      id\n      email\n      role\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment UserAdminRow_user on User {\n    id\n    email\n    fullName\n    role\n    isActive\n    createdAt\n  }\n"): (typeof documents)["\n  fragment UserAdminRow_user on User {\n    id\n    email\n    fullName\n    role\n    isActive\n    createdAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateUserRole($userId: ID!, $role: UserRole!) {\n    updateUserRole(userId: $userId, role: $role) {\n      id\n      role\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateUserRole($userId: ID!, $role: UserRole!) {\n    updateUserRole(userId: $userId, role: $role) {\n      id\n      role\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeactivateUser($userId: ID!) {\n    deactivateUser(userId: $userId) {\n      id\n      isActive\n    }\n  }\n"): (typeof documents)["\n  mutation DeactivateUser($userId: ID!) {\n    deactivateUser(userId: $userId) {\n      id\n      isActive\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminUsers($first: Int!, $search: String) {\n    users(first: $first, search: $search) {\n      totalCount\n      pageInfo {\n        hasNextPage\n      }\n      nodes {\n        id\n        ...UserAdminRow_user\n      }\n    }\n  }\n"): (typeof documents)["\n  query AdminUsers($first: Int!, $search: String) {\n    users(first: $first, search: $search) {\n      totalCount\n      pageInfo {\n        hasNextPage\n      }\n      nodes {\n        id\n        ...UserAdminRow_user\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DatasetDetail($id: ID!) {\n    dataset(id: $id) {\n      id\n      name\n      description\n      format\n      labeled\n      visibility\n      storageType\n      storagePath\n      numImages\n      numClasses\n      classNames\n      tags\n      createdAt\n      updatedAt\n      owner {\n        id\n        email\n      }\n      myPermission\n      isLegacy\n    }\n  }\n"): (typeof documents)["\n  query DatasetDetail($id: ID!) {\n    dataset(id: $id) {\n      id\n      name\n      description\n      format\n      labeled\n      visibility\n      storageType\n      storagePath\n      numImages\n      numClasses\n      classNames\n      tags\n      createdAt\n      updatedAt\n      owner {\n        id\n        email\n      }\n      myPermission\n      isLegacy\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment DatasetRow_dataset on Dataset {\n    id\n    name\n    format\n    labeled\n    visibility\n    numImages\n    numClasses\n    tags\n    owner {\n      id\n      email\n    }\n  }\n"): (typeof documents)["\n  fragment DatasetRow_dataset on Dataset {\n    id\n    name\n    format\n    labeled\n    visibility\n    numImages\n    numClasses\n    tags\n    owner {\n      id\n      email\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateDatasetForUpload($input: CreateDatasetInput!) {\n    createDataset(input: $input) {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  mutation CreateDatasetForUpload($input: CreateDatasetInput!) {\n    createDataset(input: $input) {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartDatasetUpload($input: StartDatasetUploadInput!) {\n    startDatasetUpload(input: $input) {\n      id\n      partSize\n      partCount\n      uploadedParts {\n        partNumber\n      }\n      partUrls {\n        partNumber\n        url\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation StartDatasetUpload($input: StartDatasetUploadInput!) {\n    startDatasetUpload(input: $input) {\n      id\n      partSize\n      partCount\n      uploadedParts {\n        partNumber\n      }\n      partUrls {\n        partNumber\n        url\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DatasetUploadStatus($datasetId: ID!, $uploadId: ID!) {\n    datasetUpload(datasetId: $datasetId, uploadId: $uploadId) {\n      id\n      partSize\n      partCount\n      uploadedParts {\n        partNumber\n      }\n      partUrls {\n        partNumber\n        url\n      }\n    }\n  }\n"): (typeof documents)["\n  query DatasetUploadStatus($datasetId: ID!, $uploadId: ID!) {\n    datasetUpload(datasetId: $datasetId, uploadId: $uploadId) {\n      id\n      partSize\n      partCount\n      uploadedParts {\n        partNumber\n      }\n      partUrls {\n        partNumber\n        url\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConfirmDatasetUploadPart($datasetId: ID!, $uploadId: ID!, $partNumber: Int!, $etag: String!) {\n    confirmDatasetUploadPart(datasetId: $datasetId, uploadId: $uploadId, partNumber: $partNumber, etag: $etag) {\n      partNumber\n    }\n  }\n"): (typeof documents)["\n  mutation ConfirmDatasetUploadPart($datasetId: ID!, $uploadId: ID!, $partNumber: Int!, $etag: String!) {\n    confirmDatasetUploadPart(datasetId: $datasetId, uploadId: $uploadId, partNumber: $partNumber, etag: $etag) {\n      partNumber\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CompleteDatasetUpload($datasetId: ID!, $uploadId: ID!) {\n    completeDatasetUpload(datasetId: $datasetId, uploadId: $uploadId) {\n      id\n      state\n    }\n  }\n"): (typeof documents)["\n  mutation CompleteDatasetUpload($datasetId: ID!, $uploadId: ID!) {\n    completeDatasetUpload(datasetId: $datasetId, uploadId: $uploadId) {\n      id\n      state\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation FinalizeUploadedDataset($id: ID!) {\n    finalizeDataset(id: $id) {\n      numImages\n      numAnnotations\n      classNames\n      problems {\n        path\n        code\n        message\n      }\n      problemsTruncated\n    }\n  }\n"): (typeof documents)["\n  mutation FinalizeUploadedDataset($id: ID!) {\n    finalizeDataset(id: $id) {\n      numImages\n      numAnnotations\n      classNames\n      problems {\n        path\n        code\n        message\n      }\n      problemsTruncated\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DatasetViewer($id: ID!, $first: Int!, $after: String) {\n    dataset(id: $id) {\n      id\n      imagePage(first: $first, after: $after) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        nodes {\n          key\n          url\n          split\n          annotations {\n            className\n            x\n            y\n            width\n            height\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query DatasetViewer($id: ID!, $first: Int!, $after: String) {\n    dataset(id: $id) {\n      id\n      imagePage(first: $first, after: $after) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        nodes {\n          key\n          url\n          split\n          annotations {\n            className\n            x\n            y\n            width\n            height\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DatasetStatistics($id: ID!) {\n    dataset(id: $id) {\n      id\n      statistics {\n        numAnnotations\n        classCounts {\n          className\n          count\n        }\n        splitCounts {\n          split\n          count\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query DatasetStatistics($id: ID!) {\n    dataset(id: $id) {\n      id\n      statistics {\n        numAnnotations\n        classCounts {\n          className\n          count\n        }\n        splitCounts {\n          split\n          count\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Datasets($filter: DatasetFilter, $first: Int!, $after: String) {\n    datasets(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        ...DatasetRow_dataset\n      }\n    }\n  }\n"): (typeof documents)["\n  query Datasets($filter: DatasetFilter, $first: Int!, $after: String) {\n    datasets(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        ...DatasetRow_dataset\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DatasetDownloadUrl($id: ID!, $expiresIn: Int!) {\n    dataset(id: $id) {\n      id\n      downloadUrl(expiresIn: $expiresIn) {\n        url\n        expiresAt\n      }\n    }\n  }\n"): (typeof documents)["\n  query DatasetDownloadUrl($id: ID!, $expiresIn: Int!) {\n    dataset(id: $id) {\n      id\n      downloadUrl(expiresIn: $expiresIn) {\n        url\n        expiresAt\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Deployments {\n    deployments(first: 50) {\n      id\n      name\n      status\n      createdAt\n      modelVersion {\n        id\n        version\n        model {\n          id\n          name\n        }\n      }\n    }\n    models(first: 50) {\n      nodes {\n        id\n        name\n        project {\n          id\n          viewerCanCreateJobs\n        }\n        versions {\n          id\n          version\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Deployments {\n    deployments(first: 50) {\n      id\n      name\n      status\n      createdAt\n      modelVersion {\n        id\n        version\n        model {\n          id\n          name\n        }\n      }\n    }\n    models(first: 50) {\n      nodes {\n        id\n        name\n        project {\n          id\n          viewerCanCreateJobs\n        }\n        versions {\n          id\n          version\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DeploymentPage($id: ID!) {\n    deployment(id: $id) {\n      id\n      name\n      status\n      statusReason\n      endpointPath\n      modelSha256\n      createdAt\n      project {\n        id\n        viewerCanCreateJobs\n      }\n      modelVersion {\n        id\n        version\n        model {\n          id\n          name\n        }\n      }\n      metrics {\n        requestCount\n        errorCount\n        predictionCount\n        latencyP50Ms\n        latencyP99Ms\n      }\n    }\n  }\n"): (typeof documents)["\n  query DeploymentPage($id: ID!) {\n    deployment(id: $id) {\n      id\n      name\n      status\n      statusReason\n      endpointPath\n      modelSha256\n      createdAt\n      project {\n        id\n        viewerCanCreateJobs\n      }\n      modelVersion {\n        id\n        version\n        model {\n          id\n          name\n        }\n      }\n      metrics {\n        requestCount\n        errorCount\n        predictionCount\n        latencyP50Ms\n        latencyP99Ms\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateDeployment($modelVersionId: ID!, $name: String!) {\n    createDeployment(modelVersionId: $modelVersionId, name: $name) {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation CreateDeployment($modelVersionId: ID!, $name: String!) {\n    createDeployment(modelVersionId: $modelVersionId, name: $name) {\n      id\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StopDeployment($id: ID!) {\n    stopDeployment(id: $id) {\n      id\n      status\n      statusReason\n    }\n  }\n"): (typeof documents)["\n  mutation StopDeployment($id: ID!) {\n    stopDeployment(id: $id) {\n      id\n      status\n      statusReason\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ModelPage($id: ID!) {\n    model(id: $id) {\n      id\n      name\n      createdAt\n      project {\n        id\n        name\n        viewerCanCreateJobs\n      }\n      versions {\n        id\n        version\n        description\n        framework\n        task\n        architecture\n        createdAt\n        registeredBy {\n          id\n          email\n        }\n        metrics {\n          name\n          value\n        }\n        job {\n          id\n          name\n        }\n        datasetSnapshot {\n          id\n          objectCount\n        }\n        dataset {\n          id\n          name\n        }\n        artifacts {\n          name\n          sizeBytes\n          downloadUrl\n        }\n        exports {\n          id\n          format\n          status\n          queueReason\n          progress\n          sizeBytes\n          sha256\n          fileName\n          downloadUrl\n          errorMessage\n          options {\n            opset\n            precision\n            inputSize\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ModelPage($id: ID!) {\n    model(id: $id) {\n      id\n      name\n      createdAt\n      project {\n        id\n        name\n        viewerCanCreateJobs\n      }\n      versions {\n        id\n        version\n        description\n        framework\n        task\n        architecture\n        createdAt\n        registeredBy {\n          id\n          email\n        }\n        metrics {\n          name\n          value\n        }\n        job {\n          id\n          name\n        }\n        datasetSnapshot {\n          id\n          objectCount\n        }\n        dataset {\n          id\n          name\n        }\n        artifacts {\n          name\n          sizeBytes\n          downloadUrl\n        }\n        exports {\n          id\n          format\n          status\n          queueReason\n          progress\n          sizeBytes\n          sha256\n          fileName\n          downloadUrl\n          errorMessage\n          options {\n            opset\n            precision\n            inputSize\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateExport($modelVersionId: ID!, $format: ExportFormat!, $options: ExportOptionsInput) {\n    createExport(modelVersionId: $modelVersionId, format: $format, options: $options) {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation CreateExport($modelVersionId: ID!, $format: ExportFormat!, $options: ExportOptionsInput) {\n    createExport(modelVersionId: $modelVersionId, format: $format, options: $options) {\n      id\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Models($first: Int!, $after: String) {\n    models(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        name\n        createdAt\n        versionCount\n        project {\n          id\n          name\n        }\n        latestVersion {\n          id\n          version\n          metrics {\n            name\n            value\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Models($first: Int!, $after: String) {\n    models(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        name\n        createdAt\n        versionCount\n        project {\n          id\n          name\n        }\n        latestVersion {\n          id\n          version\n          metrics {\n            name\n            value\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query JobModelVersions($id: ID!) {\n    trainingJob(id: $id) {\n      id\n      modelVersions {\n        id\n        version\n        model {\n          id\n          name\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query JobModelVersions($id: ID!) {\n    trainingJob(id: $id) {\n      id\n      modelVersions {\n        id\n        version\n        model {\n          id\n          name\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RegisterModelVersion($input: RegisterModelVersionInput!) {\n    registerModelVersion(input: $input) {\n      id\n      version\n      model {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation RegisterModelVersion($input: RegisterModelVersionInput!) {\n    registerModelVersion(input: $input) {\n      id\n      version\n      model {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OrganizationInvitations($id: ID!) {\n    organization(id: $id) {\n      id\n      invitations {\n        id\n        email\n        role\n        status\n        expiresAt\n        acceptedAt\n        createdAt\n        invitedBy {\n          id\n          email\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query OrganizationInvitations($id: ID!) {\n    organization(id: $id) {\n      id\n      invitations {\n        id\n        email\n        role\n        status\n        expiresAt\n        acceptedAt\n        createdAt\n        invitedBy {\n          id\n          email\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeInvitation($id: ID!) {\n    revokeInvitation(id: $id) {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation RevokeInvitation($id: ID!) {\n    revokeInvitation(id: $id) {\n      id\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation InviteUser($input: InviteInput!) {\n    inviteUser(input: $input) {\n      token\n      acceptUrl\n      invitation {\n        id\n        email\n        role\n        status\n        expiresAt\n        projectId\n        datasetId\n        datasetPermission\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation InviteUser($input: InviteInput!) {\n    inviteUser(input: $input) {\n      token\n      acceptUrl\n      invitation {\n        id\n        email\n        role\n        status\n        expiresAt\n        projectId\n        datasetId\n        datasetPermission\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query InviteTargets {\n    projects(first: 100) {\n      nodes {\n        id\n        name\n      }\n    }\n    datasets(first: 100) {\n      nodes {\n        id\n        name\n        myPermission\n      }\n    }\n  }\n"): (typeof documents)["\n  query InviteTargets {\n    projects(first: 100) {\n      nodes {\n        id\n        name\n      }\n    }\n    datasets(first: 100) {\n      nodes {\n        id\n        name\n        myPermission\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment MembersTable_user on User {\n    id\n    email\n    fullName\n    role\n    isActive\n  }\n"): (typeof documents)["\n  fragment MembersTable_user on User {\n    id\n    email\n    fullName\n    role\n    isActive\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Organization($id: ID!) {\n    organization(id: $id) {\n      id\n      name\n      createdAt\n      members {\n        id\n        ...MembersTable_user\n      }\n    }\n  }\n"): (typeof documents)["\n  query Organization($id: ID!) {\n    organization(id: $id) {\n      id\n      name\n      createdAt\n      members {\n        id\n        ...MembersTable_user\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RenameOrganization($id: ID!, $name: String!) {\n    renameOrganization(id: $id, name: $name) {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  mutation RenameOrganization($id: ID!, $name: String!) {\n    renameOrganization(id: $id, name: $name) {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddProjectMember($projectId: ID!, $userId: ID!, $role: String!) {\n    addProjectMember(projectId: $projectId, userId: $userId, role: $role) {\n      role\n      addedAt\n      user {\n        id\n        email\n        fullName\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation AddProjectMember($projectId: ID!, $userId: ID!, $role: String!) {\n    addProjectMember(projectId: $projectId, userId: $userId, role: $role) {\n      role\n      addedAt\n      user {\n        id\n        email\n        fullName\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MemberCandidates($first: Int!, $search: String) {\n    users(first: $first, search: $search) {\n      totalCount\n      nodes {\n        id\n        email\n        fullName\n        isActive\n      }\n    }\n  }\n"): (typeof documents)["\n  query MemberCandidates($first: Int!, $search: String) {\n    users(first: $first, search: $search) {\n      totalCount\n      nodes {\n        id\n        email\n        fullName\n        isActive\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment Comparison_experiment on Experiment {\n    comparison {\n      metricNames\n      rows {\n        trainingJob {\n          id\n          name\n          status\n          model\n          config\n        }\n        finalMetrics {\n          name\n          value\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment Comparison_experiment on Experiment {\n    comparison {\n      metricNames\n      rows {\n        trainingJob {\n          id\n          name\n          status\n          model\n          config\n        }\n        finalMetrics {\n          name\n          value\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ExperimentCurves($id: ID!) {\n    experiment(id: $id) {\n      id\n      trainingJobs {\n        id\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  query ExperimentCurves($id: ID!) {\n    experiment(id: $id) {\n      id\n      trainingJobs {\n        id\n        name\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ExperimentPage($id: ID!) {\n    experiment(id: $id) {\n      id\n      name\n      description\n      createdAt\n      starredByMe\n      starCount\n      createdBy {\n        id\n        email\n      }\n      project {\n        id\n        name\n        viewerCanCreateJobs\n      }\n      trainingJobs {\n        id\n        ...JobRow_job\n      }\n      comparison {\n        metricNames\n      }\n      ...Comparison_experiment\n    }\n  }\n"): (typeof documents)["\n  query ExperimentPage($id: ID!) {\n    experiment(id: $id) {\n      id\n      name\n      description\n      createdAt\n      starredByMe\n      starCount\n      createdBy {\n        id\n        email\n      }\n      project {\n        id\n        name\n        viewerCanCreateJobs\n      }\n      trainingJobs {\n        id\n        ...JobRow_job\n      }\n      comparison {\n        metricNames\n      }\n      ...Comparison_experiment\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ExperimentItem_experiment on Experiment {\n    id\n    name\n    description\n    starredByMe\n    starCount\n    createdAt\n    createdBy {\n      id\n      email\n    }\n  }\n"): (typeof documents)["\n  fragment ExperimentItem_experiment on Experiment {\n    id\n    name\n    description\n    starredByMe\n    starCount\n    createdAt\n    createdBy {\n      id\n      email\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ProjectMembers($id: ID!) {\n    project(id: $id) {\n      id\n      members {\n        role\n        addedAt\n        user {\n          id\n          email\n          fullName\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ProjectMembers($id: ID!) {\n    project(id: $id) {\n      id\n      members {\n        role\n        addedAt\n        user {\n          id\n          email\n          fullName\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemoveProjectMember($projectId: ID!, $userId: ID!) {\n    removeProjectMember(projectId: $projectId, userId: $userId)\n  }\n"): (typeof documents)["\n  mutation RemoveProjectMember($projectId: ID!, $userId: ID!) {\n    removeProjectMember(projectId: $projectId, userId: $userId)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateExperiment($input: CreateExperimentInput!) {\n    createExperiment(input: $input) {\n      id\n      name\n      project {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateExperiment($input: CreateExperimentInput!) {\n    createExperiment(input: $input) {\n      id\n      name\n      project {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateProject($input: CreateProjectInput!) {\n    createProject(input: $input) {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  mutation CreateProject($input: CreateProjectInput!) {\n    createProject(input: $input) {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ProjectPage($id: ID!) {\n    project(id: $id) {\n      id\n      name\n      description\n      createdAt\n      myRole\n      viewerCanCreateJobs\n      owner {\n        id\n        email\n      }\n      experiments {\n        id\n        ...ExperimentItem_experiment\n      }\n    }\n  }\n"): (typeof documents)["\n  query ProjectPage($id: ID!) {\n    project(id: $id) {\n      id\n      name\n      description\n      createdAt\n      myRole\n      viewerCanCreateJobs\n      owner {\n        id\n        email\n      }\n      experiments {\n        id\n        ...ExperimentItem_experiment\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Projects($first: Int!, $after: String) {\n    projects(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        name\n        description\n        myRole\n        createdAt\n        owner {\n          id\n          email\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Projects($first: Int!, $after: String) {\n    projects(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        name\n        description\n        myRole\n        createdAt\n        owner {\n          id\n          email\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StarExperiment($id: ID!, $starred: Boolean!) {\n    starExperiment(id: $id, starred: $starred) {\n      id\n      starredByMe\n      starCount\n    }\n  }\n"): (typeof documents)["\n  mutation StarExperiment($id: ID!, $starred: Boolean!) {\n    starExperiment(id: $id, starred: $starred) {\n      id\n      starredByMe\n      starCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query JobExperiment($id: ID!) {\n    me {\n      id\n      role\n    }\n    trainingJob(id: $id) {\n      id\n      owner {\n        id\n      }\n      experiment {\n        id\n        name\n      }\n      project {\n        id\n        name\n        myRole\n        experiments {\n          id\n          name\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query JobExperiment($id: ID!) {\n    me {\n      id\n      role\n    }\n    trainingJob(id: $id) {\n      id\n      owner {\n        id\n      }\n      experiment {\n        id\n        name\n      }\n      project {\n        id\n        name\n        myRole\n        experiments {\n          id\n          name\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetTrainingJobExperiment($jobId: ID!, $experimentId: ID) {\n    setTrainingJobExperiment(jobId: $jobId, experimentId: $experimentId) {\n      id\n      experiment {\n        id\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SetTrainingJobExperiment($jobId: ID!, $experimentId: ID) {\n    setTrainingJobExperiment(jobId: $jobId, experimentId: $experimentId) {\n      id\n      experiment {\n        id\n        name\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query JobPage($id: ID!) {\n    trainingJob(id: $id) {\n      id\n      name\n      status\n      queueReason\n      epoch\n      totalEpochs\n      etaSeconds\n      errorMessage\n      framework\n      task\n      model\n      config\n      attempts\n      createdAt\n      updatedAt\n      startedAt\n      finishedAt\n      ...JobProgress_job\n      dataset {\n        id\n        name\n      }\n      datasetSnapshot {\n        id\n        objectCount\n        totalBytes\n        createdAt\n      }\n      retryOf {\n        id\n        name\n      }\n      project {\n        id\n        viewerCanCreateJobs\n      }\n    }\n  }\n"): (typeof documents)["\n  query JobPage($id: ID!) {\n    trainingJob(id: $id) {\n      id\n      name\n      status\n      queueReason\n      epoch\n      totalEpochs\n      etaSeconds\n      errorMessage\n      framework\n      task\n      model\n      config\n      attempts\n      createdAt\n      updatedAt\n      startedAt\n      finishedAt\n      ...JobProgress_job\n      dataset {\n        id\n        name\n      }\n      datasetSnapshot {\n        id\n        objectCount\n        totalBytes\n        createdAt\n      }\n      retryOf {\n        id\n        name\n      }\n      project {\n        id\n        viewerCanCreateJobs\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query JobCheckpoints($id: ID!) {\n    trainingJob(id: $id) {\n      id\n      checkpoints {\n        name\n        sizeBytes\n        downloadUrl\n      }\n    }\n  }\n"): (typeof documents)["\n  query JobCheckpoints($id: ID!) {\n    trainingJob(id: $id) {\n      id\n      checkpoints {\n        name\n        sizeBytes\n        downloadUrl\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription JobPageUpdated($id: ID!) {\n    trainingJobUpdated(id: $id) {\n      id\n      status\n      queueReason\n      epoch\n      totalEpochs\n      etaSeconds\n      errorMessage\n      attempts\n      updatedAt\n      startedAt\n      finishedAt\n      ...JobProgress_job\n    }\n  }\n"): (typeof documents)["\n  subscription JobPageUpdated($id: ID!) {\n    trainingJobUpdated(id: $id) {\n      id\n      status\n      queueReason\n      epoch\n      totalEpochs\n      etaSeconds\n      errorMessage\n      attempts\n      updatedAt\n      startedAt\n      finishedAt\n      ...JobProgress_job\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelFromJobPage($id: ID!) {\n    cancelTrainingJob(id: $id) {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation CancelFromJobPage($id: ID!) {\n    cancelTrainingJob(id: $id) {\n      id\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RetryFromJobPage($id: ID!) {\n    retryTrainingJob(id: $id) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation RetryFromJobPage($id: ID!) {\n    retryTrainingJob(id: $id) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment JobProgress_job on TrainingJob {\n    progress\n    epoch\n    totalEpochs\n  }\n"): (typeof documents)["\n  fragment JobProgress_job on TrainingJob {\n    progress\n    epoch\n    totalEpochs\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TrainingJobs($first: Int!, $after: String, $filter: TrainingJobFilter) {\n    trainingJobs(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        ...JobRow_job\n      }\n    }\n  }\n"): (typeof documents)["\n  query TrainingJobs($first: Int!, $after: String, $filter: TrainingJobFilter) {\n    trainingJobs(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        ...JobRow_job\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription JobsListCreated($projectId: ID) {\n    trainingJobCreated(projectId: $projectId) {\n      id\n    }\n  }\n"): (typeof documents)["\n  subscription JobsListCreated($projectId: ID) {\n    trainingJobCreated(projectId: $projectId) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query NewJobOptions {\n    projects(first: 100) {\n      nodes {\n        id\n        name\n        viewerCanCreateJobs\n      }\n    }\n    datasets(first: 100) {\n      nodes {\n        id\n        name\n        labeled\n        numImages\n      }\n    }\n  }\n"): (typeof documents)["\n  query NewJobOptions {\n    projects(first: 100) {\n      nodes {\n        id\n        name\n        viewerCanCreateJobs\n      }\n    }\n    datasets(first: 100) {\n      nodes {\n        id\n        name\n        labeled\n        numImages\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query NewJobExperiments($projectId: ID!) {\n    project(id: $projectId) {\n      id\n      experiments {\n        id\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  query NewJobExperiments($projectId: ID!) {\n    project(id: $projectId) {\n      id\n      experiments {\n        id\n        name\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TrainingFrameworks {\n    trainingFrameworks {\n      name\n      tasks\n    }\n  }\n"): (typeof documents)["\n  query TrainingFrameworks {\n    trainingFrameworks {\n      name\n      tasks\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TrainingConfigSchema($framework: String!, $task: String!) {\n    trainingConfigSchema(framework: $framework, task: $task)\n  }\n"): (typeof documents)["\n  query TrainingConfigSchema($framework: String!, $task: String!) {\n    trainingConfigSchema(framework: $framework, task: $task)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateTrainingJob($input: CreateTrainingJobInput!) {\n    createTrainingJob(input: $input) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation CreateTrainingJob($input: CreateTrainingJobInput!) {\n    createTrainingJob(input: $input) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription JobLogsStream($jobId: ID!, $after: String) {\n    trainingJobLogs(jobId: $jobId, after: $after) {\n      cursor\n      lines {\n        cursor\n        id\n        level\n        message\n        time\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription JobLogsStream($jobId: ID!, $after: String) {\n    trainingJobLogs(jobId: $jobId, after: $after) {\n      cursor\n      lines {\n        cursor\n        id\n        level\n        message\n        time\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription JobMetricsStream($jobId: ID!, $after: String) {\n    trainingJobMetrics(jobId: $jobId, after: $after) {\n      cursor\n      points {\n        cursor\n        name\n        epoch\n        step\n        value\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription JobMetricsStream($jobId: ID!, $after: String) {\n    trainingJobMetrics(jobId: $jobId, after: $after) {\n      cursor\n      points {\n        cursor\n        name\n        epoch\n        step\n        value\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription JobSystemStream($jobId: ID!, $after: String) {\n    trainingJobSystem(jobId: $jobId, after: $after) {\n      cursor\n      samples {\n        cursor\n        at\n        cpuPercent\n        memoryBytes\n        gpuPercent\n        gpuMemoryBytes\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription JobSystemStream($jobId: ID!, $after: String) {\n    trainingJobSystem(jobId: $jobId, after: $after) {\n      cursor\n      samples {\n        cursor\n        at\n        cpuPercent\n        memoryBytes\n        gpuPercent\n        gpuMemoryBytes\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;