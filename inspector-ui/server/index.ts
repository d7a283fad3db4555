/** The inspector server: the Hono app on a store, and a node server for it with the built app. */
export { createInspectorApp, type InspectorAppOptions } from './create-app.ts';
export type { CompareSessions, StoredSide } from './diff-route.ts';
export { startInspectorServer, APP_DIST, type RunningInspector } from './start-server.ts';
