/**
 * Rerun: a recorded client's side played against a live UCWA server.
 *   const plan = planRerun(store, sessionId);
 *   const report = await runRerun(plan, { baseUrl: 'http://127.0.0.1:4000/', pace: 'instant', waitMs: 10_000 });
 * Send it through a recording proxy to record the run, then compare with `diffSessions`.
 */
export { planRerun, type RerunPlan, type RerunStep } from './rerun-plan.ts';
export { runRerun, type RerunOptions, type RerunPace, type RerunReport, type SkippedStep } from './run-rerun.ts';
