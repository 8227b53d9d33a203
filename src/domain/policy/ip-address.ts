/**
 * IpAddress / NotIpAddress: an address inside an IPv4 or IPv6 CIDR block (RFC 4632, RFC 4291 §2.3).
 * An address without a prefix length is a /32 (/128). Pure; no node:net (domain/ rule 2).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IPAddress
 */

/** The address as a bigint and its width in bits, or undefined when it is not an IP address. */
export function parseIp(text: string): { value: bigint; bits: 32 | 128 } | undefined {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(text); // IPv4-mapped IPv6, as Node reports some peers
  if (mapped) return parseIp(mapped[1]!);
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(text)) {
    const parts = text.split('.').map(Number);
    if (parts.some((p) => p > 255)) return undefined;
    return { value: parts.reduce((acc, p) => (acc << 8n) | BigInt(p), 0n), bits: 32 };
  }
  if (!text.includes(':') || !/^[0-9a-f:]+$/i.test(text)) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (groups.some((g) => g.length === 0 || g.length > 4)) return undefined;
  return { value: groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n), bits: 128 };
}

/** True when `address` lies in `cidr` (same family only). */
export function inCidr(address: string, cidr: string): boolean {
  const slash = cidr.indexOf('/');
  const network = parseIp(slash < 0 ? cidr : cidr.slice(0, slash));
  const ip = parseIp(address);
  if (!network || !ip || network.bits !== ip.bits) return false;
  const prefix = slash < 0 ? network.bits : Number(cidr.slice(slash + 1));
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > network.bits) return false;
  const shift = BigInt(network.bits - prefix);
  return (ip.value >> shift) === (network.value >> shift);
}
