// A UCWA client on node:https request(), written as a user would: no proxy or CA settings of its own.
// Usage: node node-https-client.mjs ROOT_URL [EXIT_CODE]
import { request } from 'node:https';
import { holdConversation } from './ucwa-conversation.mjs';

function send(method, url, { headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode, headers: response.headers, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

await holdConversation(send, process.argv[2]);
process.exitCode = Number(process.argv[3] ?? 0);
