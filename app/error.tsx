'use client';

/** Shown when a page fails to render (e.g. the database cannot be opened); the digest matches the server log. */
export default function PageError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <section className="card">
      <div className="empty-state">
        <h2>This page could not be loaded</h2>
        <p>
          The server log has the details{error.digest ? ` (reference ${error.digest})` : ''}. Check that
          DATABASE_URL points at the collector&apos;s database.
        </p>
        <button type="button" onClick={reset}>
          Try again
        </button>
      </div>
    </section>
  );
}
