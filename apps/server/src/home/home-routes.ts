import type { FastifyInstance } from 'fastify';

/**
 * `GET /`: what a person who opens the server in a browser wants first, where to go next. A small
 * page until the console is served here. Public, like /healthz: it says nothing about the data.
 */
const page = (docs: boolean) => `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Flagstaff</title><meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#222}code{background:#f3f3f3;padding:0 .2em}</style>
</head>
<body>
<h1>Flagstaff</h1>
<p>This Flagstaff server is running. The management API is under <code>/api/v1</code> and needs an admin
token (<code>Authorization: Bearer fs_admin_…</code>).</p>
<ul>
${
  docs
    ? '<li><a href="/docs">API documentation</a> (OpenAPI; the JSON document at <a href="/docs/json">/docs/json</a>)</li>'
    : '<li>API documentation is off on this server (FLAGSTAFF_DOCS=false)</li>'
}
<li><a href="/readyz">/readyz</a>: whether the database answers</li>
</ul>
<p>Lost the admin token printed at first start? <code>pnpm --filter @flagstaff/server admin-token</code> mints a new one.</p>
</body>
</html>
`;

export function homeRoutes(options: { docs: boolean }) {
  const html = page(options.docs);
  return async (app: FastifyInstance) => {
    app.get('/', { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) =>
      reply.type('text/html; charset=utf-8').send(html),
    );
  };
}
