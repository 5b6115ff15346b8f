/**
 * Resource use of the training process from the `trainingJobSystem` delta stream: the latest CPU,
 * memory, GPU and GPU memory values and two time charts (utilisation in %, memory in MB). GPU
 * series appear only when the worker reports them.
 */
import { graphql } from '../../../gql';
import type { JobSystemStreamSubscription } from '../../../gql/graphql';
import { LineChart, type ChartSeries } from './LineChart';
import type { DeltaStream } from './use-delta-stream';
import { Fold } from './fold';

export const JobSystemStream = graphql(`
  subscription JobSystemStream($jobId: ID!, $after: String) {
    trainingJobSystem(jobId: $jobId, after: $after) {
      cursor
      samples {
        cursor
        at
        cpuPercent
        memoryBytes
        gpuPercent
        gpuMemoryBytes
      }
    }
  }
`);

export type SystemSampleItem = JobSystemStreamSubscription['trainingJobSystem']['samples'][number];
export const systemBatch = (data: JobSystemStreamSubscription) => ({ items: data.trainingJobSystem.samples, cursor: data.trainingJobSystem.cursor });

interface Columns {
  at: number[];
  cpu: (number | null)[];
  memory: (number | null)[];
  gpu: (number | null)[];
  gpuMemory: (number | null)[];
  hasGpu: boolean;
}

const MB = 1_000_000;
const mb = (bytes: number | null | undefined) => (bytes == null ? null : bytes / MB);

const columns = new Fold<SystemSampleItem, Columns>(
  () => empty(),
  (c, sample) => {
    c.at.push(Date.parse(sample.at) / 1000);
    c.cpu.push(sample.cpuPercent ?? null);
    c.memory.push(mb(sample.memoryBytes));
    c.gpu.push(sample.gpuPercent ?? null);
    c.gpuMemory.push(mb(sample.gpuMemoryBytes));
    if (sample.gpuPercent != null || sample.gpuMemoryBytes != null) c.hasGpu = true;
  },
);

function empty(): Columns {
  return { at: [], cpu: [], memory: [], gpu: [], gpuMemory: [], hasGpu: false };
}

const percent = (v: number) => `${v.toFixed(1)} %`;
const megabytes = (v: number) => `${v.toFixed(1)} MB`;

export function SystemPanel({ stream }: { stream: DeltaStream<SystemSampleItem> }) {
  const c = columns.of(stream.items);
  const last = stream.items.at(-1);
  const usage: ChartSeries[] = [{ label: 'CPU', color: '#2a6df4', format: percent }];
  const memory: ChartSeries[] = [{ label: 'memory', color: '#2f9e44', format: megabytes }];
  if (c.hasGpu) {
    usage.push({ label: 'GPU', color: '#e8590c', format: percent });
    memory.push({ label: 'GPU memory', color: '#ae3ec9', format: megabytes });
  }
  const version = `${c.at.length}:${c.hasGpu}`;

  return (
    <section className="system-panel" aria-labelledby="system-title" data-testid="system-panel">
      <h2 id="system-title">System</h2>
      {!last ? (
        <p className="muted" data-testid="system-empty">
          No resource samples yet.
        </p>
      ) : (
        <>
          <dl className="system-latest" data-testid="system-latest">
            <dt>CPU</dt>
            <dd data-testid="system-cpu">{last.cpuPercent != null ? percent(last.cpuPercent) : '—'}</dd>
            <dt>Memory</dt>
            <dd data-testid="system-memory">{last.memoryBytes != null ? megabytes(last.memoryBytes / MB) : '—'}</dd>
            {c.hasGpu && (
              <>
                <dt>GPU</dt>
                <dd data-testid="system-gpu">{last.gpuPercent != null ? percent(last.gpuPercent) : '—'}</dd>
                <dt>GPU memory</dt>
                <dd data-testid="system-gpu-memory">{last.gpuMemoryBytes != null ? megabytes(last.gpuMemoryBytes / MB) : '—'}</dd>
              </>
            )}
          </dl>
          <div className="chart-grid">
            <LineChart
              testId="system-chart-usage"
              title="Utilisation (%)"
              xLabel="time"
              time
              series={usage}
              data={() => (c.hasGpu ? [c.at, c.cpu, c.gpu] : [c.at, c.cpu])}
              version={version}
              height={180}
            />
            <LineChart
              testId="system-chart-memory"
              title="Memory (MB)"
              xLabel="time"
              time
              series={memory}
              data={() => (c.hasGpu ? [c.at, c.memory, c.gpuMemory] : [c.at, c.memory])}
              version={version}
              height={180}
            />
          </div>
        </>
      )}
    </section>
  );
}
