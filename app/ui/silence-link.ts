/** Where "Silence…" leads: the new-silence form prefilled to match exactly this finding. */
export function newSilenceHref(f: { id?: number; rule: string; target: string; subject: string }): string {
  const p = new URLSearchParams({ rule: f.rule, target: f.target });
  if (f.subject) p.set('subject', f.subject);
  if (f.id !== undefined) p.set('from', String(f.id));
  return `/silences/new?${p.toString()}`;
}
