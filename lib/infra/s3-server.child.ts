/**
 * Entry of the child process `startS3ServerProcess` spawns: argv[2] is the JSON options; the
 * endpoint goes back over IPC once s3rver listens. Stops on SIGTERM or when the parent goes away.
 */
import { startS3Server, type S3ServerOptions } from './s3-server';

const handle = await startS3Server(JSON.parse(process.argv[2] ?? '{}') as S3ServerOptions);
process.send?.({ endpoint: handle.endpoint, port: handle.port });
let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  void handle.stop().finally(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('disconnect', stop);
