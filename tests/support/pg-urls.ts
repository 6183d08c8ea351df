/** The PostgreSQL server the tests use: TEST_DATABASE_URL, or the machine's local server. */
const base = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');

export function adminUrl(): string {
  return base.toString();
}

export function databaseUrl(name: string): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}
