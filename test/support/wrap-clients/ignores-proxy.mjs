// A client that ignores the proxy settings: HTTP/1.1 by hand over node:tls, straight to the server
// (no http/https module, so no agent and no proxy). Prints the status line. Usage: node ignores-proxy.mjs URL
import { connect } from 'node:tls';

const url = new URL(process.argv[2]);
const socket = connect({ host: url.hostname, port: Number(url.port || 443), rejectUnauthorized: false }, () => {
  socket.end(`GET ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\nAccept: application/json\r\nConnection: close\r\n\r\n`);
});
let response = '';
socket.setEncoding('utf8');
socket.on('data', (chunk) => (response += chunk));
socket.on('end', () => process.stdout.write(`${response.split('\r\n')[0]}\n`));
