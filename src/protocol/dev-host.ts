/**
 * The dev-mode Host check (issue 13 item 5). The dev server accepts any credentials, so anything
 * that can reach it owns its keys; it listens on loopback only, but a web page can still reach a
 * loopback port through DNS rebinding (a name the attacker controls re-resolved to 127.0.0.1), and
 * such a request carries the attacker's name in `Host`. Answering only loopback Host values closes
 * that door (the defence the WHATWG Fetch standard's "local network access" work and Chromium's
 * DNS-rebinding guidance recommend for local servers: validate the Host header).
 */

/** Loopback names: `localhost`, 127.0.0.0/8 in dotted quad, `[::1]`, each with any port or none. */
export function acceptsHost(host: string | undefined): boolean {
  if (host === undefined) return false;
  let name = host;
  if (name.startsWith('[')) {
    const close = name.indexOf(']');
    if (close < 0 || !isPortSuffix(name.slice(close + 1))) return false;
    return name.slice(1, close) === '::1';
  }
  const colon = name.indexOf(':');
  if (colon >= 0) {
    if (!isPortSuffix(name.slice(colon))) return false;
    name = name.slice(0, colon);
  }
  return name.toLowerCase() === 'localhost' || isLoopbackIPv4(name);
}

/** '' or ':' followed by 1–5 digits. */
function isPortSuffix(suffix: string): boolean {
  return suffix === '' || /^:\d{1,5}$/.test(suffix);
}

function isLoopbackIPv4(name: string): boolean {
  const parts = name.split('.');
  if (parts.length !== 4 || parts[0] !== '127') return false;
  return parts.every((part) => /^\d{1,3}$/.test(part) && Number(part) <= 255);
}

/** [T] the reply to a dev-mode request addressed to another host (AccessDeniedException). */
export function foreignHostMessage(host: string | undefined): string {
  const shown = host === undefined ? 'missing' : `'${host.slice(0, 255)}'`;
  return `Trent in dev mode answers only requests addressed to a loopback host (localhost, 127.0.0.0/8 or [::1]); this request's Host header is ${shown}.`;
}
