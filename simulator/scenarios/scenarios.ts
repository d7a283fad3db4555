/** The built-in scenarios (`simulate --scenario NAME`). Each runs against any client; `runScenario` plays the local side. */
import { beyondIm, callLogs, calls, meeting, presenceWatch } from './beyond-im-scenarios.ts';
import { demo, incomingChat, missedInvitation, outgoingChat, threeParty } from './chat-scenarios.ts';
import type { Scenario } from './scenario.ts';

export const SCENARIOS: readonly Scenario[] = [outgoingChat, incomingChat, threeParty, missedInvitation, presenceWatch, calls, callLogs, meeting, demo, beyondIm];

export function findScenario(name: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.name === name);
}
