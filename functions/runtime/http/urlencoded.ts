/**
 * Forms posted without JavaScript send application/x-www-form-urlencoded: flat text fields. This maps
 * them onto the JSON shape the zod schemas expect, so that a form and a JSON body are validated by the
 * same schema and refused in the same words.
 */
import * as z from 'zod/mini';
import type { Schema as ZodType } from '../../contract/schemas';

const textFields = new WeakMap<ZodType, Set<string>>();

/** The fields a schema wants as text (`officer`, `feverCases.note`): a form's numerals stay text there. */
export const textFieldsOf = (schema: ZodType): Set<string> => {
  const known = textFields.get(schema);
  if (known) return known;
  type Property = { type?: string; items?: { properties?: Record<string, Property> } };
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, Property> };
  const names = new Set<string>();
  for (const [name, property] of Object.entries(json.properties ?? {})) {
    if (property.type === 'string') names.add(name);
    for (const [inner, innerProperty] of Object.entries(property.items?.properties ?? {})) {
      if (innerProperty.type === 'string') names.add(`${name}.${inner}`);
    }
  }
  textFields.set(schema, names);
  return names;
};

/**
 * Turns form fields into the JSON shape the schemas expect: `feverCases[0].tempC` nests, numerals become
 * numbers except where the schema wants text, empty fields are left out. Anything that still does not
 * fit is then rejected by the schema, as it would be in JSON.
 */
export const formFields = (text: string, textFieldNames: ReadonlySet<string> = new Set()): Record<string, unknown> => {
  const result: Record<string, unknown> = Object.create(null);
  for (const [name, rawValue] of new URLSearchParams(text)) {
    const value = rawValue.trim();
    if (value === '') continue;
    const nested = /^(\w+)\[(\d{1,3})\]\.(\w+)$/.exec(name);
    const fieldName = nested ? `${nested[1]}.${nested[3]}` : name;
    const typed: unknown = !textFieldNames.has(fieldName) && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
    if (nested) {
      const [, list, index, field] = nested as unknown as [string, string, string, string];
      const items = (Array.isArray(result[list]) ? result[list] : (result[list] = [])) as Record<string, unknown>[];
      const slot = (items[Number(index)] ??= {});
      slot[field] = typed;
    } else {
      result[name] = typed;
    }
  }
  for (const value of Object.values(result)) {
    if (Array.isArray(value)) for (let i = 0; i < value.length; i += 1) value[i] ??= {};
  }
  return { ...result };
};
