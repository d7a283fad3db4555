// Bodies shaped like captured Lync 2013 / Skype for Business traffic that the reference does not show.
import { describe, expect, it } from 'vitest';
import { decodeBody } from '../../protocol/decode-body.ts';
import type { DecodeResult, DecodedBody } from '../../protocol/decoded-body.ts';

function body(result: DecodeResult): DecodedBody {
  if (!result.ok) throw new Error(result.problem);
  return result.body;
}

const IIS_404 = `<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"/>
<title>404 - File or directory not found.</title>
</head>
<body><div id="header"><h1>Server Error</h1></div>
<div id="content"><fieldset><h2>404 - File or directory not found.</h2>
<h3>The resource you are looking for might have been removed.</h3></fieldset></div></body></html>`;

const ASP_NET_500 = `<!DOCTYPE html>
<html>
    <head>
        <title>Runtime Error</title>
    </head>
    <body bgcolor="white">
            <span><H1>Server Error in '/' Application.<hr width=100% size=1 color=silver></H1>
            <h2> <i>Runtime Error</i> </h2></span>
    </body>
</html>`;

describe('decodeBody on what real servers send', () => {
  it("decodes a token request whose Content-Type says charset='utf-8' in single quotes", () => {
    const result = decodeBody('grant_type=password&username=ada%40contoso.example&password=secret', {
      direction: 'request',
      method: 'POST',
      contentType: "application/x-www-form-urlencoded;charset='utf-8'",
    });
    expect(result.ok && result.warnings).toEqual([]);
    expect(body(result)).toEqual({ kind: 'form', fields: [['grant_type', 'password'], ['username', 'ada@contoso.example'], ['password', 'secret']] });
  });

  it('recognises an IIS 404 page as an error page with its title, not as IM text', () => {
    const decoded = body(decodeBody(IIS_404, { direction: 'response', status: 404, contentType: 'text/html' }));
    expect(decoded).toEqual({ kind: 'error-page', title: '404 - File or directory not found.', server: 'IIS' });
  });

  it('recognises the ASP.NET "Server Error in \'/\' Application" page, with or without a Content-Type', () => {
    const expected = { kind: 'error-page', title: 'Runtime Error', server: 'ASP.NET' };
    expect(body(decodeBody(ASP_NET_500, { direction: 'response', status: 500, contentType: 'text/html; charset=utf-8' }))).toEqual(expected);
    expect(body(decodeBody(ASP_NET_500, { direction: 'response', status: 500 }))).toEqual(expected);
    const escaped = ASP_NET_500.replace("'/'", '&#39;/&#39;');
    expect(body(decodeBody(escaped, { direction: 'response', status: 500, contentType: 'text/html' }))).toEqual(expected);
  });

  it('calls any HTML on an error status an error page, and titles it by its first heading when it has no title', () => {
    const decoded = body(decodeBody('<html><body><h1>Service Unavailable</h1></body></html>', { direction: 'response', status: 503, contentType: 'text/html' }));
    expect(decoded).toEqual({ kind: 'error-page', title: 'Service Unavailable', server: null });
  });

  it('keeps HTML IM text as text: a request body, and a successful response without server error markup', () => {
    const html = '<html><body><p>Hello <b>there</b></p></body></html>';
    expect(body(decodeBody(html, { direction: 'request', method: 'POST', contentType: 'text/html' })).kind).toBe('message-text');
    expect(body(decodeBody(html, { direction: 'response', status: 200, contentType: 'text/html' })).kind).toBe('message-text');
  });
});
