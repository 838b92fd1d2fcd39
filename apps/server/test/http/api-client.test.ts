import { readFileSync } from 'node:fs';
import { createApiClient } from '@flagstaff/api-client';
import { describe, expect, it } from 'vitest';
import { CLIENT_DOCUMENT_FILE, documentText } from '../../scripts/openapi-document.ts';
import { useListeningApp } from '../delivery/delivery-app.ts';
import { ADMIN_TOKEN } from '../support/test-app.ts';

/** The typed client (packages/api-client) against a listening server, and its copy of the document. */
describe('the typed API client', () => {
  const t = useListeningApp('embedded');

  it("holds the server's current document (run pnpm api:generate after an API change)", () => {
    expect(readFileSync(CLIENT_DOCUMENT_FILE, 'utf8')).toBe(documentText(t().app.swagger()));
  });

  it('creates, updates and explains a flag, with typed answers and typed errors', async () => {
    const api = createApiClient({ url: t().url, token: ADMIN_TOKEN });
    const created = await api.POST('/api/v1/flags', { body: { key: 'typed_client', type: 'ops' } });
    expect(created.response.status).toBe(201);
    expect(created.data?.environments.production?.enabled).toBe(false);

    const patched = await api.PATCH('/api/v1/flags/{key}/environments/{env}', {
      params: { path: { key: 'typed_client', env: 'production' }, header: { 'if-match': '"1"' } },
      body: { enabled: true, fallthrough: { variant: 'on' } },
    });
    expect(patched.data?.version).toBe(2);

    const stale = await api.PATCH('/api/v1/flags/{key}/environments/{env}', {
      params: { path: { key: 'typed_client', env: 'production' }, header: { 'if-match': '"1"' } },
      body: { enabled: false },
    });
    expect(stale.response.status).toBe(412);
    expect(stale.error?.error).toMatchObject({ code: 'PRECONDITION_FAILED', currentVersion: 2 });

    const explained = await api.POST('/api/v1/flags/{key}/explain', {
      params: { path: { key: 'typed_client' } },
      body: { environment: 'production', context: { userId: 'u-1' } },
    });
    expect(explained.data?.evaluation).toMatchObject({ value: true, variant: 'on', reason: 'DEFAULT' });
  });
});
