/**
 * Walking the API's own OpenAPI 3.1 document in tests: its operations, their schemas, and
 * requests made from them (valid or broken on purpose), so a check written once covers every
 * route, including routes added later.
 */
import { randomUUID } from 'node:crypto';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

/** The parts of a schema these helpers read. */
export interface Schema {
  $ref?: string;
  type?: string | string[];
  format?: string;
  pattern?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
}

export interface Operation {
  parameters?: { in: string; name: string; required?: boolean; schema?: Schema }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses?: Record<string, { content?: Record<string, { schema: Schema }> }>;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

/** One operation of the document. */
export interface Endpoint {
  method: string;
  /** The document's path, with `{name}` parameters. */
  template: string;
  operation: Operation;
}

/** `POST /api/v1/shifts`: how an operation is named in lists and failure messages. */
export const label = (endpoint: Endpoint) => `${endpoint.method} ${endpoint.template}`;

/** The operation's JSON request body, if it takes one. */
export const jsonBodyOf = (endpoint: Endpoint) => endpoint.operation.requestBody?.content['application/json'];

/**
 * The id in `ids` for the endpoint's first path parameter: `ids` maps the path before it (as in
 * `/api/v1/shifts/`) to an id of that resource.
 */
export function idFor(endpoint: Endpoint, ids: Record<string, string>): string | undefined {
  const prefix = Object.keys(ids).find((path) => endpoint.template.startsWith(`${path}{`));
  return prefix === undefined ? undefined : ids[prefix];
}

const typesOf = (schema: Schema) => [schema.type ?? []].flat();

/** Values that match the patterns of the API's parameters (a local date, a month), and the end of a range. */
const PATTERNED_VALUES = ['2026-01-05', '2026-01'];
const PATTERNED_RANGE_ENDS = ['2026-01-11', '2026-02'];

export class ApiDocument {
  constructor(private readonly doc: OpenApiDocument) {}

  /** The document's operations: its writes (every method but GET), or its reads. */
  endpoints(kind: 'writes' | 'reads'): Endpoint[] {
    return Object.entries(this.doc.paths).flatMap(([template, operations]) =>
      Object.entries(operations)
        .filter(([method]) => (method === 'get') === (kind === 'reads'))
        .map(([method, operation]) => ({ method: method.toUpperCase(), template, operation })),
    );
  }

  /** The operation a request goes to: `method` and a concrete path, with or without a query. */
  endpointFor(method: string, path: string): Endpoint {
    const [pathname = ''] = path.split('?');
    const all = [...this.endpoints('reads'), ...this.endpoints('writes')];
    const found = all.find(
      (endpoint) =>
        endpoint.method === method &&
        new RegExp(`^${endpoint.template.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(pathname),
    );
    if (!found) throw new Error(`No operation in the document for ${method} ${pathname}`);
    return found;
  }

  /** The JSON schema of an operation's answer with `status`, if the document gives one. */
  responseSchema(path: string, method: string, status: string): Schema | undefined {
    return this.doc.paths[path]?.[method]?.responses?.[status]?.content?.['application/json']?.schema;
  }

  /** A schema with its `$ref` followed to the component it names. */
  resolve(schema: Schema): Schema {
    let resolved = schema;
    while (resolved.$ref) {
      const name = resolved.$ref.split('/').at(-1) ?? '';
      const target = this.doc.components?.schemas?.[name];
      if (!target) throw new Error(`Unknown schema ${resolved.$ref}`);
      resolved = target;
    }
    return resolved;
  }

  /**
   * A JSON body its schema refuses, and the field the answer must name: with required fields, an
   * empty object; otherwise the first typed property given a value of the wrong type.
   */
  badBody(schema: Schema): { body: Record<string, unknown>; field: string } {
    const resolved = this.resolve(schema);
    const [firstRequired] = resolved.required ?? [];
    if (firstRequired) return { body: {}, field: firstRequired };
    for (const [name, property] of Object.entries(resolved.properties ?? {})) {
      const types = typesOf(this.resolve(property));
      if (types.length === 0) continue;
      return { body: { [name]: types.includes('object') ? 'not an object' : {} }, field: name };
    }
    throw new Error('no property to break');
  }

  /**
   * A value a parameter's schema accepts or, with `bad`, one it refuses; undefined when it would
   * accept any string (up to a length).
   */
  parameterValue(name: string, schema: Schema | undefined, bad: boolean): string | undefined {
    const resolved = schema ? this.resolve(schema) : {};
    const types = typesOf(resolved);
    // The end of a range (`to`) comes a week after its start, so the range itself is valid.
    const rangeEnd = name === 'to';
    if (resolved.format === 'uuid') return bad ? 'not-a-uuid' : randomUUID();
    if (resolved.format === 'date') return bad ? 'soon' : rangeEnd ? '2026-01-11' : '2026-01-05';
    if (resolved.format === 'date-time')
      return bad ? 'soon' : rangeEnd ? '2026-01-12T00:00:00.000Z' : '2026-01-05T00:00:00.000Z';
    if (resolved.pattern) {
      const matching = (rangeEnd ? PATTERNED_RANGE_ENDS : PATTERNED_VALUES).find((value) =>
        new RegExp(resolved.pattern ?? '').test(value),
      );
      if (!matching) throw new Error(`No sample value for the pattern of ${name}`);
      return bad ? 'soon' : matching;
    }
    if (resolved.enum) return bad ? 'not-an-option' : String(resolved.enum[0]);
    if (types.includes('integer') || types.includes('number')) return bad ? 'many' : '10';
    // Cursors are opaque strings the API made; one it did not make is refused when read.
    if (name === 'cursor') return bad ? 'not-a-cursor' : undefined;
    return bad ? undefined : 'some-id';
  }

  /**
   * The endpoint's URL: path parameters filled in validly and required query parameters too,
   * except `badName`, given a value its schema refuses; `id`, when given, is the first path
   * parameter's value.
   */
  urlFor(endpoint: Endpoint, options: { badName?: string; id?: string } = {}): string {
    let path = endpoint.template;
    const query = new URLSearchParams();
    let id = options.id;
    for (const parameter of endpoint.operation.parameters ?? []) {
      const bad = parameter.name === options.badName;
      let value = this.parameterValue(parameter.name, parameter.schema, bad) ?? 'some-id';
      if (parameter.in === 'path' && id !== undefined) [value, id] = [id, undefined];
      if (parameter.in === 'path') path = path.replace(`{${parameter.name}}`, encodeURIComponent(value));
      else if (parameter.in === 'query' && (bad || parameter.required)) query.set(parameter.name, value);
    }
    return query.size > 0 ? `${path}?${query}` : path;
  }

  /**
   * ajv's errors for `value` against one of the document's schemas (OpenAPI 3.1 schemas are JSON
   * Schema 2020-12), or undefined when it conforms. An object may carry only the properties its
   * schema lists (unless the schema says otherwise): a field the document does not promise is
   * one a client cannot rely on, or one that should not have left the server at all (a hash, a
   * secret). Each schema is compiled once.
   */
  schemaErrors(schema: Schema, value: unknown) {
    let validate = this.compiled.get(schema);
    if (!validate) {
      // References point into the document's components, registered under their own id.
      const rooted = JSON.parse(
        JSON.stringify(schema).replaceAll('"#/components/', '"rota-openapi#/components/'),
      );
      validate = this.ajv().compile(closedObjects(rooted));
      this.compiled.set(schema, validate);
    }
    return validate(value) ? undefined : validate.errors;
  }

  /**
   * What is wrong with an answer of `endpoint` by the document: a status it does not list, or a
   * JSON body that breaks the schema it gives for that status; undefined when nothing is.
   */
  answerProblem(endpoint: Endpoint, status: number, body: unknown) {
    const documented = endpoint.operation.responses?.[String(status)];
    if (!documented) return `status ${status} is not in the document: ${JSON.stringify(body)}`;
    const schema = documented.content?.['application/json']?.schema;
    return schema && this.schemaErrors(schema, body);
  }

  private readonly compiled = new WeakMap<Schema, ValidateFunction>();
  private ajvInstance?: Ajv2020;

  /** One ajv for the document, its components registered under the id `rota-openapi`. */
  private ajv(): Ajv2020 {
    if (!this.ajvInstance) {
      this.ajvInstance = new Ajv2020({ allErrors: true, strict: false });
      addFormats(this.ajvInstance);
      const components = closedObjects(structuredClone(this.doc.components ?? {}));
      this.ajvInstance.addSchema({ $id: 'rota-openapi', components });
    }
    return this.ajvInstance;
  }
}

/**
 * `schema` with every object that lists its properties closed to others (`additionalProperties:
 * false`) where it does not say what else it admits. Changes `schema` in place and returns it.
 */
function closedObjects<T>(schema: T): T {
  if (Array.isArray(schema)) {
    for (const item of schema) closedObjects(item);
  } else if (schema && typeof schema === 'object') {
    const node = schema as Record<string, unknown>;
    for (const value of Object.values(node)) closedObjects(value);
    if (node.properties && typeof node.properties === 'object' && !('additionalProperties' in node))
      node.additionalProperties = false;
  }
  return schema;
}
