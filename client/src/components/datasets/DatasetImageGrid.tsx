/**
 * Thumbnails straight from the object store through presigned URLs. A thumbnail that fails to
 * load (URL expired, store down) becomes a labelled placeholder instead of a broken image.
 */
import { useState } from 'react';

export interface GridImage {
  key: string;
  url: string;
  sizeBytes?: number | null;
}

const fileName = (key: string) => key.slice(key.lastIndexOf('/') + 1);

function Thumbnail({ image }: { image: GridImage }) {
  const [failed, setFailed] = useState(false);
  const name = fileName(image.key);
  return (
    <figure className="thumb" data-testid="dataset-thumbnail">
      {failed ? (
        <div className="thumb-missing muted small">could not load</div>
      ) : (
        <img src={image.url} alt={name} loading="lazy" width={160} height={160} onError={() => setFailed(true)} />
      )}
      <figcaption className="small muted" title={image.key}>
        {name}
      </figcaption>
    </figure>
  );
}

export function DatasetImageGrid({ images, total }: { images: GridImage[]; total: number }) {
  if (images.length === 0) return <p className="muted">No images to preview.</p>;
  return (
    <>
      <div className="thumb-grid">
        {images.map((image) => (
          <Thumbnail key={image.key} image={image} />
        ))}
      </div>
      {total > images.length && (
        <p className="muted small">
          Showing {images.length} of {total} images. Download the dataset for all of them.
        </p>
      )}
    </>
  );
}
