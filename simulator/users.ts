/** The simulator's built-in people. Passwords are for a lab server that holds no secrets. */

export interface SimUser {
  readonly sip: string;
  readonly name: string;
  readonly password: string;
}

export const DEFAULT_PASSWORD = 'Passw0rd!';

export const BUILT_IN_USERS: readonly SimUser[] = [
  { sip: 'sip:alice@contoso.com', name: 'Alice Anders', password: DEFAULT_PASSWORD },
  { sip: 'sip:bob@contoso.com', name: 'Bob Barker', password: DEFAULT_PASSWORD },
  { sip: 'sip:carol@contoso.com', name: 'Carol Chen', password: DEFAULT_PASSWORD },
  { sip: 'sip:echo@contoso.com', name: 'Echo Bot', password: DEFAULT_PASSWORD },
];

/** The bot every simulator runs: it accepts any invitation and says back every message, so it is always Online. */
export const ECHO_SIP = 'sip:echo@contoso.com';

/** `alice@contoso.com`, `sip:alice@contoso.com` and `Alice@Contoso.com` all name Alice. */
export function toSip(address: string): string {
  const trimmed = address.trim().toLowerCase();
  return trimmed.startsWith('sip:') ? trimmed : `sip:${trimmed}`;
}

export function findUser(users: readonly SimUser[], address: string): SimUser | undefined {
  const sip = toSip(address);
  return users.find((u) => u.sip === sip);
}

/** Anyone not built in still gets a readable name (`dave@contoso.com` → `dave`). */
export function displayName(users: readonly SimUser[], address: string): string {
  return findUser(users, address)?.name ?? toSip(address).slice(4).split('@')[0] ?? address;
}
