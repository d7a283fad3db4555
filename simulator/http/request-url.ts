/**
 * The request URL as IIS would read it: runs of `/` collapse to one (clients that join `root +
 * href` send `//ucwa/...`), and an absolute-form target keeps only its path and query.
 */

export function requestUrl(rawTarget: string | undefined, base: string): URL {
  let target = rawTarget || '/';
  if (/^https?:\/\//i.test(target)) {
    const absolute = new URL(target);
    target = `${absolute.pathname}${absolute.search}`;
  }
  const queryAt = target.indexOf('?');
  const path = queryAt < 0 ? target : target.slice(0, queryAt);
  const query = queryAt < 0 ? '' : target.slice(queryAt);
  // Without collapsing first, `//ucwa/...` would parse as a URL whose host is "ucwa".
  return new URL(`${path.replace(/\/{2,}/g, '/')}${query}`, base);
}
