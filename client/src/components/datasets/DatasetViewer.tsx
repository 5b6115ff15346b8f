/**
 * The dataset's images, all of them: pages of thumbnails (cursor paging through `Dataset.imagePage`),
 * a large view of the selected image with zoom and its annotation boxes and class labels drawn over
 * it, and the class distribution and split counts (`Dataset.statistics`). Images come straight from
 * the object store through presigned URLs. Its own query: a listing that fails (a legacy dataset, a
 * Labeler without the extension) leaves the dataset's facts on the page.
 */
import { useState } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import { classifyError, problemMessage } from './dataset-errors';

/** Thumbnails per page. */
export const VIEWER_PAGE_SIZE = 12;
const ZOOM_LEVELS = [1, 1.5, 2, 3, 4, 6, 8];
/** The large view's width at zoom 1, in CSS pixels. */
const BASE_SIZE = 320;

const DatasetViewerQuery = graphql(`
  query DatasetViewer($id: ID!, $first: Int!, $after: String) {
    dataset(id: $id) {
      id
      imagePage(first: $first, after: $after) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          key
          url
          split
          annotations {
            className
            x
            y
            width
            height
          }
        }
      }
    }
  }
`);

const DatasetStatisticsQuery = graphql(`
  query DatasetStatistics($id: ID!) {
    dataset(id: $id) {
      id
      statistics {
        numAnnotations
        classCounts {
          className
          count
        }
        splitCounts {
          split
          count
        }
      }
    }
  }
`);

interface Box {
  className: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

const fileName = (key: string) => key.slice(key.lastIndexOf('/') + 1);
const pct = (v: number) => `${(v * 100).toFixed(3)}%`;

/** A stable colour per class, so the same class looks the same on every image. */
const COLOURS = ['#e4572e', '#1f77b4', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#d62728', '#8c564b'];
const colourOf = (className: string, classNames: string[]) => {
  const index = classNames.indexOf(className);
  const i = index >= 0 ? index : [...className].reduce((sum, c) => sum + c.charCodeAt(0), 0);
  return COLOURS[i % COLOURS.length]!;
};

function ImageStage({ url, name, boxes, classNames }: { url: string; name: string; boxes: Box[] | null; classNames: string[] }) {
  const [zoom, setZoom] = useState(1);
  const [showBoxes, setShowBoxes] = useState(true);
  const level = ZOOM_LEVELS.indexOf(zoom);
  const size = BASE_SIZE * zoom;
  return (
    <div className="viewer-stage card">
      <div className="viewer-tools">
        <button type="button" className="secondary" onClick={() => setZoom(ZOOM_LEVELS[level - 1]!)} disabled={level <= 0} aria-label="Zoom out">
          −
        </button>
        <span className="small" data-testid="viewer-zoom" aria-live="polite">
          {Math.round(zoom * 100)}%
        </span>
        <button
          type="button"
          className="secondary"
          onClick={() => setZoom(ZOOM_LEVELS[level + 1]!)}
          disabled={level >= ZOOM_LEVELS.length - 1}
          aria-label="Zoom in"
        >
          +
        </button>
        <button type="button" className="link-button" onClick={() => setZoom(1)} disabled={zoom === 1}>
          Fit
        </button>
        <label className="small viewer-toggle">
          <input type="checkbox" checked={showBoxes} onChange={(e) => setShowBoxes(e.target.checked)} /> Show annotations
        </label>
        <span className="small muted">{boxes === null ? 'No annotations reported' : `${boxes.length} annotation${boxes.length === 1 ? '' : 's'}`}</span>
      </div>
      <div className="viewer-scroll" data-testid="viewer-scroll">
        <div className="viewer-canvas" style={{ width: size, height: size }} data-testid="viewer-canvas">
          <img src={url} alt={name} data-testid="viewer-image" />
          {showBoxes &&
            (boxes ?? []).map((box, i) => {
              const colour = colourOf(box.className, classNames);
              return (
                <div
                  key={i}
                  className="viewer-box"
                  data-testid="annotation-box"
                  data-class={box.className}
                  style={{ left: pct(box.x), top: pct(box.y), width: pct(box.width), height: pct(box.height), borderColor: colour }}
                >
                  <span className="viewer-box-label" style={{ background: colour }}>
                    {box.className}
                  </span>
                </div>
              );
            })}
        </div>
      </div>
    </div>
  );
}

function Statistics({ id, classNames }: { id: string; classNames: string[] }) {
  const [{ data, error, fetching }] = useQuery({ query: DatasetStatisticsQuery, variables: { id } });
  const statistics = data?.dataset?.statistics;
  if (!statistics) {
    if (fetching) return <p className="muted">Counting annotations…</p>;
    return (
      <p className="muted" data-testid="statistics-problem">
        {error ? problemMessage(classifyError(error) ?? 'other', error) : 'No statistics.'}
      </p>
    );
  }
  const max = Math.max(1, ...statistics.classCounts.map((c) => c.count));
  const images = statistics.splitCounts.reduce((sum, s) => sum + s.count, 0);
  return (
    <div className="viewer-stats">
      <div className="card viewer-stats-card">
        <h3>
          Class distribution <span className="muted small">({statistics.numAnnotations} annotations)</span>
        </h3>
        {statistics.classCounts.length === 0 ? (
          <p className="muted">No classes.</p>
        ) : (
          <ul className="class-bars" data-testid="class-distribution">
            {statistics.classCounts.map((c) => (
              <li key={c.className} data-testid="class-count" data-class={c.className} data-count={c.count}>
                <span className="class-bar-name">{c.className}</span>
                <span className="class-bar-track">
                  <span className="class-bar" style={{ width: pct(c.count / max), background: colourOf(c.className, classNames) }} />
                </span>
                <span className="class-bar-count">{c.count}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
      <div className="card viewer-stats-card">
        <h3>Splits</h3>
        <table className="split-counts" data-testid="split-counts">
          <tbody>
            {statistics.splitCounts.map((s) => (
              <tr key={s.split} data-testid="split-count" data-split={s.split} data-count={s.count}>
                <th scope="row">{s.split}</th>
                <td className="numeric">{s.count}</td>
                <td className="numeric muted small">{images ? `${Math.round((s.count / images) * 100)}%` : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

export function DatasetViewer({ id, classNames }: { id: string; classNames: string[] }) {
  /** Cursors of the pages seen so far: `cursors[n]` is the `after` of page n (null for the first). */
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  const [pageIndex, setPageIndex] = useState(0);
  /** The selected thumbnail of a page; another page starts at its first image. */
  const [selection, setSelection] = useState({ page: 0, index: 0 });
  const [{ data, error, fetching, operation }] = useQuery({
    query: DatasetViewerQuery,
    variables: { id, first: VIEWER_PAGE_SIZE, after: cursors[pageIndex] ?? null },
  });
  const page = data?.dataset?.imagePage;
  // While the next page loads, the previous answer stays on screen: label it with its own page.
  const shownAfter = (operation?.variables as { after?: string | null } | undefined)?.after ?? null;
  const shownIndex = Math.max(0, cursors.indexOf(shownAfter));
  const settled = shownIndex === pageIndex && !fetching;
  const selected = selection.page === shownIndex ? selection.index : 0;

  if (!page) {
    return (
      <>
        <Statistics id={id} classNames={classNames} />
        {fetching ? (
          <p className="muted">Loading images…</p>
        ) : (
          <p className="muted" data-testid="viewer-problem">
            {error ? problemMessage(classifyError(error) ?? 'other', error) : 'No images.'}
          </p>
        )}
      </>
    );
  }
  const pages = Math.max(1, Math.ceil(page.totalCount / VIEWER_PAGE_SIZE));
  const first = shownIndex * VIEWER_PAGE_SIZE;
  const image = page.nodes[Math.min(selected, page.nodes.length - 1)];
  const goNext = () => {
    if (!settled || !page.pageInfo.hasNextPage) return;
    setCursors((seen) => [...seen.slice(0, shownIndex + 1), page.pageInfo.endCursor]);
    setPageIndex(shownIndex + 1);
  };

  return (
    <>
      <Statistics id={id} classNames={classNames} />
      <h2>Images</h2>
      {page.nodes.length === 0 ? (
        <p className="muted">No images yet.</p>
      ) : (
        <div className="viewer">
          {image && (
            <div>
              <ImageStage key={image.key} url={image.url} name={fileName(image.key)} boxes={image.annotations ?? null} classNames={classNames} />
              <p className="small muted viewer-caption" data-testid="viewer-caption">
                <strong>{fileName(image.key)}</strong> · image {first + selected + 1} of {page.totalCount}
                {image.split ? ` · ${image.split}` : ''}
              </p>
            </div>
          )}
          <div>
            <div className="thumb-grid viewer-thumbs">
              {page.nodes.map((node, i) => (
                <button
                  type="button"
                  key={node.key}
                  className={`thumb thumb-button${i === selected ? ' selected' : ''}`}
                  onClick={() => setSelection({ page: shownIndex, index: i })}
                  aria-pressed={i === selected}
                  data-testid="dataset-thumbnail"
                  title={node.key}
                >
                  <img src={node.url} alt={fileName(node.key)} loading="lazy" width={96} height={96} />
                  <span className="small muted">{fileName(node.key)}</span>
                </button>
              ))}
            </div>
            <div className="pager">
              <button type="button" className="secondary" onClick={() => setPageIndex(shownIndex - 1)} disabled={shownIndex === 0 || !settled}>
                ← Previous
              </button>
              <span className="small" data-testid="viewer-page">
                {first + 1}–{first + page.nodes.length} of {page.totalCount} · page {shownIndex + 1} of {pages}
              </span>
              <button type="button" className="secondary" onClick={goNext} disabled={!page.pageInfo.hasNextPage || !settled}>
                Next →
              </button>
            </div>
          </div>
        </div>
      )}
    </>
  );
}
