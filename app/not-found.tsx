import Link from 'next/link';

export default function NotFound() {
  return (
    <section className="card">
      <div className="empty-state">
        <h2>Not found</h2>
        <p>
          No such target or page. Targets come from the inventory; the <Link href="/">fleet</Link> lists every
          one.
        </p>
      </div>
    </section>
  );
}
