/** product / products and createProduct / updateProduct / deleteProduct. */
import type { Ctx } from '../context';
import type { ProductRecord } from '../types';
import { type Args, changeFilter, nonBlank, pageArgs, paginate, payload, PayloadError, type ResolverMap } from './common';

const FIELDS = ['name', 'itemCode', 'supplierName', 'serialNumber', 'comments', 'color', 'price', 'cost', 'stockLevel', 'duration',
  'isBookable', 'isVideoConsultation', 'requiresPayment', 'requiresConfirmation'] as const;

function applyProductData(p: ProductRecord, d: Args): void {
  if ('name' in d) d.name = nonBlank(d.name, 'name');
  if (d.price != null && d.price < 0) throw new PayloadError('price cannot be negative');
  if (d.duration != null && (!Number.isInteger(d.duration) || d.duration <= 0)) throw new PayloadError('duration must be a whole number of minutes');
  const record = p as unknown as Record<string, unknown>;
  for (const f of FIELDS) if (f in d && d[f] !== undefined) record[f] = d[f];
  if (typeof d.productType === 'string' && ['appointment', 'service', 'product'].includes(d.productType)) p.kind = d.productType as ProductRecord['kind'];
  // ASSUMPTION: a bookable product (appointment type) needs a duration.
  if (p.isBookable && !p.duration) throw new PayloadError('duration is required for bookable products');
}

function liveProduct(ctx: Ctx, id: unknown): ProductRecord {
  const p = ctx.store.products.get(String(id));
  if (!p || p.deleted) throw new PayloadError('Product not found');
  return p;
}

export const productResolvers: ResolverMap = {
  Query: {
    product: (_p, args, ctx) => {
      const p = ctx.store.products.get(args.id);
      return p && !p.deleted ? p : null;
    },
    products: (_p, args, ctx) => {
      const { page, pageSize } = pageArgs(args.pagination, ctx);
      const term = typeof args.search === 'string' ? args.search.trim().toLowerCase() : '';
      const changed = changeFilter(args.options);
      const includeDeleted = args.options?.includeDeleted === true;
      return paginate(ctx.store.products.values(), (p) => (includeDeleted || !p.deleted) && (!term || p.name.toLowerCase().includes(term)) && changed(p), page, pageSize, ctx);
    },
  },
  Product: {
    // ProductType's enum values are unknown (PLACEHOLDER_UNKNOWN in the SDL), so the sandbox returns null.
    productType: () => null,
    status: () => null,
    labels: () => [],
    appointments: () => [],
    metadata: () => [],
    supplierDisplayName: (p: ProductRecord) => p.supplierName,
  },
  Mutation: {
    createProduct: (_p, args, ctx) => payload(() => {
      const d: Args = { ...args.productData };
      nonBlank(d.name, 'name');
      const now = ctx.nowIso();
      const p: ProductRecord = {
        id: ctx.store.ids.next('product'), kind: 'service', name: '', itemCode: null, price: 0, cost: null, tax: null, stockLevel: null,
        isBookable: false, duration: null, color: null, isVideoConsultation: false, requiresPayment: false, requiresConfirmation: false,
        supplierName: null, serialNumber: null, comments: null, deleted: false, createdAt: now, updatedAt: now,
      };
      applyProductData(p, d);
      ctx.store.products.set(p.id, p);
      return p;
    }),
    updateProduct: (_p, args, ctx) => payload(() => {
      const p = liveProduct(ctx, args.id);
      const copy = { ...p };
      applyProductData(copy, { ...args.productData }); // validate on a copy so a rejected update changes nothing
      Object.assign(p, copy, { updatedAt: ctx.nowIso() });
      return p;
    }),
    // ASSUMPTION: deleteProduct is a soft delete; the product disappears from product/products unless includeDeleted.
    deleteProduct: (_p, args, ctx) => payload(() => {
      const p = liveProduct(ctx, args.id);
      p.deleted = true;
      p.updatedAt = ctx.nowIso();
      return p;
    }),
  },
};
