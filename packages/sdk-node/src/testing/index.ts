export { forBothStates, forEachValue } from './for-each-state.ts';
export { createTestClient, type TestClient } from './test-client.ts';
