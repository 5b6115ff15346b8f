/** Any path of the console that is no page: says so, instead of showing some other page. */
import { Link } from './navigation';
import { useDocumentTitle } from './use-document-title';

export function NotFoundPage({ path }: { path: string }) {
  useDocumentTitle('Page not found');
  return (
    <section className="card problem" aria-labelledby="not-found-title" data-testid="not-found">
      <h1 id="not-found-title">Page not found</h1>
      <p>
        There is no page at <code>{path}</code>. The link may be mistyped or out of date.
      </p>
      <p>
        <Link to="/">← Training jobs</Link>
      </p>
    </section>
  );
}
