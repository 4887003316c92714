/** signIn and free-text records (clinical notes). */
import { GraphQLError } from 'graphql';
import type { FreeTextRecordRecord } from '../types';
import { type Args, nonBlank, payload, PayloadError, required, type ResolverMap } from './common';

export const miscResolvers: ResolverMap = {
  Mutation: {
    // SignInPayload has no `error` field, so bad credentials surface as a GraphQL error.
    // ASSUMPTION: Semble's wording/code for bad credentials is unknown.
    signIn: (_p, args, ctx) => {
      const token = ctx.signIn(String(args.email), String(args.password));
      if (!token) throw new GraphQLError('Invalid email or password.', { extensions: { code: 'UNAUTHENTICATED' } });
      return { token };
    },
    createFreeTextRecord: (_p, args, ctx) => payload(() => {
      const d: Args = args.recordData;
      if (!ctx.store.patients.has(d.patientId)) throw new PayloadError('Patient not found');
      const now = ctx.nowIso();
      const record: FreeTextRecordRecord = {
        id: ctx.store.ids.next('record'), patientId: d.patientId, consultationId: d.consultationId ?? null,
        sectionTitle: d.sectionTitle ?? null, question: nonBlank(d.question, 'question'), answer: nonBlank(d.answer, 'answer'),
        createdAt: now, updatedAt: now,
      };
      ctx.store.freeTextRecords.set(record.id, record);
      return record;
    }),
    updateFreeTextRecord: (_p, args, ctx) => payload(() => {
      const record = required(ctx.store.freeTextRecords.get(args.id), 'Record not found');
      const d: Args = args.recordData ?? {};
      const question = d.question != null ? nonBlank(d.question, 'question') : record.question;
      const answer = d.answer != null ? nonBlank(d.answer, 'answer') : record.answer;
      if (!ctx.store.patients.has(record.patientId)) throw new PayloadError('Patient not found');
      Object.assign(record, { question, answer, updatedAt: ctx.nowIso() });
      return record;
    }),
  },
};
