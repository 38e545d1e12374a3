/* eslint-disable no-bitwise -- IPv4 arithmetic on CIDR blocks */
/** VPC CIDR of a `PlatformNetwork` (and so of a `PlatformCluster`) given none. @internal */
export const DEFAULT_VPC_CIDR = '10.0.0.0/16';
/** Kubernetes service CIDR of an `EksControlPlane` given none; a VPC must not overlap it. @internal */
export const DEFAULT_SERVICE_CIDR = '172.20.0.0/16';
/** The smallest VPC the subnet plan fits: /22 gives /25 private and /28 public and database subnets. @internal */
export const SMALLEST_VPC_PREFIX = 22;
/** The largest VPC AWS allows. @internal */
export const LARGEST_VPC_PREFIX = 16;
/** Most availability zones a `PlatformNetwork` spans. @internal */
export const MAX_AZS = 6;

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

/**
 * The subnet plan of a `PlatformNetwork` VPC, which every construct that needs a subnet's CIDR at
 * synth time derives the same way: private subnets take 1/8 of the VPC each (blocks 0..n-1),
 * public subnets 1/64 each inside block 6, database subnets 1/64 each inside block 7.
 *
 * @internal
 */
export interface SubnetPlan {
  /** The block that holds every public subnet (and nothing else). */
  readonly publicBlock: Cidr;
  /** The private (nodes and pods) subnet of AZ `i`. */
  privateSubnet(i: number): Cidr;
  /** The public (load balancers, NAT) subnet of AZ `i`. */
  publicSubnet(i: number): Cidr;
  /** The isolated database subnet of AZ `i`. */
  databaseSubnet(i: number): Cidr;
}

/** The subnet plan of a VPC CIDR. @internal */
export function subnetPlan(vpc: Cidr): SubnetPlan {
  const privatePrefix = vpc.prefix + 3;
  const smallPrefix = vpc.prefix + 6;
  const publicBlock = subnet(vpc, privatePrefix, 6);
  const databaseBlock = subnet(vpc, privatePrefix, 7);
  return {
    publicBlock,
    privateSubnet: (i) => subnet(vpc, privatePrefix, i),
    publicSubnet: (i) => subnet(publicBlock, smallPrefix, i),
    databaseSubnet: (i) => subnet(databaseBlock, smallPrefix, i),
  };
}

/**
 * The subnet CIDRs of a `PlatformNetwork` VPC spanning `zones` availability zones, by its subnet
 * plan: `PlatformCluster.fromLookup()` derives them at synth time. @internal
 */
export function subnetCidrs(vpc: Cidr, zones: number): { public: string[]; private: string[]; database: string[] } {
  const plan = subnetPlan(vpc);
  const each = (f: (i: number) => Cidr) => Array.from({ length: zones }, (_, i) => formatCidr(f(i)));
  return { public: each(plan.publicSubnet), private: each(plan.privateSubnet), database: each(plan.databaseSubnet) };
}
