/**
 * Entry of the child process `startS3ServerProcess` spawns: argv[2] is the JSON options; the
 * endpoint goes back over IPC once s3rver listens. Stops on SIGTERM or when the parent goes away.
 */
import { stopWithParent } from '../process';
import { startS3Server, type S3ServerOptions } from './s3-server';

const handle = await startS3Server(JSON.parse(process.argv[2] ?? '{}') as S3ServerOptions);
process.send?.({ endpoint: handle.endpoint, port: handle.port });
stopWithParent(() => handle.stop());
