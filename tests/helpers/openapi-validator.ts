/**
 * Validates JSON against the schemas of a served OpenAPI 3.1 document, by JSON pointer into it,
 * with Ajv's JSON Schema 2020-12 dialect (OpenAPI 3.1's). Generic: it knows nothing of Xunjian,
 * so the conformance client and the office's own tests check bodies against what is published.
 */
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown> };
}

export interface Operation {
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: unknown }> }>;
}

const DOC_ID = 'https://openapi.invalid/document.json';
const JSON_TYPE = 'application/json';

/** RFC 6901: `~` and `/` escaped in each token. */
const token = (text: string): string => text.replace(/~/g, '~0').replace(/\//g, '~1');

export interface Verdict {
  valid: boolean;
  errors: string;
}

export class OpenApiValidator {
  private readonly ajv: Ajv2020;

  constructor(readonly doc: OpenApiDocument) {
    // Not strict: the document's own keywords (paths, responses…) are not JSON Schema keywords.
    this.ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(this.ajv);
    this.ajv.addSchema({ ...doc, $id: DOC_ID });
  }

  /** The operation for a path as the document writes it (`/api/v1/reports/{id}`). */
  operation(path: string, method: string): Operation {
    const op = this.doc.paths[path]?.[method.toLowerCase()];
    if (!op) throw new Error(`the document has no ${method} ${path}`);
    return op;
  }

  private check(pointer: string, value: unknown): Verdict {
    const validate = this.ajv.getSchema(`${DOC_ID}#${pointer}`);
    if (!validate) throw new Error(`no schema at ${pointer}`);
    const valid = validate(value) as boolean;
    return { valid, errors: valid ? '' : this.ajv.errorsText(validate.errors, { separator: '\n' }) };
  }

  /** A named component (`ReportEnvelope`). */
  component(name: string, value: unknown): Verdict {
    if (!(name in this.doc.components.schemas)) throw new Error(`no component ${name}`);
    return this.check(`/components/schemas/${token(name)}`, value);
  }

  request(path: string, method: string, body: unknown): Verdict {
    if (!this.operation(path, method).requestBody?.content[JSON_TYPE]) throw new Error(`${method} ${path} documents no JSON body`);
    return this.check(`/paths/${token(path)}/${method.toLowerCase()}/requestBody/content/${token(JSON_TYPE)}/schema`, body);
  }

  /** The answer against the schema documented for its status; a status the operation does not list is invalid. */
  response(path: string, method: string, status: number, body: unknown): Verdict {
    const documented = this.operation(path, method).responses[String(status)];
    if (!documented) return { valid: false, errors: `${method} ${path} does not document status ${status}` };
    if (!documented.content?.[JSON_TYPE]) return { valid: false, errors: `${method} ${path} ${status} documents no JSON body` };
    return this.check(`/paths/${token(path)}/${method.toLowerCase()}/responses/${status}/content/${token(JSON_TYPE)}/schema`, body);
  }
}

/** Every `$ref` in the document that does not point at something in it. */
export function unresolvedRefs(doc: unknown): string[] {
  const missing: string[] = [];
  const resolve = (ref: string): boolean => {
    if (!ref.startsWith('#/')) return false;
    let at: unknown = doc;
    for (const part of ref.slice(2).split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))) {
      if (typeof at !== 'object' || at === null || !(part in at)) return false;
      at = (at as Record<string, unknown>)[part];
    }
    return true;
  };
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (typeof node === 'object' && node !== null) {
      for (const [key, value] of Object.entries(node)) {
        if (key === '$ref' && typeof value === 'string' && !resolve(value)) missing.push(value);
        else walk(value);
      }
    }
  };
  walk(doc);
  return missing;
}
