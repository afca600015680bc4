import prettier from 'prettier';

/** Formats markdown as `npm run lint` expects (the repository's prettier config). */
export async function formatMarkdown(text: string): Promise<string> {
  const options = (await prettier.resolveConfig('README.md')) ?? {};
  return prettier.format(text, { ...options, parser: 'markdown' });
}
