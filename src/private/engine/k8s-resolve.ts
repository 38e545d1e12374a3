import {
  ApiObject, ApiObjectMetadataDefinition, App, ImplicitTokenResolver, JsonPatch, Lazy, LazyResolver, NumberStringUnionResolver,
} from 'cdk8s';

/*
 * cdk8s's resolution of an object's values, done directly. Mirrors cdk8s 2.70's `resolve()`
 * (src/resolve.ts) with the three resolvers an `App` has when constructed without `resolvers`
 * (`LazyResolver`, `ImplicitTokenResolver`, `NumberStringUnionResolver`, in that order),
 * `sanitizeValue()` (src/_util.ts), `ApiObject.toJson()` (src/api-object.ts) and
 * `ApiObjectMetadataDefinition.toJson()` (src/metadata.ts). cdk8s's `resolve()` looks up the app
 * (a walk to the root), allocates a context object and a copy of the key path for every value
 * and asks each resolver in turn; with the built-in resolvers none of that changes the result,
 * so this walks the value once. An app with resolvers of its own keeps cdk8s's resolution.
 * Checked against cdk8s's own `App.synth()` on every example, byte for byte
 * (test/private/engine/differential.test.ts), and on every kind of value the resolvers know
 * (test/private/engine/k8s-resolve.test.ts).
 */

/** The fields of cdk8s's `ApiObject` and `ApiObjectMetadataDefinition` read here (private in cdk8s's types). */
interface ApiObjectFields {
  readonly props: Record<string, unknown>;
  readonly patches: JsonPatch[];
}
interface MetadataFields {
  readonly _additionalAttributes: Record<string, unknown>;
  readonly name?: string;
  readonly namespace?: string;
  readonly annotations: unknown;
  readonly finalizers: unknown;
  readonly ownerReferences: unknown;
  readonly labels: unknown;
  readonly apiObject: ApiObject;
}

/** True when the app resolves with cdk8s's built-in resolvers only. */
export function hasBuiltInResolvers(app: App): boolean {
  const r = app.resolvers;
  return r.length === 3 && r[0].constructor === LazyResolver && r[1].constructor === ImplicitTokenResolver
    && r[2].constructor === NumberStringUnionResolver;
}

/**
 * Runs `work` with `ApiObject.prototype.toJson` and `ApiObjectMetadataDefinition.prototype.toJson`
 * resolving directly, and puts cdk8s's methods back afterwards. Objects that do not have the
 * fields read here fall back to cdk8s's method.
 *
 * @internal
 */
export function withDirectResolution<T>(work: () => T): T {
  const restore = resolveDirectly();
  try {
    return work();
  } finally {
    restore();
  }
}

/**
 * `withDirectResolution()` for work that is not one function call (a chart at a time): replaces
 * the two methods and returns the function that puts cdk8s's methods back, which the caller must
 * call in a `finally`.
 *
 * @internal
 */
export function resolveDirectly(): () => void {
  const apiObjectToJson = ApiObject.prototype.toJson;
  const metadataToJson = ApiObjectMetadataDefinition.prototype.toJson;
  ApiObject.prototype.toJson = function toJson(this: ApiObject) {
    const fields = this as unknown as ApiObjectFields;
    return fields.props && Array.isArray(fields.patches) ? apiObjectJson(this, fields) : apiObjectToJson.call(this);
  };
  ApiObjectMetadataDefinition.prototype.toJson = function toJson(this: ApiObjectMetadataDefinition) {
    const fields = this as unknown as MetadataFields;
    return fields._additionalAttributes ? metadataJson(fields) : metadataToJson.call(this);
  };
  return () => {
    ApiObject.prototype.toJson = apiObjectToJson;
    ApiObjectMetadataDefinition.prototype.toJson = metadataToJson;
  };
}

/** cdk8s `ApiObject.toJson()`. */
function apiObjectJson(obj: ApiObject, fields: ApiObjectFields): any {
  try {
    const data = { ...fields.props, metadata: obj.metadata.toJson() };
    const sortKeys = process.env.CDK8S_DISABLE_SORT ? false : true;
    const json = sanitizeValue(resolveValue(data), { sortKeys });
    const patched = JsonPatch.apply(json, ...fields.patches);
    // apiVersion, kind and metadata first, then the rest
    const result: any = {};
    for (const k of ['apiVersion', 'kind', 'metadata', ...Object.keys(patched)]) {
      if (k in patched) {
        result[k] = patched[k];
      }
    }
    return result;
  } catch (e) {
    throw new Error(`Failed serializing construct at path '${obj.node.path}' with name '${obj.name}': ${e}`);
  }
}

/** cdk8s `ApiObjectMetadataDefinition.toJson()`. */
function metadataJson(m: MetadataFields): any {
  return sanitizeValue(resolveValue({
    ...m._additionalAttributes,
    name: m.name,
    namespace: m.namespace,
    annotations: m.annotations,
    finalizers: m.finalizers,
    ownerReferences: m.ownerReferences,
    labels: m.labels,
  }), { filterEmptyArrays: true, filterEmptyObjects: true });
}

/** cdk8s `resolve()` with the built-in resolvers: Lazy, then `resolve()`, then number-or-string unions. */
function resolveValue(value: any): any {
  if (value === null || value === undefined) {
    return value;
  }
  if (value instanceof Lazy) {
    return resolveValue(value.produce());
  }
  if (typeof value.resolve === 'function') {
    return resolveValue(value.resolve());
  }
  if (value.constructor !== Object && (typeof value.value === 'number' || typeof value.value === 'string')) {
    return resolveValue({ value: value.value });
  }
  if (Array.isArray(value)) {
    return value.map(resolveValue);
  }
  // eslint-disable-next-line eqeqeq
  if (value.constructor == Object) {
    const result: any = {};
    for (const k of Object.keys(value)) {
      result[k] = resolveValue(value[k]);
    }
    return result;
  }
  return value;
}

interface SanitizeOptions {
  readonly sortKeys?: boolean;
  readonly filterEmptyArrays?: boolean;
  readonly filterEmptyObjects?: boolean;
}

/** cdk8s `sanitizeValue()`. */
function sanitizeValue(obj: any, options: SanitizeOptions): any {
  if (obj === null || obj === undefined) {
    return undefined;
  }
  if (typeof obj !== 'object') {
    return obj;
  }
  if (Array.isArray(obj)) {
    if (options.filterEmptyArrays && obj.length === 0) {
      return undefined;
    }
    return obj.map((x) => sanitizeValue(x, options));
  }
  if (obj.constructor.name !== 'Object') {
    throw new Error(`can't render non-simple object of type '${obj.constructor.name}'`);
  }
  const result: any = {};
  const keys = (options.sortKeys ?? true) ? Object.keys(obj).sort() : Object.keys(obj);
  for (const key of keys) {
    const value = sanitizeValue(obj[key], options);
    if (value !== null && value !== undefined) {
      result[key] = value;
    }
  }
  if (options.filterEmptyObjects && Object.keys(result).length === 0) {
    return undefined;
  }
  return result;
}
