/* eslint-disable no-bitwise -- IPv4 arithmetic on CIDR blocks */
/** An IPv4 CIDR block as numbers. @internal */
export interface Cidr {
  readonly network: number;
  readonly prefix: number;
}

/** Parses `a.b.c.d/n`; undefined when it is not a valid IPv4 CIDR with the network address. @internal */
export function parseCidr(text: string): Cidr | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text);
  if (!m) {
    return undefined;
  }
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32) {
    return undefined;
  }
  const address = ((octets[0] << 24) >>> 0) + (octets[1] << 16) + (octets[2] << 8) + octets[3];
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  if (((address & mask) >>> 0) !== address) {
    return undefined; // host bits set: not a network address
  }
  return { network: address, prefix };
}

/** @internal */
export function formatCidr(cidr: Cidr): string {
  const n = cidr.network;
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}/${cidr.prefix}`;
}

/** The `index`-th block of size `/prefix` inside `parent`. @internal */
export function subnet(parent: Cidr, prefix: number, index: number): Cidr {
  return { network: (parent.network + index * 2 ** (32 - prefix)) >>> 0, prefix };
}

/** True when the two blocks share an address. @internal */
export function overlaps(a: Cidr, b: Cidr): boolean {
  const aEnd = a.network + 2 ** (32 - a.prefix) - 1;
  const bEnd = b.network + 2 ** (32 - b.prefix) - 1;
  return a.network <= bEnd && b.network <= aEnd;
}
