/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- not shipped: the sandbox is a local test server running in plain Node */
/**
 * Loads docs/semble-api/schema.graphql (the contract) and wires the sandbox resolvers
 * onto it. The SDL is served exactly as written; nothing is added to it.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { buildSchema, GraphQLError, type GraphQLSchema, isObjectType } from 'graphql';
import { type Ctx, hasPermission } from './context';
import { availabilityResolvers } from './resolvers/availability';
import { bookingMutationResolvers } from './resolvers/booking-mutations';
import { bookingResolvers } from './resolvers/bookings';
import type { Resolver, ResolverMap } from './resolvers/common';
import { invoiceResolvers } from './resolvers/invoices';
import { miscResolvers } from './resolvers/misc';
import { patientMutationResolvers } from './resolvers/patient-mutations';
import { patientSubresourceResolvers } from './resolvers/patient-subresources';
import { patientResolvers } from './resolvers/patients';
import { practiceResolvers } from './resolvers/practice';
import { productResolvers } from './resolvers/products';
import { webhookResolvers } from './resolvers/webhooks';

const SCHEMA_RELATIVE = path.join('docs', 'semble-api', 'schema.graphql');

/**
 * Walk up from this file's directory: works from sandbox/*.ts (ts-jest), from
 * .build/sandbox/main.js (esbuild bundle) and from any other build output folder.
 */
export function findSchemaFile(startDir: string = __dirname): string {
  const override = process.env.SEMBLE_SANDBOX_SCHEMA;
  if (override) return override;
  let dir = startDir;
  for (;;) {
    const candidate = path.join(dir, SCHEMA_RELATIVE);
    if (existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`Cannot find ${SCHEMA_RELATIVE} above ${startDir}; set SEMBLE_SANDBOX_SCHEMA`);
    dir = parent;
  }
}

export function loadSdl(): string {
  return readFileSync(findSchemaFile(), 'utf8');
}

const ALL: ResolverMap[] = [
  patientResolvers, patientMutationResolvers, patientSubresourceResolvers, bookingResolvers, bookingMutationResolvers,
  availabilityResolvers, practiceResolvers, productResolvers, invoiceResolvers, miscResolvers, webhookResolvers,
];

/** Operations allowed without a token. */
export const PUBLIC_ROOT_FIELDS: ReadonlySet<string> = new Set(['signIn']);

/**
 * ASSUMPTION (NOTES §1): token scope is per query/mutation, so the permission name is the
 * root field name. Semble's exact error wording is unknown; the sandbox uses
 * "Missing permission: <field>" with extensions { code: 'FORBIDDEN', permission }.
 */
export function forbidden(permission: string): GraphQLError {
  return new GraphQLError(`Missing permission: ${permission}`, { extensions: { code: 'FORBIDDEN', permission } });
}

function guardRoot(fieldName: string, resolve: Resolver | undefined, isMutation: boolean): Resolver {
  return (parent, args, ctx: Ctx) => {
    if (!PUBLIC_ROOT_FIELDS.has(fieldName) && !hasPermission(ctx.auth, fieldName)) throw forbidden(fieldName);
    if (isMutation && ctx.forcedPayloadError !== undefined && fieldName !== 'signIn') return { data: null, error: ctx.forcedPayloadError };
    if (!resolve) {
      // Present in the SDL but not simulated: mutations answer in their payload envelope, queries with an error.
      const message = `${fieldName} is not implemented by the Semble sandbox`;
      if (isMutation) return { data: null, error: message };
      throw new GraphQLError(message, { extensions: { code: 'NOT_IMPLEMENTED' } });
    }
    return resolve(parent, args, ctx);
  };
}

let cached: GraphQLSchema | undefined;

export function sandboxSchema(): GraphQLSchema {
  if (cached) return cached;
  const schema = buildSchema(loadSdl());
  const rootResolvers = new Map<string, Resolver>();
  for (const map of ALL) {
    for (const [typeName, fields] of Object.entries(map)) {
      const type = schema.getType(typeName);
      if (!isObjectType(type)) throw new Error(`Resolver for unknown type ${typeName}`);
      for (const [fieldName, resolve] of Object.entries(fields)) {
        const field = type.getFields()[fieldName];
        if (!field) throw new Error(`Resolver for unknown field ${typeName}.${fieldName}`);
        if (typeName === 'Query' || typeName === 'Mutation') rootResolvers.set(`${typeName}.${fieldName}`, resolve);
        else field.resolve = resolve as typeof field.resolve;
      }
    }
  }
  for (const root of [schema.getQueryType(), schema.getMutationType()]) {
    if (!root) continue;
    for (const field of Object.values(root.getFields())) {
      const resolve = rootResolvers.get(`${root.name}.${field.name}`);
      field.resolve = guardRoot(field.name, resolve, root.name === 'Mutation') as typeof field.resolve;
    }
  }
  cached = schema;
  return schema;
}
