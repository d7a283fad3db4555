// A UCWA client on Node's built-in fetch, written as a user would: no proxy or CA settings of its own.
// Signs in from the discovery root, chats with echo and leaves. Usage: node node-fetch-client.mjs ROOT_URL [EXIT_CODE]
import { holdConversation } from './ucwa-conversation.mjs';

async function send(method, url, { headers = {}, body } = {}) {
  const response = await fetch(url, { method, headers, body });
  return { status: response.status, headers: Object.fromEntries(response.headers), text: await response.text() };
}

await holdConversation(send, process.argv[2]);
process.exitCode = Number(process.argv[3] ?? 0);
