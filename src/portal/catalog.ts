import { IConstruct } from 'constructs';
import { BACKSTAGE_API_VERSION, CATALOG_GROUP_NAMESPACE, DEFAULT_PLATFORM_TEAM, isCatalogEntityName } from './private/names';
import { constructError, propError } from '../private/errors';
import { checkProps, propTypes, required, T } from '../private/prop-types';

const KIND = 'Catalog';
const PLATFORM_TEAM_DESCRIPTION = 'The platform team: owns the environments, their clusters and what no other team claims';

/**
 * A construct that describes itself to the developer portal's catalog. `PlatformApp.synth()` visits
 * every construct of both trees, parents before children, and calls `addToCatalog` on each one that
 * has it; no construct is special-cased.
 */
export interface ICatalogSource {
  /** Adds the entities this construct stands for to the catalog. */
  addToCatalog(catalog: Catalog): void;
}

/** A link on a catalog entity (`metadata.links`). */
export interface CatalogLink {
  /** The URL. */
  readonly url: string;
  /** The title shown. */
  readonly title: string;
  /**
   * A Backstage icon name, e.g. `dashboard`, `web`, `cloud`.
   * @default - none
   */
  readonly icon?: string;
}

/** An environment as the catalog sees it: one `System`, and the Backstage namespace of its entities. */
export interface CatalogEnvironmentOptions {
  /** Platform name, e.g. `acme`. */
  readonly platformName: string;
  /** Environment name, e.g. `prod`. */
  readonly environmentName: string;
  /** Backstage lifecycle of the environment's components, e.g. `production` or `experimental`. */
  readonly lifecycle: string;
  /** AWS account ID, for console links. */
  readonly account: string;
  /** AWS region, for console links. */
  readonly region: string;
  /**
   * Name of the folder (under the catalog directory) the environment's files go to.
   * @default - `<platform>-<environment>`
   */
  readonly folder?: string;
}

/** An environment registered with `Catalog.addEnvironment()`, with the names derived from it. */
export interface CatalogEnvironment extends CatalogEnvironmentOptions {
  /** Backstage namespace of its entities, and name of its `System`: `<platform>-<environment>`. */
  readonly namespace: string;
  /** Entity reference of its `System`. */
  readonly systemRef: string;
}

/** Options for `Catalog.addComponent()`. */
export interface CatalogComponentOptions {
  /** Entity name (the service name). */
  readonly name: string;
  /** The owning team; its `Group` is added to the catalog. */
  readonly team: string;
  /**
   * Component type.
   * @default 'service'
   */
  readonly type?: string;
  /**
   * One-line description.
   * @default - none
   */
  readonly description?: string;
  /**
   * Constructs this component depends on (services it calls, databases, its image repository).
   * Constructs that put no entity into the catalog are left out, so every relation resolves.
   * @default - none
   */
  readonly dependsOn?: IConstruct[];
  /**
   * Annotations Backstage plugins read (`backstage.io/kubernetes-id`, ...).
   * @default - none
   */
  readonly annotations?: { [key: string]: string };
  /**
   * Links (consoles, dashboards, the public endpoint).
   * @default - none
   */
  readonly links?: CatalogLink[];
  /**
   * Public hostname of the service, when it is exposed (shown in the environment diagram and linked).
   * @default - not exposed
   */
  readonly publicHostname?: string;
  /**
   * Whether the hostname is reachable from the internet (else only from the VPC, an internal load balancer).
   * @default true
   */
  readonly internetFacing?: boolean;
}

/** Options for `Catalog.addResource()`. */
export interface CatalogResourceOptions {
  /** Entity name. */
  readonly name: string;
  /** Resource type, e.g. `database`, `kubernetes-cluster`, `container-registry`. */
  readonly type: string;
  /**
   * The owning team.
   * @default - the team that owns every component depending on it, if there is exactly one; else the platform team
   */
  readonly team?: string;
  /**
   * One-line description.
   * @default - none
   */
  readonly description?: string;
  /**
   * Annotations.
   * @default - none
   */
  readonly annotations?: { [key: string]: string };
  /**
   * Links (consoles).
   * @default - none
   */
  readonly links?: CatalogLink[];
}

/** Options for `Catalog.addGroup()`. */
export interface CatalogGroupOptions {
  /**
   * One-line description.
   * @default - "Team <name>"
   */
  readonly description?: string;
}

/** Properties for `Catalog`. */
export interface CatalogProps {
  /**
   * The team (a `Group`) that owns the platform's own entities: each environment's `System` and
   * its cluster.
   * @default 'platform'
   */
  readonly platformTeam?: string;
}

// Runtime types (src/private/prop-types.ts) of the catalog's props and options.
const LINKS = T.list('a list of CatalogLink', 'a list such as [{ url: "https://...", title: "Dashboard" }]');
const CATALOG_ENVIRONMENT_OPTIONS = propTypes('CatalogEnvironmentOptions', {
  platformName: required(T.string),
  environmentName: required(T.string),
  lifecycle: required(T.string),
  account: required(T.string),
  region: required(T.string),
  folder: T.string,
});
const CATALOG_COMPONENT_OPTIONS = propTypes('CatalogComponentOptions', {
  name: required(T.string),
  team: required(T.string),
  type: T.string,
  description: T.string,
  dependsOn: T.list('a list of constructs', 'a list of constructs, e.g. [database]'),
  annotations: T.stringMap,
  links: LINKS,
  publicHostname: T.string,
  internetFacing: T.boolean,
});
const CATALOG_RESOURCE_OPTIONS = propTypes('CatalogResourceOptions', {
  name: required(T.string),
  type: required(T.string),
  team: T.string,
  description: T.string,
  annotations: T.stringMap,
  links: LINKS,
});
const CATALOG_GROUP_OPTIONS = propTypes('CatalogGroupOptions', {
  description: T.string,
});
const CATALOG_PROPS = propTypes('CatalogProps', {
  platformTeam: T.string,
});

/** One entity before rendering. @internal */
export interface CatalogEntry {
  readonly kind: string;
  readonly name: string;
  readonly scope: IConstruct;
  readonly type: string;
  readonly team?: string;
  readonly description?: string;
  readonly dependsOn: IConstruct[];
  readonly annotations: { [key: string]: string };
  readonly links: CatalogLink[];
  readonly publicHostname?: string;
  readonly internetFacing?: boolean;
}

/**
 * The developer portal's model of the platform, gathered from the construct tree: a Backstage
 * `System` per environment, a `Component` per service, `Resource`s for clusters, databases and image
 * repositories, and a `Group` per team. Constructs add themselves through `ICatalogSource`;
 * `toEntities()` renders the entities with every relation resolved within the catalog.
 *
 * @see https://backstage.io/docs/features/software-catalog/descriptor-format
 */
export class Catalog {
  /** True when `x` has an `addToCatalog` method. */
  public static isSource(x: unknown): x is ICatalogSource {
    return typeof x === 'object' && x !== null && typeof (x as { addToCatalog?: unknown }).addToCatalog === 'function';
  }

  /**
   * Visits every construct under the roots (parents first, in creation order) and lets each
   * `ICatalogSource` add its entities.
   */
  public static gather(roots: IConstruct[], props: CatalogProps = {}): Catalog {
    const catalog = new Catalog(props);
    for (const root of roots) {
      for (const c of root.node.findAll()) {
        if (Catalog.isSource(c)) {
          c.addToCatalog(catalog);
        }
      }
    }
    return catalog;
  }

  /** The team that owns the platform's own entities. */
  public readonly platformTeam: string;
  private readonly environments = new Map<IConstruct, CatalogEnvironment>();
  private readonly entries: CatalogEntry[] = [];
  private readonly byScope = new Map<IConstruct, CatalogEntry>();
  private readonly byRef = new Map<string, CatalogEntry>();
  private readonly groups = new Map<string, string>();

  public constructor(props: CatalogProps = {}) {
    checkProps('<catalog>', KIND, props, CATALOG_PROPS);
    this.platformTeam = requireName('<catalog>', 'platformTeam', props.platformTeam ?? DEFAULT_PLATFORM_TEAM);
    // Always there: it owns every entity no team claims.
    this.groups.set(this.platformTeam, PLATFORM_TEAM_DESCRIPTION);
  }

  /** Registers an environment: a `System`, and the namespace of every entity added below `scope`. */
  public addEnvironment(scope: IConstruct, options: CatalogEnvironmentOptions): CatalogEnvironment {
    checkProps(scope, KIND, options, CATALOG_ENVIRONMENT_OPTIONS, 'options');
    const namespace = requireName(scope, 'environment', `${options.platformName}-${options.environmentName}`);
    const taken = [...this.environments.entries()].find(([, e]) => e.namespace === namespace);
    if (taken) {
      throw constructError(scope, KIND, `environment '${namespace}' is in the catalog already, from '${taken[0].node.path}'`,
        'give each PlatformStack of an app its own platform and environment name');
    }
    const env: CatalogEnvironment = { ...options, folder: options.folder ?? namespace, namespace, systemRef: `system:${namespace}/${namespace}` };
    this.environments.set(scope, env);
    return env;
  }

  /** The environment `scope` stands in (the nearest enclosing one registered), if any. */
  public environmentOf(scope: IConstruct): CatalogEnvironment | undefined {
    for (const s of [...scope.node.scopes].reverse()) {
      const env = this.environments.get(s);
      if (env) {
        return env;
      }
    }
    return undefined;
  }

  /** Adds a `Component` (a service) owned by a team. */
  public addComponent(scope: IConstruct, options: CatalogComponentOptions): void {
    checkProps(scope, KIND, options, CATALOG_COMPONENT_OPTIONS, 'options');
    this.addGroup(options.team);
    this.add(scope, {
      kind: 'Component',
      name: options.name,
      scope,
      type: options.type ?? 'service',
      team: options.team,
      description: options.description,
      dependsOn: [...(options.dependsOn ?? [])],
      annotations: { ...options.annotations },
      links: [
        ...(options.publicHostname ? [{ url: `https://${options.publicHostname}`, title: options.internetFacing === false ? 'Internal endpoint' : 'Public endpoint', icon: 'web' }] : []),
        ...(options.links ?? []),
      ],
      publicHostname: options.publicHostname,
      internetFacing: options.publicHostname ? options.internetFacing ?? true : undefined,
    });
  }

  /** Adds a `Resource` (a cluster, a database, an image repository). */
  public addResource(scope: IConstruct, options: CatalogResourceOptions): void {
    checkProps(scope, KIND, options, CATALOG_RESOURCE_OPTIONS, 'options');
    if (options.team !== undefined) {
      this.addGroup(options.team);
    }
    this.add(scope, {
      kind: 'Resource',
      name: options.name,
      scope,
      type: options.type,
      team: options.team,
      description: options.description,
      dependsOn: [],
      annotations: { ...options.annotations },
      links: [...(options.links ?? [])],
    });
  }

  /** Adds a team's `Group` (once; adding it again changes nothing). */
  public addGroup(name: string, options: CatalogGroupOptions = {}): void {
    checkProps('<catalog>', KIND, options, CATALOG_GROUP_OPTIONS, 'options');
    requireName('<catalog>', 'group', name);
    if (!this.groups.has(name) || options.description !== undefined) {
      this.groups.set(name, options.description ?? this.groups.get(name) ?? `Team ${name}`);
    }
  }

  /** The entity reference (`kind:namespace/name`) of the entity a construct added, if any. */
  public entityRefOf(scope: IConstruct): string | undefined {
    const entry = this.byScope.get(scope);
    return entry ? this.refOf(entry) : undefined;
  }

  /** Every environment registered, in order. */
  public get environmentList(): CatalogEnvironment[] {
    return [...this.environments.values()];
  }

  /**
   * The entities of one environment (`undefined`: those outside any environment, and the groups),
   * as Backstage descriptor objects, in a stable order.
   */
  public toEntities(environment?: CatalogEnvironment): any[] {
    const entities: any[] = [];
    if (environment === undefined) {
      for (const name of [...this.groups.keys()].sort()) {
        entities.push({
          apiVersion: BACKSTAGE_API_VERSION,
          kind: 'Group',
          metadata: { name, namespace: CATALOG_GROUP_NAMESPACE, description: this.groups.get(name) },
          spec: { type: 'team', children: [] },
        });
      }
    } else {
      entities.push({
        apiVersion: BACKSTAGE_API_VERSION,
        kind: 'System',
        metadata: {
          name: environment.namespace,
          namespace: environment.namespace,
          title: `${environment.platformName} ${environment.environmentName}`,
          description: `Environment '${environment.environmentName}' of platform '${environment.platformName}' (${environment.account}, ${environment.region})`,
        },
        spec: { owner: groupRef(this.platformTeam) },
      });
    }
    const own = this._entries().filter((e) => this.environmentOf(e.scope) === environment);
    for (const e of own) {
      const env = this.environmentOf(e.scope);
      const dependsOn = [...new Set(e.dependsOn.map((d) => this.entityRefOf(d)).filter((r): r is string => r !== undefined))].sort();
      const spec: any = { type: e.type };
      if (e.kind === 'Component') {
        spec.lifecycle = env?.lifecycle ?? 'production';
      }
      spec.owner = groupRef(this._ownerOf(e));
      if (env) {
        spec.system = env.systemRef;
      }
      if (dependsOn.length > 0) {
        spec.dependsOn = dependsOn;
      }
      entities.push({
        apiVersion: BACKSTAGE_API_VERSION,
        kind: e.kind,
        metadata: {
          name: e.name,
          namespace: env?.namespace ?? 'default',
          description: e.description,
          annotations: Object.keys(e.annotations).length > 0 ? sortKeys(e.annotations) : undefined,
          links: e.links.length > 0 ? e.links.map((l) => ({ url: l.url, title: l.title, icon: l.icon })) : undefined,
        },
        spec,
      });
    }
    return entities.map(dropUndefined);
  }

  /** Every entry, components then resources, each sorted by name. @internal */
  public _entries(): CatalogEntry[] {
    const order = (e: CatalogEntry) => (e.kind === 'Component' ? 0 : 1);
    return [...this.entries].sort((a, b) => order(a) - order(b) || compare(a.name, b.name));
  }

  /** The team owning an entry: its own, or the one team of every component that depends on it, or the platform's. @internal */
  public _ownerOf(entry: CatalogEntry): string {
    if (entry.team !== undefined) {
      return entry.team;
    }
    const teams = new Set(this.entries.filter((e) => e.kind === 'Component' && e.dependsOn.includes(entry.scope)).map((e) => e.team!));
    return teams.size === 1 ? [...teams][0] : this.platformTeam;
  }

  /** The entry a construct added, if any. @internal */
  public _entryOf(scope: IConstruct): CatalogEntry | undefined {
    return this.byScope.get(scope);
  }

  private add(scope: IConstruct, entry: CatalogEntry): void {
    requireName(scope, 'name', entry.name);
    if (this.byScope.has(scope)) {
      throw constructError(scope, KIND, 'this construct added a second entity to the catalog', 'add one entity per construct');
    }
    const ref = this.refOf(entry);
    const taken = this.byRef.get(ref);
    if (taken) {
      throw propError(scope, KIND, 'name', entry.name, `names a ${entry.kind} the catalog has already, from '${taken.scope.node.path}'`,
        'give each service, database and repository of an environment its own name');
    }
    this.entries.push(entry);
    this.byScope.set(scope, entry);
    this.byRef.set(ref, entry);
  }

  private refOf(entry: CatalogEntry): string {
    return `${entry.kind.toLowerCase()}:${this.environmentOf(entry.scope)?.namespace ?? 'default'}/${entry.name}`;
  }
}

function groupRef(team: string): string {
  return `group:${CATALOG_GROUP_NAMESPACE}/${team}`;
}

function requireName(scope: IConstruct | string, prop: string, name: string): string {
  if (!isCatalogEntityName(name)) {
    throw propError(scope, KIND, prop, name, 'is not a Backstage entity name (letters and digits separated by \'-\', \'_\' or \'.\', at most 63 characters)',
      'use a DNS label such as "checkout"');
  }
  return name;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortKeys(o: { [key: string]: string }): { [key: string]: string } {
  return Object.fromEntries(Object.keys(o).sort(compare).map((k) => [k, o[k]]));
}

/** A copy without `undefined` values (YAML writers disagree on them). */
function dropUndefined(value: any): any {
  if (Array.isArray(value)) {
    return value.map(dropUndefined);
  }
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, dropUndefined(v)]));
  }
  return value;
}
