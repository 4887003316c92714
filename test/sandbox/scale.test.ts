import { startSandbox } from '../../sandbox';
import { gql } from './helpers';

describe('sandbox at scale', () => {
  it('seeds 100,000 patients and still pages and searches them', async () => {
    // Seeding takes ~1.5-3 s on an idle machine. How long is not asserted here (a busy machine
    // took 10.7 s): speed is measured in bench/, never in timed tests.
    const sb = await startSandbox({ scale: { patients: 100_000 } });
    try {
      expect(sb.store.countPatients()).toBe(100_000);
      expect(sb.store.bookings.size).toBe(40_000); // 2.5 per patient, capped at what 8 clinicians can see
      const last = await gql(sb.url, '{ patients(pagination: { page: 1000, pageSize: 100 }) { data { id } pageInfo { hasMore } } }');
      expect(last.body.data.patients.data).toHaveLength(100);
      expect(last.body.data.patients.pageInfo.hasMore).toBe(false);
      const search = await gql(sb.url, '{ patients(search: "smith", pagination: { page: 1, pageSize: 100 }) { data { lastName email } } }');
      expect(search.body.data.patients.data.length).toBe(100);
    } finally {
      await sb.close();
    }
  }, 30_000);
});
