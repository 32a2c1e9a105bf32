/**
 * The client a request counts against, from the address Cloudflare saw. An IPv6 client is its /64: every subscriber
 * gets at least that much, and privacy addresses (RFC 8981) change within it by themselves, so counting single
 * addresses would give one client a fresh budget for each of its 2^64. An IPv4 address (mapped ones too) is itself.
 */
export function clientNetworkOf(address: string): string {
  const hextets = ipv6Hextets(address.trim().toLowerCase());
  if (!hextets) return address;
  if (hextets.slice(0, 5).every((h) => h === 0) && hextets[5] === 0xffff) {
    return [hextets[6]! >> 8, hextets[6]! & 0xff, hextets[7]! >> 8, hextets[7]! & 0xff].join('.');
  }
  return `${hextets
    .slice(0, 4)
    .map((h) => h.toString(16))
    .join(':')}::/64`;
}

/** The eight 16-bit groups of an IPv6 address (`::` and a trailing dotted IPv4 part allowed), or null if it is not one. */
function ipv6Hextets(address: string): number[] | null {
  if (!address.includes(':')) return null;
  const halves = address.split('::');
  if (halves.length > 2) return null;
  const groupsOf = (text: string): number[] | null => {
    if (text === '') return [];
    const groups: number[] = [];
    for (const part of text.split(':')) {
      if (/^[0-9a-f]{1,4}$/.test(part)) groups.push(parseInt(part, 16));
      else if (/^\d{1,3}(\.\d{1,3}){3}$/.test(part) && part.split('.').every((n) => Number(n) <= 255)) {
        const [a, b, c, d] = part.split('.').map(Number) as [number, number, number, number];
        groups.push((a << 8) | b, (c << 8) | d);
      } else return null;
    }
    return groups;
  };
  const head = groupsOf(halves[0]!);
  const tail = halves.length === 2 ? groupsOf(halves[1]!) : [];
  if (!head || !tail) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  return [...head, ...Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
}
